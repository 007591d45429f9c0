// The one place where libgit2 failures become ccsync::Error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccsync::git {

// Throws Error when `rc` < 0: "`activity`: <libgit2 message>", with a kind from the code and
// class (auth, network, conflict, busy, git) and a hint where there is a remedy.
void check(int rc, std::string_view activity);

// The stream's word on its last time-out ("no answer from HOST within 2 s", git/stream.cpp):
// check() uses it in place of libgit2's vaguer message ("SSL error: ..."); reading clears it.
void note_timeout(std::string note);
std::optional<std::string> take_timeout_note();

// Calls git_libgit2_init once per process, on first use (it costs ~5 ms: kept off fast paths).
void ensure_initialized();

} // namespace ccsync::git
