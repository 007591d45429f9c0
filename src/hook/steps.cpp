// The worker's network steps.
#include "hook/steps.hpp"

#include "lock/lock_record.hpp"
#include "platform/host.hpp"
#include "sync/outbox/drain.hpp"
#include "sync/repo/registry.hpp"
#include "sync/setup/open.hpp"
#include "sync/sharing/sharing_state.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

namespace ccsync::hook {
namespace {

// A push the Stop hooks asked for waits this long for more turns (one push per burst).
constexpr std::int64_t k_push_debounce_seconds = 10;

struct Opened {
  sync::SyncRepo repo;
  sync::EngineSetup engine;
};

Opened
open(const HookEnv& env)
{
  const config::Config& config = env.config.config;
  sync::SyncRepo repo =
    sync::open_sync_repo({env.dirs, config, env.env, config.remote.value, std::nullopt});
  sync::EngineSetup engine = sync::make_engine_setup(
    env.dirs, config, repo, sync::installation_id(env.dirs, platform::hostname()));
  return {std::move(repo), std::move(engine)};
}

std::string
hhmm(std::int64_t seconds)
{
  return util::format_epoch(seconds).substr(11, 5) + " UTC";
}

// What the person in Claude reads when another live machine holds the session (short, ASCII).
std::string
locked_message(const lock::LockRecord& holder)
{
  return "ccsync: this session is open on " + holder.holder.machine_id + " (locked since " +
         hhmm(holder.acquired_at) + ", until " + hhmm(holder.expires_at) +
         " unless renewed). What you write here is kept as a separate session, not lost. To take "
         "it over: ccsync lock acquire " +
         holder.session_id + " --yes";
}

// Tells the waiting hook what to say: `message` (a lock held elsewhere), or `trouble` (the
// remote did not answer); the hook decides whether trouble is said again.
void
report(int fd, const std::string& message, const std::string& trouble = "")
{
  if (fd < 0) {
    return;
  }
  nlohmann::json line = nlohmann::json::object();
  if (!message.empty()) {
    line["message"] = message;
  }
  if (!trouble.empty()) {
    line["trouble"] = trouble;
  }
  const std::string text = line.dump() + "\n";
  const ssize_t written = ::write(fd, text.data(), text.size());
  static_cast<void>(written); // the hook may have stopped waiting; nothing to do about it
  ::close(fd);
}

void
pull_all_but(Opened& opened, const std::string& session_id)
{
  sync::PullRequest request;
  request.skip_ids = {session_id};
  const sync::PullReport pulled = sync::pull_sessions(opened.repo, opened.engine.setup, request);
  spdlog::info("hook: pulled {} sessions, {} held back", pulled.changed.size(),
               sync::held_back_count(pulled.skipped));
}

// A session this machine does not share (an exclude pattern, a local mark, forgotten) gets no
// lock either: a lock names the session and the machine in the repository.
bool
is_shared(Opened& opened, const WorkerStart& start)
{
  sync::SharingPolicy policy(opened.engine.setup, opened.repo.current());
  const sync::Sharing sharing = policy.judge(start.session_id, start.cwd);
  if (!sharing.shared()) {
    spdlog::info("hook: session {} is not shared ({}); no lock", start.session_id, sharing.detail);
  }
  return sharing.shared();
}

void
take_lock(Opened& opened, const HookEnv& env, const WorkerStart& start)
{
  if (!is_shared(opened, start)) {
    return;
  }
  const lock::Holder me{env.config.config.machine_id.value, platform::hostname(), start.claude_pid,
                        start.claude_start};
  sync::acquire_lock(opened.repo, start.session_id, me, sync::lock_settings(env.config.config),
                     [](const lock::LockRecord&) { return false; });
}

sync::DrainResult
drain(Opened& opened, const HookEnv& env, bool final)
{
  const sync::Outbox outbox(env.dirs.ccsync_home);
  return sync::drain_outbox(opened.repo, opened.engine.setup, outbox,
                            {util::now_epoch(), k_push_debounce_seconds, final});
}

} // namespace

int
first_step(const HookEnv& env, const WorkerStart& start)
{
  std::string message;
  try {
    Opened opened = open(env);
    opened.repo.refresh();
    const sync::LockView lock = sync::current_lock(opened.repo, start.session_id);
    const sync::LockSettings settings = sync::lock_settings(env.config.config);
    const lock::Status status =
      lock::classify(lock.record, env.config.config.machine_id.value,
                     {util::now_epoch(), settings.ttl, settings.clock_skew});
    if (lock.damaged) {
      message = "ccsync: the lock of this session is damaged in the sync repository; repair it "
                "with: ccsync lock release " +
                start.session_id + " --force";
    } else if (status == lock::Status::other_active) {
      message = locked_message(*lock.record);
    }
    report(start.ready_fd, message); // Claude waits for this, not for the other sessions
    pull_all_but(opened, start.session_id);
    if (message.empty()) {
      take_lock(opened, env, start);
    }
    drain(opened, env, false);
    return 0;
  } catch (const Error& e) {
    spdlog::warn("hook: first step of {}: {}", start.session_id, e.what());
    report(start.ready_fd, "", e.kind() == ErrorKind::network ? e.what() : "");
    return 1;
  }
}

int
heartbeat_step(const HookEnv& env, const WorkerStart& start)
{
  try {
    Opened opened = open(env);
    take_lock(opened, env, start);
    return 0;
  } catch (const Error& e) {
    spdlog::info("hook: heartbeat of {}: {}", start.session_id, e.what());
    return e.kind() == ErrorKind::busy ? 3 : 1;
  }
}

int
drain_step(const HookEnv& env, bool final)
{
  try {
    Opened opened = open(env);
    const sync::DrainResult result = drain(opened, env, final);
    return result.failed > 0 ? 1 : 0;
  } catch (const Error& e) {
    spdlog::info("hook: draining the outbox: {}", e.what());
    return 1;
  }
}

} // namespace ccsync::hook
