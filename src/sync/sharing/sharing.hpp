// What is shared: the one decision every push, pull and listing asks about a session ("may it
// go to the repository / come from it?"), as a pure function over the facts gathered elsewhere
// (sharing_state.hpp gathers them). A session is not shared when
//   - it was forgotten (the repository's forgotten.json names it: `ccsync forget`),
//   - this machine marked it local (`ccsync local`),
//   - its project matches an `exclude` pattern, or
//   - its project directory (or one above it) holds a `.ccsync-ignore` file.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::paths {
class Placeholders;
}

namespace ccsync::sync {

enum class NotShared { no, forgotten, local, excluded, ignore_file };

// A stable name for JSON and reports: "", "forgotten", "local", "excluded", "ignore-file".
const char* to_string(NotShared reason) noexcept;

// One `exclude` entry: as configured ("{{HOME}}/clients/**") and expanded with this machine's
// placeholders ("" when a placeholder in it has no path here).
struct ExcludePattern {
  std::string configured;
  std::string expanded;
};

// The `exclude` entries of the configuration, expanded for this machine.
std::vector<ExcludePattern> expand_excludes(const std::vector<std::string>& patterns,
                                            const paths::Placeholders& placeholders);

struct SharingRules {
  std::vector<ExcludePattern> exclude;
  std::set<std::string> local_ids;     // marked with `ccsync local`
  std::set<std::string> forgotten_ids; // the repository's forgotten.json
};

// What is known of one session's project.
struct ProjectFacts {
  std::string cwd;      // on this machine ("" when unknown)
  std::string portable; // its placeholder form ("{{HOME}}/src/app"; "" when unknown)
  bool ignore_file = false;
};

struct Sharing {
  NotShared reason = NotShared::no;
  std::string detail; // the exclude pattern that matched, or the ignore file's directory

  bool
  shared() const noexcept
  {
    return reason == NotShared::no;
  }
};

// The decision for session `id` in `project`. A pattern matches the project directory or one of
// its ancestors, compared with the cwd (expanded form) and with the portable path (as configured).
Sharing decide_sharing(const SharingRules& rules, std::string_view id, const ProjectFacts& project);

// A person's words for the decision ("excluded by {{HOME}}/clients/**").
std::string sharing_words(const Sharing& sharing);

} // namespace ccsync::sync
