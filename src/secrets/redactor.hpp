// The secrets policy applied to what leaves the machine: a Scanner, the marker key and the policy
// (config key `secrets`) in one object the sync engine passes along. It counts what it finds so
// that the engine can refuse a session (block) or warn about it (warn) once it is planned.
#pragma once

#include "secrets/allowlist.hpp"
#include "secrets/redact.hpp"
#include "secrets/scanner.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

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

  Policy
  policy() const noexcept
  {
    return m_policy;
  }

  // The policy from now on (per project: sync/sharing/secrets_policy.hpp sets it before each
  // session).
  void
  set_policy(Policy policy) noexcept
  {
    m_policy = policy;
  }

  // The policy it was made with (config `secrets`).
  Policy
  default_policy() const noexcept
  {
    return m_default_policy;
  }

  // `text` as it may be written to the repository: under redact and block every secret replaced
  // by its marker (built in `scratch`), under warn and off `text` itself. Every policy but off
  // counts the secrets it sees (found()) unless `count` is Count::no.
  std::string_view apply(std::string_view text, std::string& scratch, Count count = Count::yes);

  // The same, as a string.
  std::string apply(std::string_view text);

  // Secrets seen by apply() since the last reset().
  std::size_t
  found() const noexcept
  {
    return m_found;
  }
  void
  reset() noexcept
  {
    m_found = 0;
  }

  const Scanner&
  scanner() const noexcept
  {
    return m_scanner;
  }

private:
  Policy m_policy;
  Policy m_default_policy;
  Scanner m_scanner;
  MarkerKey m_key;
  std::vector<Finding> m_findings;
  std::size_t m_found = 0;
};

} // namespace ccsync::secrets
