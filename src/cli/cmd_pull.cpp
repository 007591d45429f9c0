// ccsync pull [--dry-run] [--force] [SESSION_ID...]: fetch the sync repository and materialise
// its sessions in Claude's directory (see sync/engine.hpp for the rules).
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/sync_view.hpp"
#include "sync/registry.hpp"
#include "util/text.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

struct PullOptions {
  bool dry_run = false;
  bool force = false;
  std::vector<std::string> ids;
};

int
run_pull(Context& context, const PullOptions& options) {
  sync::SharedRepo& repo = *context.repo;
  const sync::RemoteState remote = repo.refresh();
  const sync::Snapshot snapshot = repo.current();
  sync::verify_repository(remote, snapshot);
  const std::string where = util::redact_url(context.config.config.remote.value);
  if (snapshot.empty()) {
    context.out << "The sync repository on " << where << " is empty\n";
    return 0;
  }
  const EngineSetup engine = engine_setup(context);
  sync::PullRequest request;
  request.dry_run = options.dry_run;
  request.force = options.force;
  request.ids = {options.ids.begin(), options.ids.end()};
  const sync::PullReport report = sync::pull_sessions(repo, engine.setup, request);
  const git::CommitInfo head = repo.describe(*snapshot.commit());
  context.out << "Repository " << where << " at " << head.id.substr(0, 12) << " " << head.summary
              << "\n";
  print_report(context.out, options.dry_run ? "Would update:" : "Updated:", report.changed,
               report.shared, "Left alone:", report.skipped);
  context.out << (options.dry_run ? " would change" : " changed") << "\n";
  return report.failed ? 1 : 0;
}

} // namespace

Invocation
parse_pull_command(const Args& args) {
  PullOptions options;
  CLI::App app("Fetch the sync repository and bring its sessions to this machine.");
  app.add_flag("--dry-run,-n", options.dry_run, "Show what would change; change nothing");
  app.add_flag("--force", options.force,
               "Replace local copies that differ (the local file is backed up first)");
  app.add_option("SESSION_ID", options.ids, "Pull only these sessions (also older ones)");
  parse_args(app, "pull", args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_pull(context, options); }};
}

} // namespace ccsync::cli
