#include "sync/sharing/secrets_policy.hpp"

#include "paths/glob.hpp"

#include <set>

namespace ccsync::sync {

namespace {

bool
covers(const SyncSetup& setup, const std::string& pattern, const std::string& cwd)
{
  std::set<std::string> missing;
  const std::string expanded = setup.placeholders->expand(pattern, &missing);
  if (missing.empty() && paths::glob_covers(expanded, cwd)) {
    return true;
  }
  return paths::glob_covers(pattern, setup.placeholders->portable_path(cwd));
}

} // namespace

std::optional<std::string>
secrets_policy_for(const SyncSetup& setup, const std::string& cwd)
{
  if (!cwd.empty() && setup.placeholders != nullptr) {
    for (const auto& [pattern, policy] : setup.secrets_projects) {
      if (covers(setup, pattern, cwd)) {
        return policy;
      }
    }
  }
  return std::nullopt;
}

secrets::Redaction
redaction_for(const SyncSetup& setup, const std::string& cwd)
{
  if (setup.redactor == nullptr) {
    return {};
  }
  const auto project = secrets_policy_for(setup, cwd);
  const auto policy = project ? secrets::parse_policy(*project) : std::nullopt;
  return {*setup.redactor, policy.value_or(setup.redactor->default_policy())};
}

} // namespace ccsync::sync
