// When this machine first saw each session lock as it is now (<ccsync home>/lock-sightings.json:
// session id -> the lock commit and the time, by this machine's clock). Expiry of another
// machine's lock is then judged by how long this machine has watched it unchanged, not only by
// the holder's wall clock (issue 23: a clock five minutes behind took fresh locks), as leases
// in etcd or Chubby are. Written under the repository lock, after every fetch.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace ccsync::sync {

// Records the lock commits of a fetch (`commits`: session id -> commit): an unchanged one keeps
// the time it was first seen, a new one is seen `now`; a lock no longer there is forgotten.
void note_lock_sightings(const std::filesystem::path& ccsync_home,
                         const std::map<std::string, std::string>& commits, std::int64_t now);

// How long this machine has seen session `session_id`'s lock at `commit`: 0 when it was not the
// one seen last.
std::int64_t watched_for(const std::filesystem::path& ccsync_home, const std::string& session_id,
                         const std::string& commit, std::int64_t now);

} // namespace ccsync::sync
