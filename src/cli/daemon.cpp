// The daemon's loop and its cycle.
#include "cli/daemon.hpp"

#include "cli/output.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/state.hpp"
#include "sync/outbox/drain.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/setup/open.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <ostream>
#include <thread>

namespace ccsync::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Set by the signal handler, which has no other way out.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): see above
volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void
request_stop(int /*signal*/)
{
  g_stop_requested = 1;
}

// Records the daemon's state for status and doctor. A state that cannot be written (a full
// disk, say) is logged: the daemon's work goes on without it.
void
write_state(const platform::Dirs& dirs, const std::string& last_cycle, const std::string& error,
            bool stopped = false)
{
  const json state = {{"pid", platform::process_id()},
                      {"last_cycle", last_cycle},
                      {"last_error", error},
                      {"stopped", stopped}};
  try {
    platform::write_file_atomic(daemon_state_file(dirs), state.dump(2) + "\n", 0600);
  } catch (const Error& e) {
    spdlog::warn("daemon: {} (its state is not recorded this time)", e.what());
  }
}

// Extends this machine's locks on the sessions a Claude process here is running.
void
heartbeat_live(sync::SyncRepo& repo, const platform::Dirs& dirs, const config::Config& config)
{
  const auto live = sync::live_sessions(dirs.claude_dir);
  const sync::LockSettings settings = sync::lock_settings(config);
  for (const auto& record : sync::known_locks(repo)) {
    if (!record.held || record.holder.machine_id != config.machine_id.value ||
        !live.contains(record.session_id)) {
      continue;
    }
    sync::acquire_lock(repo, record.session_id, record.holder, settings,
                       [](const lock::LockRecord&) { return false; });
  }
}

// One cycle, in a child process; its exit code.
int
cycle(const Context& context, const DaemonOptions& options)
{
  try {
    // Read again at every cycle: an edited configuration (a new remote) needs no restart.
    const config::Loaded loaded = config::load(context.dirs, context.env, platform::hostname());
    const config::Config& config = loaded.config;
    sync::SyncRepo repo =
      sync::open_sync_repo({context.dirs, config, context.env, config.remote.value, std::nullopt});
    const sync::EngineSetup engine = sync::make_engine_setup(
      context.dirs, config, repo, sync::installation_id(context.dirs, platform::hostname()));
    repo.refresh();
    const sync::Outbox outbox(context.dirs.ccsync_home);
    sync::drain_outbox(repo, engine.setup, outbox, {util::now_epoch(), 0, false});
    const sync::PushReport pushed = sync::push_sessions(repo, engine.setup, sync::PushRequest{});
    std::size_t pulled = 0;
    if (!options.push_only) {
      pulled = sync::pull_sessions(repo, engine.setup, sync::PullRequest{}).changed.size();
    }
    heartbeat_live(repo, context.dirs, config);
    spdlog::info("daemon: cycle done ({} pushed, {} pulled)", pushed.changed.size(), pulled);
    return 0;
  } catch (const Error& e) {
    spdlog::warn("daemon: cycle failed: {}", e.what());
    return exit_code_for(e.kind());
  }
}

// Sleeps up to `interval`, waking each second to look for a stop request.
bool
wait_or_stop(const platform::Dirs& dirs, std::chrono::seconds interval)
{
  const auto end = std::chrono::steady_clock::now() + interval;
  while (std::chrono::steady_clock::now() < end) {
    std::error_code error;
    if (g_stop_requested != 0 || fs::exists(daemon_stop_file(dirs), error)) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return false;
}

} // namespace

int
run_daemon(Context& context, const DaemonOptions& options)
{
  const auto lock =
    platform::FileLock::acquire(daemon_lock_file(context.dirs), std::chrono::seconds(0));
  if (!lock) {
    context.out << "ccsync daemon: already running (pid " << daemon_state(context.dirs).pid
                << ")\n";
    return 0;
  }
  std::error_code error;
  fs::remove(daemon_stop_file(context.dirs), error);
  struct sigaction stop {};
  stop.sa_handler = request_stop;
  ::sigaction(SIGTERM, &stop, nullptr);
  ::sigaction(SIGINT, &stop, nullptr);
  write_state(context.dirs, "", "");
  spdlog::info("daemon: started (pid {}, every {} s{})", platform::process_id(),
               options.interval.count(), options.push_only ? ", push only" : "");
  const auto limit = std::chrono::hours(1); // a cycle that hangs beyond every deadline
  do {
    const auto code = platform::run_in_child([&] { return cycle(context, options); }, limit);
    write_state(context.dirs, util::format_utc(util::now()),
                code == 0
                  ? ""
                  : "the cycle failed (exit " +
                      (code ? std::to_string(*code) : std::string("killed")) + "); see the log");
  } while (!wait_or_stop(context.dirs, options.interval));
  write_state(context.dirs, daemon_state(context.dirs).last_cycle, "", true);
  fs::remove(daemon_stop_file(context.dirs), error);
  spdlog::info("daemon: stopped");
  return 0;
}

bool
stop_daemon(const platform::Dirs& dirs, std::chrono::seconds wait)
{
  if (!daemon_state(dirs).running) {
    return false;
  }
  platform::write_file_atomic(daemon_stop_file(dirs), "stop\n", 0600);
  const auto end = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < end) {
    if (!daemon_state(dirs).running) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  throw Error(ErrorKind::busy,
              "the daemon did not stop within " + std::to_string(wait.count()) + " s",
              "it may be in the middle of a long push; try again, or kill " +
                std::to_string(daemon_state(dirs).pid));
}

} // namespace ccsync::cli
