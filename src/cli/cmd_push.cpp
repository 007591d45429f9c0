// ccsync push [--dry-run] [SESSION_ID...]: push this machine's sessions (those under
// sync_directories, or the ones named) in one commit.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/sync_view.hpp"
#include "platform/host.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

struct PushOptions {
  bool dry_run = false;
  std::vector<std::string> ids;
};

int
run_push(Context& context, const PushOptions& options) {
  context.repo->refresh();
  const EngineSetup engine = engine_setup(context);
  sync::PushRequest request{options.dry_run, {options.ids.begin(), options.ids.end()}, {}};
  if (platform::interactive_terminal()) {
    request.progress = [&context](std::size_t done, std::size_t total) {
      // One line redrawn in place on the terminal's stderr; stdout keeps the report.
      context.err << "\r\033[Kpush: " << (done < total ? "reading" : "uploading") << " sessions "
                  << done << "/" << total << (done < total ? "" : "\r\033[K") << std::flush;
    };
  }
  const sync::PushReport report = sync::push_sessions(*context.repo, engine.setup, request);
  print_report(context.out, options.dry_run ? "Would push:" : "Pushed:", report.changed,
               report.shared, "Not pushed:", report.skipped);
  std::size_t lines = 0;
  std::size_t bytes = 0;
  for (const auto& s : report.changed) {
    lines += s.lines;
    bytes += s.bytes;
  }
  context.out << ", " << lines << " lines, " << bytes << " bytes"
              << (report.commit ? " in " + report.commit->substr(0, 12) : std::string()) << "\n";
  if (!report.uncovered_paths.empty()) {
    context.out << "These paths will arrive verbatim on other machines (no placeholder covers "
                   "them):\n";
    for (const auto& path : report.uncovered_paths) {
      context.out << "  " << path << "\n";
    }
  }
  return 0;
}

} // namespace

Invocation
parse_push_command(const Args& args) {
  PushOptions options;
  CLI::App app("Push this machine's sessions (under sync_directories, or the ones named).");
  app.add_flag("--dry-run,-n", options.dry_run, "Show what would be pushed; change nothing");
  app.add_option("SESSION_ID", options.ids, "Push only these sessions");
  parse_args(app, "push", args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_push(context, options); }};
}

} // namespace ccsync::cli
