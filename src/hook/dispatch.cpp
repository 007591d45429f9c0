// The hook dispatcher: payload, configuration, and one small action per event.
#include "hook/dispatch.hpp"

#include "hook/hook_env.hpp"
#include "hook/launch.hpp"
#include "hook/notice.hpp"
#include "hook/payload.hpp"
#include "hook/stdin_reader.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/decisions.hpp"
#include "sync/outbox/outbox.hpp"
#include "sync/sharing/marks.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ostream>

namespace ccsync::hook {
namespace {

// Logs a problem that would otherwise be logged at every hook of every turn only when it is new
// (a missing or broken configuration costs Claude nothing, and the log one line).
void
log_once(const platform::Dirs& dirs, const std::string& problem)
{
  const auto marker = dirs.log_file().parent_path() / "hook-problem";
  try {
    if (platform::read_file(marker) != problem) {
      spdlog::warn("hook: {} (logged once until it changes)", problem);
      platform::write_file_atomic(marker, problem, 0600);
    }
  } catch (const Error&) {
    // logging is diagnostics
  }
}

std::chrono::milliseconds
stdin_deadline(HookEvent event)
{
  // SessionEnd has 1.5 s in all (claude-code.md §5.6); the others have seconds to spare.
  return std::chrono::milliseconds(event == HookEvent::session_end ? 500 : 2000);
}

// Claude's process: the hook's parent (exec form), or the parent of the /bin/sh that ran a
// string-form hook such as the plugin's wrapper (claude-code.md §5.2).
std::pair<long, std::int64_t>
claude_process()
{
  long pid = platform::parent_process_id();
  const std::string name = platform::process_name(pid);
  if (name == "sh" || name == "dash" || name == "ccsync-hook") {
    pid = platform::parent_of(pid);
  }
  return {pid, platform::process_start_time(pid)};
}

WorkerStart
worker_start(const Payload& payload)
{
  const auto [pid, start] = claude_process();
  return {payload.session_id, payload.cwd, pid, start, false, -1};
}

bool
has_lines(const std::string& transcript)
{
  struct stat info {};
  return !transcript.empty() && ::stat(transcript.c_str(), &info) == 0 && info.st_size > 0;
}

// Prints the hook's systemMessage: `message` always, a notice about trouble once a day at most.
void
say(const HookEnv& env, std::string message, const std::optional<std::string>& trouble,
    std::ostream& out)
{
  if (trouble && say_once(env.dirs, *trouble)) {
    message += (message.empty() ? "" : "\n") + *trouble;
  }
  if (!message.empty()) {
    out << nlohmann::json{{"systemMessage", message}}.dump() << "\n" << std::flush;
  }
}

// Waits up to the deadline for the worker's first report; prints the systemMessage it asks for,
// with what the outbox says of earlier work. A session that starts afresh does not wait
// (waits_for_lock_check): it hears of trouble from the outbox alone.
void
session_start(const HookEnv& env, const Payload& payload, std::ostream& out)
{
  const auto queued = outbox_notice(sync::Outbox(env.dirs.ccsync_home).status());
  if (!waits_for_lock_check(payload.source, has_lines(payload.transcript_path))) {
    WorkerStart start = worker_start(payload);
    start.first = true;
    start_worker(env, start);
    say(env, "", queued, out);
    return;
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return;
  }
  const platform::Fd read_end(fds[0]);
  WorkerStart start = worker_start(payload);
  start.first = true;
  start.ready_fd = fds[1];
  start_worker(env, start);
  ::close(fds[1]);
  std::string why;
  const auto line = read_payload(read_end.get(), env.deadline(), why, std::size_t{64} * 1024);
  if (!line) {
    spdlog::info("hook: session-start returns before its first step ended ({})", why);
    say(env, "", queued, out);
    return;
  }
  const nlohmann::json report = nlohmann::json::parse(*line, nullptr, false);
  const auto text = [&](const char* key) {
    return report.is_object() && report.contains(key) && report[key].is_string()
             ? report[key].get<std::string>()
             : std::string();
  };
  const std::string trouble = text("trouble");
  say(env, text("message"), trouble.empty() ? queued : unreachable_notice(trouble), out);
}

void
act(const HookEnv& env, const Payload& payload, std::ostream& out)
{
  const sync::Outbox outbox(env.dirs.ccsync_home);
  switch (payload.event) {
  case HookEvent::session_start: session_start(env, payload, out); return;
  case HookEvent::user_prompt_submit:
  case HookEvent::stop:
    outbox.enqueue(sync::WorkKind::push, payload.session_id);
    start_worker(env, worker_start(payload));
    if (const auto taken = take_taken_over_notice(env.dirs, payload.session_id)) {
      say(env, *taken, std::nullopt, out);
    }
    return;
  case HookEvent::session_end: {
    const WorkerStart start = worker_start(payload);
    outbox.enqueue(sync::WorkKind::push, payload.session_id);
    outbox.enqueue(sync::WorkKind::release, payload.session_id, start.claude_pid);
    start_worker(env, start);
    return;
  }
  }
}

void
run(const std::string& event_name, const platform::Environment& environment, int stdin_fd,
    std::ostream& out)
{
  HookEnv env{environment, platform::resolve_dirs(environment), {}};
  platform::ensure_dir(env.dirs.log_file().parent_path());
  util::init_logging(env.dirs.log_file(), false);
  const auto event = parse_event_name(event_name);
  if (!event) {
    log_once(env.dirs, "unknown hook event '" + event_name + "'");
    return;
  }
  std::string why;
  const auto text = read_payload(stdin_fd, stdin_deadline(*event), why);
  const auto parsed = text ? parse_payload(*text, *event) : std::variant<Payload, std::string>(why);
  if (const auto* problem = std::get_if<std::string>(&parsed)) {
    spdlog::warn("hook {}: {}; nothing done", event_name, *problem);
    return;
  }
  try {
    env.config = config::load(env.dirs, env.env, platform::hostname());
  } catch (const Error& e) {
    log_once(env.dirs, std::string("the configuration is broken: ") + e.what());
    return;
  }
  if (!env.config.file_exists) {
    log_once(env.dirs, "ccsync is not set up here ('ccsync init'); hooks do nothing");
    return;
  }
  const auto& payload = std::get<Payload>(parsed);
  if (!payload.cwd.empty() &&
      !sync::is_under_any(payload.cwd, env.config.config.sync_directories.value)) {
    return; // selective sync: this project is not shared
  }
  // Marked local, or in a project with an ignore file: no push, no lock, no worker. (Exclude
  // patterns need the placeholders of the repository: the worker asks before it locks.)
  if (sync::load_local_ids(env.dirs.ccsync_home).contains(payload.session_id) ||
      (!payload.cwd.empty() && sync::has_ignore_file(payload.cwd))) {
    spdlog::info("hook {}: session {} is not shared; nothing done", event_name, payload.session_id);
    return;
  }
  spdlog::info("hook {} session {}", event_name, payload.session_id);
  act(env, payload, out);
}

} // namespace

int
run_hook(const std::string& event, const platform::Environment& env, int stdin_fd,
         std::ostream& out) noexcept
{
  try {
    run(event, env, stdin_fd, out);
  } catch (const std::exception& e) {
    try {
      spdlog::error("hook {}: {}", event, e.what());
    } catch (...) { // NOLINT(bugprone-empty-catch): nothing may escape a hook
    }
  } catch (...) { // NOLINT(bugprone-empty-catch)
  }
  return k_hook_exit;
}

} // namespace ccsync::hook
