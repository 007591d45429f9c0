// The sharing decision (pure) and the expansion of exclude patterns.
#include "sync/sharing/sharing.hpp"

#include "paths/glob.hpp"
#include "paths/placeholders.hpp"

namespace ccsync::sync {

const char*
to_string(NotShared reason) noexcept
{
  switch (reason) {
  case NotShared::no: return "";
  case NotShared::forgotten: return "forgotten";
  case NotShared::local: return "local";
  case NotShared::excluded: return "excluded";
  case NotShared::ignore_file: return "ignore-file";
  }
  return "";
}

std::vector<ExcludePattern>
expand_excludes(const std::vector<std::string>& patterns, const paths::Placeholders& placeholders)
{
  std::vector<ExcludePattern> expanded;
  for (const auto& pattern : patterns) {
    std::set<std::string> missing;
    std::string local = placeholders.expand(pattern, &missing);
    expanded.push_back({pattern, missing.empty() ? std::move(local) : std::string()});
  }
  return expanded;
}

Sharing
decide_sharing(const SharingRules& rules, std::string_view id, const ProjectFacts& project)
{
  const std::string key(id);
  if (rules.forgotten_ids.contains(key)) {
    return {NotShared::forgotten, ""};
  }
  if (rules.local_ids.contains(key)) {
    return {NotShared::local, ""};
  }
  for (const auto& pattern : rules.exclude) {
    const bool by_cwd = !pattern.expanded.empty() && !project.cwd.empty() &&
                        paths::glob_covers(pattern.expanded, project.cwd);
    const bool by_portable =
      !project.portable.empty() && paths::glob_covers(pattern.configured, project.portable);
    if (by_cwd || by_portable) {
      return {NotShared::excluded, pattern.configured};
    }
  }
  if (project.ignore_file) {
    return {NotShared::ignore_file, project.cwd};
  }
  return {};
}

std::string
sharing_words(const Sharing& sharing)
{
  switch (sharing.reason) {
  case NotShared::no: return "shared";
  case NotShared::forgotten: return "forgotten (ccsync forget); not shared";
  case NotShared::local: return "local to this machine (ccsync local); 'ccsync share' undoes it";
  case NotShared::excluded: return "excluded by " + sharing.detail;
  case NotShared::ignore_file: return "excluded by a .ccsync-ignore file (" + sharing.detail + ")";
  }
  return "shared";
}

} // namespace ccsync::sync
