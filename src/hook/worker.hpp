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

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
// once if another worker runs the session), else only when none runs. Returns at once. The
// worker is ccsync's engine (`ccsync-engine hook --worker ...`, worker_arguments), started
// detached: the hook process itself stays small.
void start_worker(const HookEnv& env, const WorkerStart& start);

// The arguments that make the engine run the worker of `start` (after "hook"), and back.
std::vector<std::string> worker_arguments(const WorkerStart& start);
std::optional<WorkerStart> parse_worker_arguments(const std::vector<std::string>& args);

// The kernel lock a running worker of `session_id` holds.
std::filesystem::path worker_lock_file(const platform::Dirs& dirs, const std::string& session_id);

// The worker's own body (in the detached process); exported for tests that run it in place.
int run_worker(const HookEnv& env, WorkerStart start);

// The engine's `hook --worker` (start_worker's process): loads the configuration and runs the
// worker. Never throws.
int worker_main(const platform::Environment& environment, const WorkerStart& start) noexcept;

} // namespace ccsync::hook
