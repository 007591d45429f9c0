// The locks this machine took, in one record (<ccsync home>/locks.json): per session, the fencing
// token it was granted (kept after the release: its later pushes of that session are judged by
// it, decisions.hpp fence_for) and, while it holds the lock, when the lock expires (`status`
// shows these without the repository). Written under the repository's kernel lock only; read by
// the engine and by the `ccsync` front.
//   {"<session id>": {"token": 7, "expires_at": 1764000000}, ...}   expires_at 0: released
// Earlier versions kept the tokens in held-locks.json and the expiries in locks-held.json; they
// are read once and removed by the first write.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace ccsync::sync {

struct HeldLock {
  std::uint64_t token = 0;
  std::int64_t expires_at = 0; // seconds since the epoch; 0 when not held now
  std::int64_t noted_at = 0;   // when this record last changed (a release is forgotten later)
};

// How long a released lock's token is kept: as long as Claude keeps a session's transcript (its
// cleanup period), after which a push of that session judges its lock as never held here, which
// sends its lines to a fork just the same when another machine holds it.
inline constexpr std::int64_t k_released_kept_seconds = std::int64_t{30} * 86400;

// Every session this machine took a lock of (a missing or damaged record reads as none).
std::map<std::string, HeldLock> read_held_locks(const std::filesystem::path& ccsync_home);

// The locks held now: session id -> expiry.
std::map<std::string, std::int64_t> locks_held(const std::filesystem::path& ccsync_home);

// The fencing tokens this machine was granted: session id -> token.
std::map<std::string, std::uint64_t> granted_tokens(const std::filesystem::path& ccsync_home);

// This machine holds the lock of `session_id` under `token` until `expires_at`.
void note_lock_held(const std::filesystem::path& ccsync_home, const std::string& session_id,
                    std::uint64_t token, std::int64_t expires_at);

// This machine no longer holds the lock of `session_id` (its token is kept).
void note_lock_released(const std::filesystem::path& ccsync_home, const std::string& session_id);

} // namespace ccsync::sync
