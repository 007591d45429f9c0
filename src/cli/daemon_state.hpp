// The daemon's files in the ccsync home and its state as seen from outside (`status` and `doctor`
// read them; the `ccsync` front too): its kernel lock, <home>/daemon.json (pid, last cycle, last
// error) and the stop request. The daemon itself is daemon.hpp.
#pragma once

#include "platform/dirs.hpp"

#include <filesystem>
#include <string>

namespace ccsync::cli {

struct DaemonState {
  long pid = 0;
  bool running = false;   // its lock is held (so the pid is live)
  std::string last_cycle; // UTC ISO 8601, "" before the first
  std::string last_error; // of the last cycle, "" when it succeeded
  bool stopped = false;   // it ended on a stop request (else, when not running, it died)
};

// What <home>/daemon.json and the daemon lock say.
DaemonState daemon_state(const platform::Dirs& dirs);

// The daemon's files in the ccsync home: its kernel lock, its state, the stop request.
std::filesystem::path daemon_lock_file(const platform::Dirs& dirs);
std::filesystem::path daemon_state_file(const platform::Dirs& dirs);
std::filesystem::path daemon_stop_file(const platform::Dirs& dirs);

} // namespace ccsync::cli
