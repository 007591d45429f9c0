// A session lock as stored in the sync repository (lock.json on refs/ccsync/locks/<session>),
// and the pure rules that decide who may take it. No I/O here: sync/session_locks runs them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ccsync::lock {

// Who holds (or wants) a lock.
struct Holder {
  std::string machine_id;
  std::string hostname;
  long pid = 0;                   // the process the lock belongs to
  std::int64_t process_start = 0; // its start time, to tell it from a reused pid
};

struct LockRecord {
  std::string session_id;
  bool held = false; // false: released (the record stays, so the fencing token keeps counting)
  Holder holder;
  std::int64_t acquired_at = 0; // seconds since the epoch
  std::int64_t heartbeat_at = 0;
  std::int64_t expires_at = 0;
  std::uint64_t token = 0; // fencing token: grows with every change of holder
};

std::string to_json(const LockRecord& record);
// The record in `text`, or nothing when it is not a lock record.
std::optional<LockRecord> parse_lock(const std::string& text);

// Timing rules. Clocks differ between machines: another machine's lock counts as expired only
// `clock_skew` seconds after its expiry time, so a holder whose clock is behind by up to that
// much never loses its lock while it heartbeats.
struct Timing {
  std::int64_t now = 0;
  std::int64_t ttl = 600;
  std::int64_t clock_skew = 60;
  // How long this machine has seen the record unchanged, by its own clock (-1: not known). When
  // known, another machine's lock expires here only once it has been watched for the lease it
  // declares (its expiry after its heartbeat, at most `ttl`): wall clocks that disagree (one
  // machine five minutes behind) then cannot take a fresh lock.
  std::int64_t watched = -1;
};

enum class Status {
  free,          // no lock, or released
  mine,          // held by this machine, not expired
  mine_expired,  // held by this machine, expired (nobody took it yet)
  other_active,  // held by another machine, not expired
  other_expired, // held by another machine, expired past the skew allowance: may be taken
};

// An expiry more than `ttl` + `clock_skew` ahead of `now` counts as expired.
Status classify(const std::optional<LockRecord>& current, const std::string& machine_id,
                const Timing& timing);

// The fencing token after `token`: one more, saturated at the largest value.
std::uint64_t next_token(std::uint64_t token) noexcept;

// The record after `me` acquires (or, when it holds it, heartbeats) the lock `current`; the token
// grows when the holder changes. Callers decide beforehand whether taking it over is allowed.
LockRecord acquired(const std::optional<LockRecord>& current, const std::string& session_id,
                    const Holder& me, const Timing& timing);

// The record after the lock is released at `now`.
LockRecord released(const LockRecord& current, std::int64_t now);

// True when `session_id` may name a lock ref: [A-Za-z0-9_-], 1 to 128 characters.
bool is_valid_session_id(const std::string& session_id);

} // namespace ccsync::lock
