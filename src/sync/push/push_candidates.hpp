// Push's bookkeeping, internal to the sync engine: which local sessions a push considers (and
// which the sync index vouches for without reading them), and what the index remembers after a
// push that landed.
#pragma once

#include "sync/engine.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/push/push_plan.hpp"
#include "sync/sharing/sharing_state.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ccsync::sync {

// The sessions to consider, and what the index is to remember of those push does not share.
struct Found {
  std::vector<Candidate> candidates;
  std::map<std::string, IndexEntry> unshared;
  std::map<std::string, LocalSession> others; // the sessions here that are not candidates
  std::set<std::string> judged;               // ids find_candidates judged (not those only listed)
};

// What judging a session needs; `parent`: it joins as the parent of a session being pushed.
struct Consider {
  const SyncSetup& setup;
  const PushRequest& request;
  const SyncIndex& index;
  SharingPolicy& policy;
  PushReport& report;
  bool parent = false;
};

// The sessions to consider. A session whose files still have the stamps the sync index recorded
// is taken on the index's word (its cwd included) and not read. Sessions that are not shared are
// reported in `report` when the person named them; sessions under no sync directory are in
// report.outside (those skipped for `request.ids` when the index remembers them so).
Found find_candidates(const SyncSetup& setup, const PushRequest& request, const SyncIndex& index,
                      SharingPolicy& policy, PushReport& report);

// Adds session `id`, which the session `child` being pushed continues by pointer (claude-code.md
// §9.2), to the candidates when it is here and shared, named or not, under a sync directory or
// not: a fork resumes only where its parent is. False when it did not join (already a candidate,
// not here, not shared, held back: the report says which).
bool join_parent(Found& found, const std::string& id, const std::string& child,
                 const Consider& how);

// What a push of every session vouches for when nothing was held back: the configuration and
// the memory files and CLAUDE.md as they were when it started (taken before anything is read,
// so a change made while the push runs is seen by the next one).
struct PushBaseline {
  std::uint64_t fingerprint = 0;
  std::map<std::string, FileStamp> memory_files;
};
PushBaseline push_baseline(const SyncSetup& setup);

// What the index remembers after a push that landed: the sessions in sync (those vouched for
// keep their entries), the unshared ones, and `baseline` when there is one. Saves the index.
void update_index(SyncIndex& index, const Found& found, const Snapshot& snapshot,
                  const SyncSetup& setup, const std::optional<PushBaseline>& baseline);

} // namespace ccsync::sync
