// The background daemon: one per ccsync home (a kernel lock on <home>/daemon.lock), a cycle every
// `interval`: drain the outbox, push, pull (unless push-only), heartbeat the locks of sessions
// live on this machine. Each cycle runs in a child process, so a network deadline or a hang ends
// the cycle, never the daemon; the next cycle retries. SIGTERM, SIGINT and the stop file
// (<home>/daemon.stop, written by `daemon --stop`; the same on every OS) end it between cycles.
// Its pid, last cycle and last error are in <home>/daemon.json (daemon_state.hpp).
#pragma once

#include "cli/context.hpp"
#include "cli/daemon_state.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace ccsync::cli {

struct DaemonOptions {
  std::chrono::seconds interval{300};
  bool push_only = false;
};

// Runs the daemon in this process until it is stopped; 0, or 0 at once with "already running"
// on `out` when another daemon holds the home.
int run_daemon(Context& context, const DaemonOptions& options);

// Asks a running daemon to stop and waits for it (up to 15 s): true when one was running.
bool stop_daemon(const platform::Dirs& dirs, std::chrono::seconds wait);

} // namespace ccsync::cli
