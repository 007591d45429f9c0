// Planning a push, one session at a time, against a snapshot of the remote (pure but for reading
// sidecar files): what to write, or why not. Internal to the sync engine.
#pragma once

#include "lock/lock_record.hpp"
#include "sync/engine.hpp"
#include "sync/local_sessions.hpp"
#include "sync/push_index.hpp"
#include "sync/session_store.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

struct Candidate {
  LocalSession session;
  std::string content; // the local transcript (read only when the push index cannot vouch)
  bool content_read = false;
  std::string cwd;
  std::string fork_id;    // used if this push has to keep the lines as a fork
  IndexEntry stamps;      // the files' stat() before they were read
  bool stat_unchanged = false; // the push index's entry matches `stamps`
  std::uint64_t indexed_meta_hash = 0;
  bool in_sync = false;        // after planning: the repository holds exactly this session
  std::optional<IndexEntry> indexed; // the push index's entry, stamps matching or not
  bool tail_only = false;            // planned from its new tail alone
  std::uint64_t pushed_bytes = 0;    // for the index after this push (see IndexEntry)
  std::uint64_t tail_hash = 0;
};

// What the session's lock says about pushing it.
enum class Fence {
  open,  // no lock, an expired one, or this machine's
  taken, // another machine holds it and this machine never did: leave the session alone
  stale, // another machine took it over from this machine: keep the local lines as a fork
};

Fence fence_for(const std::optional<lock::LockRecord>& lock, const std::string& machine_id,
                std::optional<std::uint64_t> my_token, std::int64_t clock_skew);

// Done after the push landed: the fork's local file, and the original reset to the remote copy.
struct AfterPush {
  std::filesystem::path fork_file;
  std::string fork_content;
  std::filesystem::path original_file;
  std::string original_content;
  std::string fork_id;
  std::string origin_id;
};

struct Plan {
  SessionReport report;
  std::vector<git::Change> changes;
  std::optional<AfterPush> after;
  bool skip = false;
};

// The quick plan for a transcript that only grew since this machine pushed it and whose
// repository copy has not changed since: reads the new tail, the last chunk, nothing else.
// Nothing when that cannot be vouched for (then plan_session reads everything).
std::optional<Plan> plan_append(const Snapshot& snapshot, Candidate& candidate,
                                const SyncSetup& setup);

// Sets the candidate's pushed_bytes and tail_hash from its (wholly read) content.
void note_pushed(Candidate& candidate);

Plan plan_session(const Snapshot& snapshot, const Candidate& candidate, Fence fence,
                  const SyncSetup& setup, const std::map<std::string, std::string>& forks);

} // namespace ccsync::sync
