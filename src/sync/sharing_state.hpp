// The facts the sharing decision (sharing.hpp) needs, where they live:
//   <ccsync home>/local-sessions.json   {"<session id>": "<when marked>"}   (ccsync local / share)
//   forgotten.json in the repository     {"<session id>": {"by", "at", "project"}} (ccsync forget)
//   .ccsync-ignore                        in a project directory or one above it
// and the policy push, pull and the catalogue ask, session by session.
#pragma once

#include "sync/engine.hpp"
#include "sync/sharing.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace ccsync::sync {

inline constexpr const char* k_forgotten_file = "forgotten.json";
inline constexpr const char* k_ignore_file = ".ccsync-ignore";

// <ccsync home>/local-sessions.json
std::filesystem::path local_ids_file(const std::filesystem::path& ccsync_home);

// The sessions marked local on this machine. A damaged file throws Error{config}: reading it as
// empty would share what the person asked to keep.
std::set<std::string> load_local_ids(const std::filesystem::path& ccsync_home);

// Marks `id` local (`local` true) or shared again, atomically. True when that changed anything.
bool mark_local(const std::filesystem::path& ccsync_home, const std::string& id, bool local);

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

// True when `cwd` or a directory above it holds a .ccsync-ignore file.
bool has_ignore_file(const std::string& cwd);

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
