// Secrets the user has declared harmless (test keys, public sample tokens), from the
// configuration: each entry is an exact secret, or "re:<RE2 pattern>" that must match a whole
// secret. The scanner drops findings the allowlist allows.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace ccsync::secrets {

class Allowlist {
public:
  // The empty allowlist: allows nothing.
  Allowlist() = default;

  // Builds the list from configuration entries. Throws Error{config} naming the entry when a
  // "re:" pattern does not compile. Empty entries are ignored.
  explicit Allowlist(const std::vector<std::string>& entries);

  // True if `secret` (unescaped text) equals an exact entry or fully matches a pattern.
  bool allows(std::string_view secret) const;

  bool
  empty() const noexcept
  {
    return m_exact.empty() && m_patterns.empty();
  }

private:
  std::vector<std::string> m_exact; // sorted
  std::vector<std::shared_ptr<const re2::RE2>> m_patterns;
};

} // namespace ccsync::secrets
