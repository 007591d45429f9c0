// ccsync daemon [--interval SECONDS] [--push-only] [--stop] [--foreground]: the background sync
// loop (cli/daemon.hpp). Without --foreground it detaches and returns once it runs.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/daemon.hpp"
#include "platform/process.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <ostream>
#include <thread>

namespace ccsync::cli {
namespace {

struct DaemonCommand {
  DaemonOptions options;
  long interval_seconds = 300;
  bool stop = false;
  bool foreground = false;
};

int
start_in_background(Context& context, const DaemonOptions& options)
{
  if (const DaemonState state = daemon_state(context.dirs); state.running) {
    context.out << "ccsync daemon: already running (pid " << state.pid << ")\n";
    return 0;
  }
  platform::spawn_detached([&] {
    // The inherited logger's descriptor was closed when the process detached (see worker.cpp).
    util::silence_logging();
    util::init_logging(context.dirs.log_file(), false);
    return run_daemon(context, options);
  });
  for (int i = 0; i < 50; ++i) {
    if (const DaemonState state = daemon_state(context.dirs); state.running) {
      context.out << "ccsync daemon: started (pid " << state.pid << "), a cycle every "
                  << options.interval.count() << " s; stop it with 'ccsync daemon --stop'\n";
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw Error(ErrorKind::io, "the daemon did not start",
              "see the log: " + context.dirs.log_file().string());
}

int
run_daemon_command(Context& context, const DaemonCommand& command)
{
  if (command.stop) {
    const long pid = daemon_state(context.dirs).pid;
    if (stop_daemon(context.dirs, std::chrono::seconds(15))) {
      context.out << "ccsync daemon: stopped (pid " << pid << ")\n";
    } else {
      context.out << "ccsync daemon: not running\n";
    }
    return 0;
  }
  if (command.foreground) {
    return run_daemon(context, command.options);
  }
  return start_in_background(context, command.options);
}

} // namespace

Invocation
parse_daemon_command(const Args& args)
{
  DaemonCommand command;
  CLI::App app("Sync in the background: drain the hooks' queue, push, pull, heartbeat locks.");
  add_number_option(app, "--interval", command.interval_seconds,
                    "Seconds between cycles (default 300)", {5, 86400})
    ->option_text("SECONDS");
  app.add_flag("--push-only", command.options.push_only, "Do not pull");
  app.add_flag("--stop", command.stop, "Stop the running daemon");
  app.add_flag("--foreground", command.foreground,
               "Run in this process (for systemd, launchd, or a terminal)");
  parse_args(app, "daemon", args);
  command.options.interval = std::chrono::seconds(command.interval_seconds);
  return {Needs{.config = true, .initialised = true},
          [command](Context& context) { return run_daemon_command(context, command); }};
}

} // namespace ccsync::cli
