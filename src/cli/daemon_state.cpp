// The daemon's files and its state as seen from outside (`status` reads them, in the front too).
#include "cli/daemon_state.hpp"

#include "platform/fs.hpp"
#include "sync/local/state.hpp"

#include <nlohmann/json.hpp>

namespace ccsync::cli {
namespace fs = std::filesystem;

fs::path
daemon_lock_file(const platform::Dirs& dirs)
{
  return dirs.ccsync_home / "daemon.lock";
}

fs::path
daemon_state_file(const platform::Dirs& dirs)
{
  return dirs.ccsync_home / "daemon.json";
}

fs::path
daemon_stop_file(const platform::Dirs& dirs)
{
  return dirs.ccsync_home / "daemon.stop";
}

DaemonState
daemon_state(const platform::Dirs& dirs)
{
  DaemonState state;
  const nlohmann::json file = sync::read_object_file(daemon_state_file(dirs));
  state.pid = file.value("pid", 0L);
  state.last_cycle = file.value("last_cycle", "");
  state.last_error = file.value("last_error", "");
  state.stopped = file.value("stopped", false);
  std::error_code error;
  state.running =
    fs::exists(daemon_lock_file(dirs), error) &&
    !platform::FileLock::acquire(daemon_lock_file(dirs), std::chrono::milliseconds(0));
  return state;
}

} // namespace ccsync::cli
