// The facts the sharing decision (sharing.hpp) needs, where they live:
//   forgotten.json in the repository     {"<session id>": {"by", "at", "project"}} (ccsync forget)
//   this machine's marks                 local-sessions.json, .ccsync-ignore (marks.hpp)
// and the policy push, pull and the catalogue ask, session by session.
#pragma once

#include "sync/engine.hpp"
#include "sync/sharing/marks.hpp"
#include "sync/sharing/sharing.hpp"
#include "sync/store/snapshot.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace ccsync::sync {

inline constexpr const char* k_forgotten_file = "forgotten.json";

// The sessions the repository's forgotten.json names (a damaged file names none and is logged).
std::set<std::string> forgotten_ids(const Snapshot& snapshot);

struct ForgottenSession {
  std::string id;
  std::string project; // its portable project path
};

// The change to forgotten.json that adds `add` (by `machine_id`, now) and removes `lift`;
// nothing when it would not change.
std::optional<git::Change> forgotten_change(const Snapshot& snapshot,
                                            const std::vector<ForgottenSession>& add,
                                            const std::set<std::string>& lift,
                                            const std::string& machine_id);

// The sharing rules of this machine (exclude, local ids) and of `snapshot` (forgotten ids),
// asked per session; ignore-file lookups are remembered per directory.
class SharingPolicy {
public:
  SharingPolicy(const SyncSetup& setup, const Snapshot& snapshot);

  // The decision for session `id` whose working directory here is `cwd`.
  Sharing judge(const std::string& id, const std::string& cwd);

  // The same with the repository's forgotten ids taken from `snapshot` (a newer one).
  void refresh_forgotten(const Snapshot& snapshot);

private:
  const paths::Placeholders& m_placeholders;
  SharingRules m_rules;
  std::map<std::string, bool> m_ignore_files;
};

} // namespace ccsync::sync
