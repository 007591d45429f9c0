// ccsync update: release the locks this machine left behind after an abnormal exit (its locks
// whose holder process is gone). Pushing this machine's sessions first joins it with the sync
// engine.
#include "cli/commands.hpp"
#include "cli/lock_view.hpp"
#include "platform/process.hpp"
#include "sync/session_locks.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

int
run_update(Context& context)
{
  int released = 0;
  for (const auto& record : sync::list_locks(*context.repo)) {
    const bool orphan = record.held && record.holder.machine_id == context.machine_id() &&
                        !platform::process_alive(record.holder.pid, record.holder.process_start);
    if (orphan && sync::release_if_unchanged(*context.repo, record)) {
      context.out << "Released the lock on " << record.session_id << " (process "
                  << record.holder.pid << " is gone)\n";
      ++released;
    }
  }
  context.out << "Released " << released << " abandoned lock" << (released == 1 ? "" : "s")
              << "\n";
  return 0;
}

} // namespace

Invocation
parse_update_command(const Args& args)
{
  CLI::App app("Release the locks this machine left behind after an abnormal exit.");
  parse_args(app, "update", args);
  return {Needs{.config = true, .initialised = true, .repo = true}, run_update};
}

} // namespace ccsync::cli
