// Planning a push, one session at a time, against a snapshot of the repository: what to write
// (chunks go into blobs as they are cut, so memory stays bounded whatever the transcript's size),
// or why nothing. Internal to the sync engine; the decisions themselves are in decisions.hpp.
#pragma once

#include "sync/chunk_writer.hpp"
#include "sync/decisions.hpp"
#include "sync/engine.hpp"
#include "sync/local_sessions.hpp"
#include "sync/session_store.hpp"
#include "sync/sync_index.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

struct Candidate {
  LocalSession session;
  IndexEntry stamps;                 // the files' stat() before they were read
  std::optional<IndexEntry> indexed; // the push index's entry (same project folder)
  bool stat_unchanged = false;       // ... and its stamps match `stamps`
  std::string cwd;
  std::string fork_id;            // used if this push has to keep the lines as a new fork
  bool in_sync = false;           // after planning: the repository holds exactly this session
  bool vouched = false;           // ... known from the index alone (nothing was read)
  bool tail_only = false;         // planned from its new tail alone
  bool read_whole = false;        // planned by reading the whole transcript
  std::uint64_t pushed_bytes = 0; // for the index after this push (see IndexEntry)
  std::uint64_t tail_hash = 0;
};

struct Plan {
  SessionReport report;
  std::vector<git::Change> changes;
  bool skip = false;                  // nothing to write
  std::optional<std::string> fork_of; // a fork to record (forks.json) once the push landed
};

// What a plan needs besides the candidate.
struct PlanContext {
  const Snapshot& snapshot;
  const SyncSetup& setup;
  const BlobWriter& write_blob;
  const std::map<std::string, std::string>& forks; // fork id -> origin id (forks.json)
};

// The quick plan for a transcript that only grew since this machine pushed it and whose
// repository copy has not changed since: reads the new tail and the last chunk, nothing else.
// Nothing when that cannot be vouched for (then plan_session reads everything).
std::optional<Plan> plan_append(const PlanContext& context, Candidate& candidate);

// The full plan: compares the whole transcript with the repository's copy and decides.
Plan plan_session(const PlanContext& context, Candidate& candidate, Fence fence,
                  const std::string& lock_holder);

} // namespace ccsync::sync
