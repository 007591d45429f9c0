// The refs of the sync repository and their local copies: the branch that holds the sessions,
// and one lock ref per session (session_locks.hpp).
#pragma once

#include <string>

namespace ccsync::sync {

inline constexpr const char* k_main_ref = "refs/heads/main";
inline constexpr const char* k_locks_prefix = "refs/ccsync/locks/";

// The local copy of remote ref `ref` after a fetch: refs/heads/x -> refs/remotes/origin/x,
// refs/ccsync/locks/x -> refs/ccsync/remote-locks/x.
std::string tracking_ref(const std::string& ref);

// True for a session's lock ref (or the prefix of them all).
bool is_lock_ref(const std::string& ref);

} // namespace ccsync::sync
