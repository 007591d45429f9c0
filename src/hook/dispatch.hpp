// `ccsync hook <event>`: what Claude Code runs at each event, with the payload on stdin. The
// second of ccsync's two places that catch errors (cli::run is the other): a hook exits 0 in
// every case, writes nothing to stdout but deliberate hook JSON (a systemMessage when another
// machine holds the session), nothing to stderr in normal operation, and never makes Claude
// wait beyond its deadline.
//   session-start        pull, lock, start the session's worker (up to hook_deadline_seconds)
//   user-prompt-submit   note the session in the outbox; no network, no libgit2
//   stop                 the same (the worker pushes it, debounced)
//   session-end          ask for the final push and the release; the worker does them
#pragma once

#include "platform/env.hpp"

#include <iosfwd>
#include <string>

namespace ccsync::hook {

// Runs the hook for `event` ("session-start" or Claude's "SessionStart" and so on) reading the
// payload from `stdin_fd`. Always returns 0.
int run_hook(const std::string& event, const platform::Environment& env, int stdin_fd,
             std::ostream& out) noexcept;

} // namespace ccsync::hook
