// The allowlist: exact entries in a sorted vector, "re:" entries compiled with RE2 (UTF-8, as
// the configuration is) and matched against the whole secret.
#include "secrets/allowlist.hpp"

#include "util/error.hpp"

#include <re2/re2.h>

#include <algorithm>

namespace ccsync::secrets {

namespace {

constexpr std::string_view k_pattern_prefix = "re:";

std::shared_ptr<const re2::RE2>
compile(const std::string& entry)
{
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(entry.substr(k_pattern_prefix.size()), options);
  if (!re->ok()) {
    throw Error(ErrorKind::config, "secrets allowlist entry '" + entry + "': " + re->error(),
                "write a valid RE2 pattern after 're:', or drop the 're:' for an exact secret");
  }
  return re;
}

} // namespace

Allowlist::Allowlist(const std::vector<std::string>& entries)
{
  for (const std::string& entry : entries) {
    if (entry.empty()) {
      continue;
    }
    if (std::string_view(entry).starts_with(k_pattern_prefix)) {
      m_patterns.push_back(compile(entry));
    } else {
      m_exact.push_back(entry);
    }
  }
  std::sort(m_exact.begin(), m_exact.end());
}

bool
Allowlist::allows(std::string_view secret) const
{
  if (std::binary_search(m_exact.begin(), m_exact.end(), secret, std::less<>())) {
    return true;
  }
  const re2::StringPiece text(secret.data(), secret.size());
  return std::any_of(m_patterns.begin(), m_patterns.end(),
                     [&](const auto& re) { return re2::RE2::FullMatch(text, *re); });
}

} // namespace ccsync::secrets
