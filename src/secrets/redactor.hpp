// The secrets policy applied to what leaves the machine. A Redactor holds what every project
// shares: the Scanner, the marker key and the configured policy (config key `secrets`); it never
// changes once made. A Redaction is that redactor under one project's policy (config
// `secrets_projects`, chosen by sync/sharing/secrets_policy.hpp's redaction_for): nothing can be
// redacted without saying under which policy, so no project is redacted under another's. A
// Redaction counts what it finds, so that the engine can refuse a session (block) or warn about
// it (warn) once it is planned.
#pragma once

#include "secrets/allowlist.hpp"
#include "secrets/redact.hpp"
#include "secrets/scanner.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::secrets {

// What push does with a secret: replace it by a marker (redact, the default), refuse the session
// (block), push it verbatim with a warning (warn), or not look (off).
enum class Policy { redact, block, warn, off };

// Whether apply() counts what it finds: not when it only compares with what was stored before.
enum class Count { yes, no };

// The policy called `name` ("redact", "block", "warn", "off"), or nothing.
std::optional<Policy> parse_policy(std::string_view name);

class Redactor {
public:
  Redactor(Policy policy, Allowlist allowlist, MarkerKey key);

  // The policy it was made with (config `secrets`): a project's when secrets_projects names none.
  Policy
  default_policy() const noexcept
  {
    return m_default_policy;
  }

  const Scanner&
  scanner() const noexcept
  {
    return m_scanner;
  }

  const MarkerKey&
  key() const noexcept
  {
    return m_key;
  }

private:
  Policy m_default_policy;
  Scanner m_scanner;
  MarkerKey m_key;
};

// A redactor under one project's policy, for one session or one memory folder at a time (it
// counts what it finds there). Made without a redactor, it is the policy off: nothing is scanned.
class Redaction {
public:
  Redaction() = default;
  Redaction(const Redactor& redactor, Policy policy) noexcept
      : m_redactor(&redactor)
      , m_policy(policy)
  {}

  Policy
  policy() const noexcept
  {
    return m_redactor == nullptr ? Policy::off : m_policy;
  }

  // `text` as it may be written to the repository: under redact and block every secret replaced
  // by its marker (built in `scratch`), under warn and off `text` itself. Every policy but off
  // counts the secrets it sees (found()) unless `count` is Count::no.
  std::string_view apply(std::string_view text, std::string& scratch, Count count = Count::yes);

  // The same, as a string.
  std::string apply(std::string_view text);

  // The secrets of the whole of `text` (none under the policy off).
  std::vector<Finding> scan(std::string_view text) const;

  // Secrets seen by apply() since this redaction was made.
  std::size_t
  found() const noexcept
  {
    return m_found;
  }

  // The scanner, whatever the policy (reports list secrets even where the policy is off); null
  // without a redactor.
  const Scanner*
  scanner() const noexcept
  {
    return m_redactor == nullptr ? nullptr : &m_redactor->scanner();
  }

private:
  const Redactor* m_redactor = nullptr;
  Policy m_policy = Policy::off;
  std::vector<Finding> m_findings; // apply()'s, kept to spare an allocation per line
  std::size_t m_found = 0;
};

} // namespace ccsync::secrets
