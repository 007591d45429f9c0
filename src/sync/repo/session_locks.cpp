// Lock transactions on refs/ccsync/locks/<session id>.
#include "sync/repo/session_locks.hpp"

#include "sync/local/held_locks.hpp"
#include "sync/local/lock_sightings.hpp"
#include "sync/local/state.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::sync {
namespace {

constexpr const char* k_lock_file = "lock.json";

std::vector<git::Change> write_lock(const lock::LockRecord& record);

// The lock in `snapshot` (the commit a lock ref points to): damaged when the ref is not a commit,
// or its lock.json is unreadable or about another session. A commit with nothing in it is no
// lock: earlier versions pushed such an empty commit when an offline session's release found no
// lock (issue 22); the next acquire simply builds on it.
LockView
read_lock(const Snapshot& snapshot, const std::string& session_id)
{
  if (snapshot.empty()) {
    return {};
  }
  try {
    if (snapshot.list("").empty()) {
      return {};
    }
    const auto text = snapshot.read(k_lock_file);
    auto record = text ? lock::parse_lock(*text) : std::nullopt;
    if (record && record->session_id == session_id) {
      return {std::move(record), false};
    }
  } catch (const Error& e) {
    spdlog::warn("lock of {}: {}", session_id, e.what());
  }
  return {std::nullopt, true};
}

Error
damaged_error(const std::string& session_id)
{
  return Error(ErrorKind::git,
               "the lock of session " + session_id + " in the sync repository is damaged",
               "repair it with 'ccsync lock release " + session_id +
                 " --force' (other sessions are not affected)");
}

// The highest fencing token in the history of a damaged lock ref, or the time in seconds when
// the history shows none (no counter of holder changes ever comes near it).
std::uint64_t
token_floor(const SyncRepo& repo, const std::string& session_id)
{
  const std::string ref = lock_ref(session_id);
  std::optional<std::string> commit = repo.current(ref).commit();
  std::uint64_t highest = 0;
  for (int depth = 0; commit && depth < 1000; ++depth, commit = repo.first_parent(ref, *commit)) {
    const LockView view = read_lock(repo.snapshot_of(ref, *commit), session_id);
    if (view.record) {
      highest = std::max(highest, view.record->token);
    }
  }
  return highest > 0 ? highest : static_cast<std::uint64_t>(util::now_epoch());
}

void
repair_lock(SyncRepo& repo, const std::string& session_id, const std::string& machine_id)
{
  lock::LockRecord record;
  record.session_id = session_id;
  record.holder.machine_id = machine_id;
  record.token = lock::next_token(token_floor(repo, session_id));
  record = lock::released(record, util::now_epoch());
  repo.replace_ref(lock_ref(session_id), "lock: " + machine_id + " repairs " + session_id,
                   write_lock(record));
  spdlog::warn("lock of {} repaired by {} (fencing token {})", session_id, machine_id,
               record.token);
}

void
require_valid(const std::string& session_id)
{
  if (!lock::is_valid_session_id(session_id)) {
    throw Error(ErrorKind::usage, "'" + session_id + "' is not a session id",
                "session ids use letters, digits, '-' and '_'");
  }
}

Error
busy_error(const lock::LockRecord& holder)
{
  return Error(ErrorKind::busy,
               "session " + holder.session_id + " is locked by " + holder.holder.machine_id +
                 " since " + util::format_epoch(holder.acquired_at) + " (expires " +
                 util::format_epoch(holder.expires_at) + ")",
               "take it over with --yes, run 'ccsync update' on " + holder.holder.machine_id +
                 ", or 'ccsync lock release " + holder.session_id + " --force'");
}

std::vector<git::Change>
write_lock(const lock::LockRecord& record)
{
  return {git::Change{k_lock_file, lock::to_json(record)}};
}

// The timing to judge the lock in `snapshot` by, with how long this machine has watched it.
lock::Timing
watched_timing(const SyncRepo& repo, const Snapshot& snapshot, const std::string& session_id,
               const LockSettings& settings)
{
  const std::int64_t now = util::now_epoch();
  const std::int64_t watched =
    snapshot.commit() ? watched_for(repo.dirs().ccsync_home, session_id, *snapshot.commit(), now)
                      : 0;
  return {now, settings.ttl, settings.clock_skew, watched};
}

} // namespace

lock::Timing
judging_timing(const SyncRepo& repo, const std::string& session_id, const LockSettings& settings)
{
  return watched_timing(repo, repo.current(lock_ref(session_id)), session_id, settings);
}

void
record_lock_sightings(const SyncRepo& repo)
{
  std::map<std::string, std::string> commits;
  for (const auto& ref : repo.remote_refs(k_locks_prefix)) {
    if (const auto commit = repo.current(ref).commit()) {
      commits[ref.substr(std::string_view(k_locks_prefix).size())] = *commit;
    }
  }
  note_lock_sightings(repo.dirs().ccsync_home, commits, util::now_epoch());
}

std::string
lock_ref(const std::string& session_id)
{
  return k_locks_prefix + session_id;
}

