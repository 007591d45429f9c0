// Starting a session worker: the engine, detached, with the worker's facts as arguments.
#include "hook/launch.hpp"

#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "version.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>

namespace ccsync::hook {
namespace {

constexpr const char* k_worker_flag = "--worker";

template <class T> bool
parse_number(const std::string& text, T& value)
{
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

} // namespace

std::filesystem::path
worker_lock_file(const platform::Dirs& dirs, const std::string& session_id)
{
  return dirs.ccsync_home / "workers" / (session_id + ".lock");
}

std::vector<std::string>
worker_arguments(const WorkerStart& start)
{
  return {k_worker_flag,
          start.session_id,
          std::to_string(start.claude_pid),
          std::to_string(start.claude_start),
          start.first ? "first" : "later",
          std::to_string(start.ready_fd),
          start.cwd};
}

std::optional<WorkerStart>
parse_worker_arguments(const std::vector<std::string>& args)
{
  WorkerStart start;
  if (args.size() != 7 || args[0] != k_worker_flag || args[1].empty() ||
      !parse_number(args[2], start.claude_pid) || !parse_number(args[3], start.claude_start) ||
      (args[4] != "first" && args[4] != "later") || !parse_number(args[5], start.ready_fd)) {
    return std::nullopt;
  }
  start.session_id = args[1];
  start.first = args[4] == "first";
  start.cwd = args[6];
  return start;
}

void
start_worker(const HookEnv& env, const WorkerStart& start)
{
  if (!start.first) {
    // Only when none runs: a free lock means no worker (it is released when the worker ends).
    if (!platform::FileLock::acquire(worker_lock_file(env.dirs, start.session_id),
                                     std::chrono::milliseconds(0))) {
      return;
    }
  }
  std::vector<std::string> args = {"hook"};
  for (auto& arg : worker_arguments(start)) {
    args.push_back(std::move(arg));
  }
  const platform::EngineCall call(args, k_version);
  platform::spawn_detached(
    [&] {
      if (start.ready_fd >= 0) {
        ::fcntl(start.ready_fd, F_SETFD, 0); // the report pipe outlives the exec
      }
      call.exec();
      return 127; // no engine: the hook has nothing to wait for (the pipe closes)
    },
    start.ready_fd);
}

} // namespace ccsync::hook
