// Starting the session worker, and its loop.
#include "hook/worker.hpp"

#include "hook/notice.hpp"
#include "hook/steps.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/outbox/outbox.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace ccsync::hook {
namespace {

// How long one network step may take before the worker gives up on it (and kills it).
std::chrono::milliseconds
step_limit(const HookEnv& env)
{
  return 4 * std::chrono::seconds(env.config.config.network_timeout_seconds.value) +
         std::chrono::seconds(30);
}

class Loop {
public:
  Loop(const HookEnv& env, WorkerStart start)
      : m_env(env)
      , m_start(std::move(start))
  {}

  int
  run()
  {
    const auto heartbeat = std::chrono::seconds(m_env.config.config.heartbeat_seconds.value);
    auto last_heartbeat = std::chrono::steady_clock::now();
    auto idle_since = last_heartbeat;
    const sync::Outbox outbox(m_env.dirs.ccsync_home);
    for (;;) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      const auto now = std::chrono::steady_clock::now();
      if (session_over(outbox, now - idle_since)) {
        return final_drain(outbox);
      }
      if (m_holding && now - last_heartbeat >= heartbeat) {
        m_holding = step([&] { return heartbeat_step(m_env, m_start); }) != 3;
        last_heartbeat = now;
      }
      if (has_due_items(outbox)) {
        step([&] { return drain_step(m_env, false); });
        idle_since = now;
      }
    }
  }

private:
  // Claude is gone (crash, kill -9, a closed terminal: no SessionEnd), or SessionEnd asked for
  // the release; with no Claude process known, a long silence ends the session too. Not over
  // while another Claude Code process on this machine runs the session (resumed twice).
  bool
  session_over(const sync::Outbox& outbox, std::chrono::steady_clock::duration idle)
  {
    const bool ended = outbox.has(sync::WorkKind::release, m_start.session_id) ||
                       (m_start.claude_pid > 0 &&
                        !platform::process_alive(m_start.claude_pid, m_start.claude_start));
    if (ended) {
      return !follow_other_process();
    }
    return m_start.claude_pid <= 0 &&
           idle > 2 * std::chrono::seconds(m_env.config.config.lock_ttl_seconds.value);
  }

  // The worker's Claude process ended while another one still runs the session: the worker
  // follows that one (its heartbeats name it), and the queued release is not done (drain.cpp).
  bool
  follow_other_process()
  {
    const auto other =
      sync::other_session_process(m_env.dirs.claude_dir, m_start.session_id, m_start.claude_pid);
    if (!other) {
      return false;
    }
    spdlog::info("worker {}: Claude Code process {} ended; {} still runs the session",
                 m_start.session_id, m_start.claude_pid, *other);
    m_start.claude_pid = *other;
    m_start.claude_start = platform::process_start_time(*other);
    return true;
  }

  static bool
  has_due_items(const sync::Outbox& outbox)
  {
    const std::int64_t now = util::now_epoch();
    const std::vector<sync::OutboxItem> items = outbox.items();
    return std::any_of(items.begin(), items.end(), [now](const sync::OutboxItem& item) {
      return item.next_attempt_at <= now &&
             (item.kind == sync::WorkKind::release || item.enqueued_at + 10 <= now);
    });
  }

  int
  final_drain(const sync::Outbox& outbox)
  {
    // Without a SessionEnd, this worker does what it would have asked for.
    outbox.enqueue(sync::WorkKind::push, m_start.session_id);
    outbox.enqueue(sync::WorkKind::release, m_start.session_id, m_start.claude_pid);
    spdlog::info("worker {}: the session ended; pushing and releasing", m_start.session_id);
    forget_taken_over(m_env.dirs, m_start.session_id); // no turn is left to say it in
    const auto code = step([&] { return drain_step(m_env, true); });
    return code.value_or(1);
  }

  std::optional<int>
  step(const std::function<int()>& body) const
  {
    return platform::run_in_child(body, step_limit(m_env));
  }

  const HookEnv& m_env;
  WorkerStart m_start;
  bool m_holding = true;
};

} // namespace

int
run_worker(const HookEnv& env, WorkerStart start)
{
  ::prctl(PR_SET_NAME, "ccsync-worker");
  // The inherited logger's file descriptor was closed with the rest, and its number may be
  // reused: drop that logger before opening the log again, or its destructor closes the new one.
  util::silence_logging();
  util::init_logging(env.dirs.log_file(), false);
  const auto lock = platform::FileLock::acquire(worker_lock_file(env.dirs, start.session_id),
                                                std::chrono::milliseconds(0));
  if (start.first) {
    platform::run_in_child(
      [&] { return first_step(env, start); },
      4 * std::chrono::seconds(env.config.config.network_timeout_seconds.value) +
        std::chrono::seconds(30));
    if (start.ready_fd >= 0) {
      ::close(start.ready_fd); // the hook sees the end even if the step died before reporting
      start.ready_fd = -1;
    }
  }
  if (!lock) {
    return 0; // another worker runs this session
  }
  spdlog::info("worker {} (Claude process {}) started", start.session_id, start.claude_pid);
  const int code = Loop(env, start).run();
  lock->remove_file(); // one lock file per session ever run would pile up in the ccsync home
  return code;
}

int
worker_main(const platform::Environment& environment, const WorkerStart& start) noexcept
{
  try {
    HookEnv env{environment, platform::resolve_dirs(environment), {}};
    env.config = config::load(env.dirs, env.env, platform::hostname());
    return run_worker(env, start);
  } catch (const std::exception& e) {
    try {
      spdlog::error("worker {}: {}", start.session_id, e.what());
    } catch (...) { // NOLINT(bugprone-empty-catch): a worker ends quietly
    }
    return 1;
  }
}

} // namespace ccsync::hook
