// `ccsync forget`: what removing a session or a project from the branch tip changes in the
// repository. The session folders and the project's memory are deleted, and forgotten.json
// records the sessions (sharing_state.hpp) so that machines which still have them do not push
// them again. History is not rewritten: older commits keep what they held.
#pragma once

#include "sync/sharing/sharing_state.hpp"
#include "sync/store/snapshot.hpp"

#include <string>
#include <vector>

namespace ccsync::sync {

struct ForgetTarget {
  std::string session_id; // one session, or
  std::string project;    // every session whose portable project is this one or lies below it
};

struct ForgetPlan {
  std::vector<ForgottenSession> sessions; // in the repository's tip, to delete
  std::vector<std::string> memory;        // memory keys (portable projects) to delete
  std::vector<git::Change> changes;       // the deletions and the forgotten.json update
};

// True when the portable project path `project` is `root` or lies below it.
bool is_within_project(std::string_view project, std::string_view root);

// The plan for `target` against `snapshot`, recorded as forgotten by `machine_id`.
ForgetPlan plan_forget(const Snapshot& snapshot, const ForgetTarget& target,
                       const std::string& machine_id);

} // namespace ccsync::sync
