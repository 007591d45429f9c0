// ccsync local SESSION_ID: mark one session as never shared (push, the hooks and the daemon do
// not send it, pull does not bring it).
// ccsync share SESSION_ID: undo that, and lift a `forget` of the session in the repository.
// The marks are <ccsync home>/local-sessions.json (sync/sharing/sharing_state.hpp).
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/session_ref.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/sharing/sharing_state.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

int
run_local(Context& context, const std::string& prefix)
{
  const EngineSetup engine = engine_setup(context);
  const sync::CatalogEntry entry = resolve_session(context, engine, prefix);
  const bool changed = sync::mark_local(context.dirs.ccsync_home, entry.id, true);
  context.out << "Session " << entry.id
              << (changed ? " is now local: push, the hooks and the daemon never send it, and "
                            "pull never brings it ('ccsync share "
                          : " was already local ('ccsync share ")
              << entry.id << "' undoes it)\n";
  if (entry.in_repository) {
    context.out << "The sync repository already holds it: 'ccsync forget " << entry.id
                << "' removes it from the branch tip\n";
  }
  return 0;
}

// Removes the repository's forget record of `id`, if it has one. True when it had.
bool
lift_forget(Context& context, const std::string& id)
{
  bool lifted = false;
  context.repo->edit("share: " + id + " (forget lifted by " + context.machine_id() + ")",
                     [&](const sync::Snapshot& snapshot) {
                       std::vector<git::Change> changes;
                       if (auto change =
                             sync::forgotten_change(snapshot, {}, {id}, context.machine_id())) {
                         changes.push_back(std::move(*change));
                       }
                       lifted = !changes.empty();
                       return changes;
                     });
  return lifted;
}

int
run_share(Context& context, const std::string& prefix)
{
  context.repo->refresh();
  const EngineSetup engine = engine_setup(context);
  const sync::CatalogEntry entry = resolve_session(context, engine, prefix);
  const bool unmarked = sync::mark_local(context.dirs.ccsync_home, entry.id, false);
  const bool lifted = lift_forget(context, entry.id);
  if (lifted) {
    sync::invalidate_sync_index(context.dirs.ccsync_home); // the index took it as forgotten
  }
  if (!unmarked && !lifted) {
    context.out << "Session " << entry.id << " was not marked local or forgotten\n";
  } else {
    context.out << "Session " << entry.id << " is shared again"
                << (lifted ? " (its forget record is lifted on every machine)" : "")
                << "; the next push sends it\n";
  }
  sync::SharingPolicy policy(engine.setup, context.repo->current());
  if (const sync::Sharing still = policy.judge(entry.id, entry.mapped ? entry.project : "");
      !still.shared()) {
    print_warning(context.err, "it stays unshared on this machine: " + sync::sharing_words(still));
  }
  return 0;
}

std::string
parse_session_argument(const Args& args, const std::string& command, const std::string& summary)
{
  std::string prefix;
  CLI::App app(summary);
  app.add_option("SESSION_ID", prefix, "The session (a unique id prefix is enough)")->required();
  parse_args(app, command, args);
  return prefix;
}

} // namespace

Invocation
parse_local_command(const Args& args)
{
  const std::string prefix = parse_session_argument(
    args, "local",
    "Mark a session as never shared: push does not send it, pull does not bring it.");
  return {Needs{.config = true, .initialised = true, .repo = true},
          [prefix](Context& context) { return run_local(context, prefix); }};
}

Invocation
parse_share_command(const Args& args)
{
  const std::string prefix = parse_session_argument(
    args, "share", "Share a session again (undoes 'ccsync local' and 'ccsync forget').");
  return {Needs{.config = true, .initialised = true, .repo = true},
          [prefix](Context& context) { return run_share(context, prefix); }};
}

} // namespace ccsync::cli
