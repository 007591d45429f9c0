// The background daemon: one per ccsync home (a kernel lock on <home>/daemon.lock), a cycle every
// `interval`: drain the outbox, push, pull (unless push-only), heartbeat the locks of sessions
// live on this machine. Each cycle runs in a child process, so a network deadline or a hang ends
// the cycle, never the daemon; the next cycle retries. SIGTERM, SIGINT and the stop file
// (<home>/daemon.stop, written by `daemon --stop`; the same on every OS) end it between cycles.
// Its pid, last cycle and last error are in <home>/daemon.json (for status and doctor).
#pragma once

#include "cli/context.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace ccsync::cli {

struct DaemonOptions {
  std::chrono::seconds interval{300};
  bool push_only = false;
};

struct DaemonState {
  long pid = 0;
  bool running = false;   // its lock is held (so the pid is live)
  std::string last_cycle; // UTC ISO 8601, "" before the first
  std::string last_error; // of the last cycle, "" when it succeeded
};

// What <home>/daemon.json and the daemon lock say (cli/daemon_state.cpp: no engine needed).
DaemonState daemon_state(const platform::Dirs& dirs);

// The daemon's files in the ccsync home: its kernel lock, its state, the stop request.
std::filesystem::path daemon_lock_file(const platform::Dirs& dirs);
std::filesystem::path daemon_state_file(const platform::Dirs& dirs);
std::filesystem::path daemon_stop_file(const platform::Dirs& dirs);

// Runs the daemon in this process until it is stopped; 0, or 0 at once with "already running"
// on `out` when another daemon holds the home.
int run_daemon(Context& context, const DaemonOptions& options);

// Asks a running daemon to stop and waits for it (up to 15 s): true when one was running.
bool stop_daemon(const platform::Dirs& dirs, std::chrono::seconds wait);

} // namespace ccsync::cli
