// The policy objects: scan, count, and replace secrets by markers where the policy says so.
#include "secrets/redactor.hpp"

#include <array>
#include <utility>

namespace ccsync::secrets {

std::optional<Policy>
parse_policy(std::string_view name)
{
  constexpr std::array<std::pair<std::string_view, Policy>, 4> k_names = {{
    {"redact", Policy::redact},
    {"block", Policy::block},
    {"warn", Policy::warn},
    {"off", Policy::off},
  }};
  for (const auto& [text, policy] : k_names) {
    if (text == name) {
      return policy;
    }
  }
  return std::nullopt;
}

Redactor::Redactor(Policy policy, Allowlist allowlist, MarkerKey key)
    : m_default_policy(policy)
    , m_scanner(std::move(allowlist))
    , m_key(std::move(key))
{}

std::string_view
Redaction::apply(std::string_view text, std::string& scratch, Count count)
{
  if (policy() == Policy::off) {
    return text;
  }
  m_findings.clear();
  m_redactor->scanner().scan(text, 0, m_findings);
  m_found += count == Count::yes ? m_findings.size() : 0;
  if (m_findings.empty() || m_policy == Policy::warn) {
    return text;
  }
  scratch = redact(text, m_findings, m_redactor->key());
  return scratch;
}

std::string
Redaction::apply(std::string_view text)
{
  std::string scratch;
  return std::string(apply(text, scratch));
}

std::vector<Finding>
Redaction::scan(std::string_view text) const
{
  return policy() == Policy::off ? std::vector<Finding>{} : m_redactor->scanner().scan(text);
}

} // namespace ccsync::secrets
