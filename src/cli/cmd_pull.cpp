// ccsync pull [--dry-run] [--force] [SESSION_ID...]: fetch the sync repository and materialise
// its sessions in Claude's directory (see sync/engine.hpp for the rules).
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/session_ref.hpp"
#include "cli/sync_view.hpp"
#include "sync/repo/registry.hpp"
#include "sync/store/session_store.hpp"
#include "util/text.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

struct PullOptions {
  bool dry_run = false;
  bool force = false;
  Format format = Format::table;
  std::vector<std::string> ids;
};

void
print_text(Context& context, const sync::PullReport& report, const sync::SyncRepo& repo,
           bool dry_run)
{
  const git::CommitInfo head = repo.describe(*repo.current().commit());
  context.out << "Repository " << util::redact_url(context.config.config.remote.value) << " at "
              << head.id.substr(0, 12) << " " << head.summary << "\n";
  print_report(context.out, dry_run ? "Would update:" : "Updated:", report.changed, report.memory,
               "Left alone:", report.skipped);
  context.out << (dry_run ? " would change" : " changed") << "\n";
  if (const std::size_t held = sync::held_back_count(report.skipped); held > 0) {
    context.out << held << " session" << (held == 1 ? " was" : "s were")
                << " held back (see above); the exit code is 3\n";
  }
}

int
run_pull(Context& context, const PullOptions& options)
{
  sync::SyncRepo& repo = *context.repo;
  const sync::RemoteState remote = repo.refresh();
  const sync::Snapshot snapshot = repo.current();
  sync::verify_repository(remote, snapshot);
  const std::vector<std::string> named =
    resolve_ids(options.ids, sync::list_session_ids(snapshot), "in the repository");
  sync::PullReport report;
  if (!snapshot.empty()) {
    const EngineSetup engine = engine_setup(context);
    sync::PullRequest request;
    request.dry_run = options.dry_run;
    request.force = options.force;
    request.ids = {named.begin(), named.end()};
    const bool progress = context.shows_progress() && options.format == Format::table;
    if (progress) {
      request.progress = [&context](std::size_t done, std::size_t total) {
        // One line redrawn in place on the terminal's stderr; stdout keeps the report.
        context.err << "\r\033[Kpull: " << (done < total ? "reading" : "writing") << " sessions "
                    << done << "/" << total << std::flush;
      };
    }
    report = sync::pull_sessions(repo, engine.setup, request);
    if (progress) {
      context.err << "\r\033[K" << std::flush;
    }
    if (!options.dry_run) {
      drain_queued_work(context, engine);
    }
  }
  if (options.format == Format::json) {
    const nlohmann::json document = {{"updated", report_json(report.changed)},
                                     {"shared", report_json(report.memory)},
                                     {"left_alone", report_json(report.skipped)},
                                     {"held_back", sync::held_back_count(report.skipped)},
                                     {"failed", report.failed}};
    context.out << document.dump(2) << "\n";
  } else if (snapshot.empty()) {
    context.out << "The sync repository on " << util::redact_url(context.config.config.remote.value)
                << " is empty\n";
  } else {
    print_text(context, report, repo, options.dry_run);
  }
  return exit_code_for(report.skipped, report.failed);
}

} // namespace

Invocation
parse_pull_command(const Args& args)
{
  PullOptions options;
  CLI::App app("Fetch the sync repository and bring its sessions to this machine.");
  app.add_flag("--dry-run,-n", options.dry_run, "Show what would change; change nothing");
  app.add_flag("--force", options.force,
               "Replace local copies that differ (the local file is backed up first)");
  app.add_option("SESSION_ID", options.ids, "Pull only these sessions (also older ones)");
  add_format_option(app, options.format);
  parse_args(app, "pull", args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_pull(context, options); }};
}

} // namespace ccsync::cli
