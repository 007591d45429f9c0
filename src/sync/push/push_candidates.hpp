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
#include <string>
#include <vector>

namespace ccsync::sync {

// The sessions to consider, and what the index is to remember of those push does not share.
struct Found {
  std::vector<Candidate> candidates;
  std::map<std::string, IndexEntry> unshared;
};

// The sessions to consider. A session whose files still have the stamps the sync index recorded
// is taken on the index's word (its cwd included) and not read. Sessions that are not shared are
// reported in `report` when the person named them; sessions under no sync directory are in
// report.outside (those skipped for `request.ids` when the index remembers them so).
Found find_candidates(const SyncSetup& setup, const PushRequest& request, const SyncIndex& index,
                      SharingPolicy& policy, PushReport& report);

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