AcquireOutcome
acquire_lock(SyncRepo& repo, const std::string& session_id, const lock::Holder& me,
             const LockSettings& settings, const TakeoverPolicy& takeover)
{
  require_valid(session_id);
  AcquireOutcome outcome;
  repo.edit_ref(lock_ref(session_id), "lock: " + me.machine_id + " takes " + session_id,
                [&](const Snapshot& snapshot) {
                  const lock::Timing timing = watched_timing(repo, snapshot, session_id, settings);
                  const LockView view = read_lock(snapshot, session_id);
                  if (view.damaged) {
                    throw damaged_error(session_id);
                  }
                  const auto& current = view.record;
                  const lock::Status status = lock::classify(current, me.machine_id, timing);
                  const Takeover answer =
                    status == lock::Status::other_active ? takeover(*current) : Takeover::take;
                  if (answer == Takeover::refuse) {
                    throw busy_error(*current);
                  }
                  if (answer == Takeover::decline) {
                    outcome = {Acquired::declined, *current, current};
                    return std::vector<git::Change>{};
                  }
                  outcome.previous = current;
                  outcome.record = lock::acquired(current, session_id, me, timing);
                  outcome.kind =
                    status == lock::Status::mine || status == lock::Status::mine_expired
                      ? Acquired::extended
                    : status == lock::Status::other_active ? Acquired::taken_over
                                                           : Acquired::acquired;
                  return write_lock(outcome.record);
                });
  if (outcome.kind == Acquired::declined) {
    spdlog::info("lock {}: taking it over from {} was declined", session_id,
                 outcome.record.holder.machine_id);
    return outcome;
  }
  note_lock_held(repo.dirs().ccsync_home, session_id, outcome.record.token,
                 outcome.record.expires_at);
  spdlog::info("lock {} held by {} with token {} until {}", session_id, me.machine_id,
               outcome.record.token, util::format_epoch(outcome.record.expires_at));
  return outcome;
}

std::vector<lock::LockRecord>
list_locks(SyncRepo& repo, std::vector<std::string>* damaged)
{
  repo.refresh();
  return known_locks(repo, damaged);
}

std::vector<lock::LockRecord>
known_locks(const SyncRepo& repo, std::vector<std::string>* damaged)
{
  std::vector<lock::LockRecord> locks;
  for (const auto& ref : repo.remote_refs(k_locks_prefix)) {
    const std::string session_id = ref.substr(std::string(k_locks_prefix).size());
    LockView view = read_lock(repo.current(ref), session_id);
    if (view.record) {
      locks.push_back(std::move(*view.record));
    } else if (damaged != nullptr) {
      damaged->push_back(session_id);
    }
  }
  return locks;
}

bool
release_lock(SyncRepo& repo, const std::string& session_id, const std::string& machine_id,
             Force force)
{
  require_valid(session_id);
  repo.refresh();
  if (read_lock(repo.current(lock_ref(session_id)), session_id).damaged) {
    if (force == Force::no) {
      throw damaged_error(session_id);
    }
    repair_lock(repo, session_id, machine_id);
    return true;
  }
  bool was_held = false;
  repo.edit_ref(lock_ref(session_id), "lock: " + machine_id + " releases " + session_id,
                [&](const Snapshot& snapshot) -> std::vector<git::Change> {
                  const LockView view = read_lock(snapshot, session_id);
                  if (view.damaged) {
                    throw damaged_error(session_id);
                  }
                  const auto& current = view.record;
                  was_held = current && current->held;
                  if (!was_held) {
                    return {};
                  }
                  if (current->holder.machine_id != machine_id && force == Force::no) {
                    throw Error(ErrorKind::usage,
                                "session " + session_id + " is locked by " +
                                  current->holder.machine_id + ", not by this machine",
                                "add --force to release another machine's lock");
                  }
                  return write_lock(lock::released(*current, util::now_epoch()));
                });
  return was_held;
}

bool
release_if_unchanged(SyncRepo& repo, const lock::LockRecord& record)
{
  bool released = false;
  repo.edit_ref(lock_ref(record.session_id), "lock: release " + record.session_id,
                [&](const Snapshot& snapshot) -> std::vector<git::Change> {
                  const auto current = read_lock(snapshot, record.session_id).record;
                  released = current && current->held && current->token == record.token &&
                             current->heartbeat_at == record.heartbeat_at &&
                             current->holder.machine_id == record.holder.machine_id;
                  if (!released) {
                    return {};
                  }
                  return write_lock(lock::released(*current, util::now_epoch()));
                });
  return released;
}

bool
release_if_held_by(SyncRepo& repo, const std::string& session_id, const std::string& machine_id,
                   long pid)
{
  require_valid(session_id);
  bool released = false;
  repo.edit_ref(lock_ref(session_id), "lock: " + machine_id + " releases " + session_id,
                [&](const Snapshot& snapshot) -> std::vector<git::Change> {
                  const auto current = read_lock(snapshot, session_id).record;
                  released = current && current->held && current->holder.machine_id == machine_id &&
                             (pid == 0 || current->holder.pid == pid);
                  if (!released) {
                    return {};
                  }
                  return write_lock(lock::released(*current, util::now_epoch()));
                });
  return released;
}

LockView
current_lock(const SyncRepo& repo, const std::string& session_id)
{
  if (!lock::is_valid_session_id(session_id)) {
    return {};
  }
  return read_lock(repo.current(lock_ref(session_id)), session_id);
}

} // namespace ccsync::sync
