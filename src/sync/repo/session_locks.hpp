// Session locks in the sync repository: one ref per session, refs/ccsync/locks/<session id>,
// whose commit holds lock.json. Acquire, heartbeat and release push that ref without force, so of
// any number of machines racing, exactly one push lands; the others are rejected, fetch, and
// re-decide on what they now see. Lock commits never touch the branch that holds the sessions.
#pragma once

#include "lock/lock_record.hpp"
#include "sync/decisions.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/sync_repo.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

std::string lock_ref(const std::string& session_id);

struct LockSettings {
  std::int64_t ttl = 600;
  std::int64_t clock_skew = 60;
};

// The answer when another machine holds the lock and it has not expired.
enum class Takeover {
  take,    // take it over (--yes, or a person said yes)
  decline, // a person said no: a value, nothing is written (Acquired::declined)
  refuse,  // no one to ask (no terminal, a hook, the daemon): Error{busy} naming the holder
};
using TakeoverPolicy = std::function<Takeover(const lock::LockRecord& holder)>;

enum class Acquired { acquired, extended, taken_over, declined };

struct AcquireOutcome {
  Acquired kind = Acquired::acquired;
  lock::LockRecord record;
  std::optional<lock::LockRecord> previous;
};

// Takes (or, when this machine holds it, extends) the lock of `session_id` for `me`, and notes
// its fencing token and expiry in this machine's record (local/held_locks.hpp). A lock held
// by another machine is taken only if `takeover` says so; declined, the outcome says so (and
// its record is the holder's); refused, Error{busy} (exit 75) naming the holder.
// Error{conflict} when the race could not be settled in a few attempts.
AcquireOutcome acquire_lock(SyncRepo& repo, const std::string& session_id, const lock::Holder& me,
                            const LockSettings& settings, const TakeoverPolicy& takeover);

// Every readable lock record of the remote (held and released), after fetching. Damaged ones
// are left out and their session ids added to `damaged` (when given).
std::vector<lock::LockRecord> list_locks(SyncRepo& repo,
                                         std::vector<std::string>* damaged = nullptr);
// The same as of the last fetch (offline).
std::vector<lock::LockRecord> known_locks(const SyncRepo& repo,
                                          std::vector<std::string>* damaged = nullptr);

// Releases the lock of `session_id`; a lock held by another machine needs Force::yes (else
// Error{usage}). False when it was not held. With Force::yes a damaged lock is repaired: it is
// replaced by a released record whose fencing token is above every token its history shows
// (or, with no readable history, the current time in seconds, which is above any counter).
bool release_lock(SyncRepo& repo, const std::string& session_id, const std::string& machine_id,
                  Force force);

// Releases `record`'s lock only if it is still exactly that holding (same token, same holder);
// used by cleanup and update so that a lock renewed meanwhile is left alone.
bool release_if_unchanged(SyncRepo& repo, const lock::LockRecord& record);

// Releases the lock of `session_id` if `machine_id` holds it for process `pid` (any process of
// that machine when `pid` is 0): a lock taken meanwhile by another process or machine stays.
// False when there was nothing to release.
bool release_if_held_by(SyncRepo& repo, const std::string& session_id,
                        const std::string& machine_id, long pid);

// The timing to judge another machine's lock of `session_id` by before taking or removing it:
// now, the settings, and how long this machine has watched that lock unchanged (lock::Timing).
lock::Timing judging_timing(const SyncRepo& repo, const std::string& session_id,
                            const LockSettings& settings);

// Notes the lock commits of the last fetch in this machine's sightings (local/lock_sightings.hpp).
void record_lock_sightings(const SyncRepo& repo);

// The lock of `session_id` as of the last refresh: its record, none, or damaged (a ref that is
// not a commit holding a readable lock.json).
LockView current_lock(const SyncRepo& repo, const std::string& session_id);

} // namespace ccsync::sync
