// The one place where libgit2 failures become ccsync::Error.
#pragma once

#include <string_view>

namespace ccsync::git {

// Throws Error when `rc` < 0: "`activity`: <libgit2 message>", with a kind from the code and
// class (auth, network, conflict, busy, git) and a hint where there is a remedy.
void check(int rc, std::string_view activity);

// Calls git_libgit2_init once per process, on first use (it costs ~5 ms: kept off fast paths).
void ensure_initialized();

} // namespace ccsync::git
