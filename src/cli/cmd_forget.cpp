// ccsync forget PROJECT|SESSION_ID [--dry-run]: remove what was already pushed of a project or a
// session from the sync repository's branch tip, in one commit (sync/sharing/forget.hpp), and keep
// it from coming back: a session is marked local here, a project is added to `exclude`, and the
// repository's forgotten.json keeps other machines from pushing their copies again. History is
// not rewritten; the output says so.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/session_ref.hpp"
#include "paths/glob.hpp"
#include "paths/placeholders.hpp"
#include "paths/realpath.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/sharing/forget.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <ostream>

namespace ccsync::cli {
namespace {
namespace fs = std::filesystem;

struct ForgetOptions {
  std::string target;
  bool dry_run = false;
};

// A project is named by a path (absolute, relative or in placeholder form); anything else is a
// session id prefix.
bool
names_project(const std::string& target)
{
  return target.find('/') != std::string::npos || target.starts_with("{{") || target == "." ||
         target == "..";
}

// The portable form of the project `target` names ("{{HOME}}/clients/acme").
std::string
portable_project(const EngineSetup& engine, const std::string& target)
{
  std::string portable = target;
  if (!target.starts_with("{{")) {
    const std::string absolute = fs::absolute(target).lexically_normal().string();
    portable =
      engine.setup.placeholders->portable_path(paths::real_path(absolute).value_or(absolute));
  }
  while (portable.size() > 1 && portable.back() == '/') {
    portable.pop_back();
  }
  return portable;
}

sync::ForgetTarget
resolve_target(Context& context, const EngineSetup& engine, const std::string& target)
{
  if (names_project(target)) {
    return {"", portable_project(engine, target)};
  }
  return {resolve_session(context, engine, target).id, ""};
}

// Keeps the target from being pushed again by this machine: the session marked local, the
// project added to `exclude` (unless a pattern covers it already). Returns what it did.
std::string
keep_here(Context& context, const sync::ForgetTarget& target)
{
  if (!target.session_id.empty()) {
    sync::mark_local(context.dirs.ccsync_home, target.session_id, true);
    return "Session " + target.session_id + " is now local on this machine ('ccsync share " +
           target.session_id + "' shares it again).";
  }
  const auto& patterns = context.config.config.exclude.value.items;
  const bool covered = std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) {
    return paths::glob_covers(p, target.project);
  });
  if (covered) {
    return "The project is already excluded on this machine.";
  }
  config::update_file(context.dirs.config_file(),
                      [&](nlohmann::json& file) { file["exclude"].push_back(target.project); });
  return "Added " + target.project + " to exclude in " + context.dirs.config_file().string() +
         " (remove it with 'ccsync config remove-exclude').";
}

void
release_my_locks(Context& context, const std::vector<sync::ForgottenSession>& sessions)
{
  for (const auto& session : sessions) {
    const sync::LockView lock = sync::current_lock(*context.repo, session.id);
    if (lock.record && lock.record->held &&
        lock.record->holder.machine_id == context.machine_id()) {
      sync::release_if_held_by(*context.repo, session.id, context.machine_id(), 0);
    }
  }
}

void
print_plan(std::ostream& out, const sync::ForgetPlan& plan, const sync::ForgetTarget& target)
{
  const std::string what =
    target.session_id.empty() ? "project " + target.project : "session " + target.session_id;
  out << what << ": " << plan.sessions.size() << " session"
      << (plan.sessions.size() == 1 ? "" : "s") << " and " << plan.memory.size() << " memory folder"
      << (plan.memory.size() == 1 ? "" : "s") << " in the branch tip\n";
  for (const auto& session : plan.sessions) {
    out << "  " << session.id << "  " << session.project << "\n";
  }
  for (const auto& key : plan.memory) {
    out << "  memory " << key << "\n";
  }
}

int
run_forget(Context& context, const ForgetOptions& options)
{
  context.repo->refresh();
  const EngineSetup engine = engine_setup(context);
  const sync::ForgetTarget target = resolve_target(context, engine, options.target);
  sync::ForgetPlan plan = sync::plan_forget(context.repo->current(), target, context.machine_id());
  if (options.dry_run) {
    context.out << "Would forget ";
    print_plan(context.out, plan, target);
    return 0;
  }
  const std::string kept = keep_here(context, target);
  const auto result = context.repo->edit_described(
    sync::k_main_ref,
    [&] { return "forget " + (target.session_id.empty() ? target.project : target.session_id); },
    [&](const sync::Snapshot& snapshot) {
      plan = sync::plan_forget(snapshot, target, context.machine_id());
      return plan.changes;
    });
  release_my_locks(context, plan.sessions);
  context.out << "Forgot ";
  print_plan(context.out, plan, target);
  context.out << (result.commit ? "Removed from the branch tip in " + result.commit->substr(0, 12)
                                : std::string("Nothing to remove from the branch tip"))
              << ". " << kept << "\n"
              << "Other machines keep their copies, and their pushes do not send them again.\n"
              << "History is not rewritten: older commits of the sync repository still hold "
                 "what was pushed. To erase it, rewrite the remote's history (git filter-repo) "
                 "or start a new repository.\n";
  return 0;
}

} // namespace

Invocation
parse_forget_command(const Args& args)
{
  ForgetOptions options;
  CLI::App app("Remove a project's or a session's pushed files from the sync repository's branch "
               "tip (history is not rewritten), and stop sharing it.");
  app
    .add_option("PROJECT|SESSION_ID", options.target,
                "A project directory (a path, or its placeholder form such as "
                "{{HOME}}/clients/acme) or a session id (a unique prefix is enough)")
    ->required();
  app.add_flag("--dry-run,-n", options.dry_run, "Show what would be removed; change nothing");
  parse_args(app, "forget", args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_forget(context, options); }};
}

} // namespace ccsync::cli
