// The session worker: a process of its own for one Claude Code session (never a descendant of
// the hook or of Claude once started, stdio on /dev/null, so Claude neither waits for it nor
// kills it), at most one per session (a kernel lock on <ccsync home>/workers/<id>.lock):
// - first, for a SessionStart: fetch, read the session's lock, report to the waiting hook through
//   a pipe, then pull the other sessions and take the lock (or extend it when this machine holds
//   it);
// - then, every second: while Claude lives, heartbeat the lock every heartbeat_seconds and drain
//   the outbox (the Stop hooks' pushes, debounced); when Claude is gone or SessionEnd asked for it,
//   a final drain (push, release) and exit.
// Every network step runs in a child process, so a deadline or a hang ends the step, not the
// worker.
#pragma once

#include "hook/hook_env.hpp"
#include "hook/launch.hpp"

namespace ccsync::hook {

// The worker's own body (in the detached process); exported for tests that run it in place.
int run_worker(const HookEnv& env, WorkerStart start);

// The engine's `hook --worker` (start_worker's process): loads the configuration and runs the
// worker. Never throws.
int worker_main(const platform::Environment& environment, const WorkerStart& start) noexcept;

} // namespace ccsync::hook
