// Starting a session's worker (worker.hpp) from a hook: the worker is ccsync's engine
// (`ccsync-engine hook --worker ...`) started detached, so the hook process itself stays small
// and links no engine code. This side runs in the `ccsync` front.
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

} // namespace ccsync::hook
