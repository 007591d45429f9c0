// The session worker: a process of its own for one Claude Code session (never a descendant of
// the hook or of Claude once started, stdio on /dev/null, so Claude neither waits for it nor
// kills it), at most one per session (a kernel lock on <ccsync home>/workers/<id>.lock):
// - first, for a SessionStart: pull, read the session's lock, report to the waiting hook through
//   a pipe, then take the lock (or extend it when this machine holds it);
// - then, every second: while Claude lives, heartbeat the lock every heartbeat_seconds and drain
//   the outbox (the Stop hooks' pushes, debounced); when Claude is gone or SessionEnd asked for it,
//   a final drain (push, release) and exit.
// Every network step runs in a child process, so a deadline or a hang ends the step, not the
// worker.
#pragma once

#include "hook/hook_env.hpp"

#include <cstdint>
#include <string>

namespace ccsync::hook {

struct WorkerStart {
  std::string session_id;
  std::string cwd;               // the session's working directory ("" when the payload had none)
  long claude_pid = 0;           // 0: unknown (the worker then ends when SessionEnd says so)
  std::int64_t claude_start = 0; // its start time, to tell it from a reused pid
  bool first = false;            // SessionStart: do the first step and report on `ready_fd`
  int ready_fd = -1;
};

// Starts a worker for `start.session_id`: always for a first start (it reports, then exits at
// once if another worker runs the session), else only when none runs. Returns at once.
void start_worker(const HookEnv& env, const WorkerStart& start);

// The worker's own body (in the detached process); exported for tests that run it in place.
int run_worker(const HookEnv& env, WorkerStart start);

} // namespace ccsync::hook
