// ccsync update: push this machine's sessions, then release the locks it left behind after an
// abnormal exit (its locks whose holder process is gone).
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/lock_view.hpp"
#include "cli/sync_view.hpp"
#include "platform/process.hpp"
#include "sync/repo/session_locks.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

int
run_update(Context& context)
{
  const EngineSetup engine = engine_setup(context);
  const sync::PushReport pushed =
    sync::push_sessions(*context.repo, engine.setup, sync::PushRequest{});
  context.out << "Pushed " << pushed.changed.size() << " session"
              << (pushed.changed.size() == 1 ? "" : "s") << "\n";
  print_sessions(context.out, pushed.changed);
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
  drain_queued_work(context, engine);
  context.out << "Released " << released << " abandoned lock" << (released == 1 ? "" : "s") << "\n";
  return exit_code_for(pushed.skipped, false);
}

} // namespace

Invocation
parse_update_command(const Args& args)
{
  CLI::App app("Push this machine's sessions, then release the locks it left behind after an "
               "abnormal exit.");
  parse_args(app, "update", args);
  return {Needs{.config = true, .initialised = true, .repo = true}, run_update};
}

} // namespace ccsync::cli
