// ccsync push [--dry-run] [SESSION_ID...]: push this machine's sessions (those under
// sync_directories, or the ones named) in one commit. The dry run also lists the secrets in
// what would be pushed, as `ccsync scan` does.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/session_ref.hpp"
#include "cli/sync_view.hpp"
#include "platform/host.hpp"
#include "sync/local/repository_view.hpp"
#include "sync/local/state.hpp"
#include "sync/outbox/outbox.hpp"
#include "sync/setup/open.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <ostream>

namespace ccsync::cli {
namespace {

struct PushOptions {
  bool dry_run = false;
  Format format = Format::table;
  std::vector<std::string> ids;
};

// At most this many paths of a directory are named; the rest are counted.
constexpr std::size_t k_paths_per_directory = 3;

void
print_uncovered(std::ostream& out, const std::vector<paths::UncoveredGroup>& groups)
{
  if (groups.empty()) {
    return;
  }
  out << "These paths will arrive verbatim on other machines (no placeholder covers them; "
         "'ccsync config add-placeholder NAME=DIR' maps a directory):\n";
  for (const auto& group : groups) {
    out << "  " << group.directory << " (" << group.count << " mention"
        << (group.count == 1 ? "" : "s") << "):";
    for (std::size_t i = 0; i < group.paths.size() && i < k_paths_per_directory; ++i) {
      out << (i == 0 ? " " : ", ") << group.paths[i].path;
    }
    if (group.paths.size() > k_paths_per_directory) {
      out << " and " << group.paths.size() - k_paths_per_directory << " more";
    }
    out << "\n";
  }
}

// Says that sessions under no sync directory were not pushed, once per project directory (those
// said are remembered in <ccsync home>/outside-noticed.json): a push that sends nothing and
// exits 0 must not leave them silently behind, nor repeat itself at every push.
void
notice_outside(Context& context, const sync::PushReport& report)
{
  const auto file = context.dirs.ccsync_home / "outside-noticed.json";
  const nlohmann::json noticed = sync::read_object_file(file);
  std::map<std::string, std::size_t> fresh; // project directory -> sessions
  for (const auto& [id, cwd] : report.outside) {
    if (!noticed.contains(cwd)) {
      ++fresh[cwd];
    }
  }
  if (fresh.empty()) {
    return;
  }
  std::size_t sessions = 0;
  std::string where;
  for (const auto& [cwd, count] : fresh) {
    sessions += count;
    where += (where.empty() ? "" : ", ") + cwd;
  }
  context.out << "Not pushed: " << util::counted(sessions, "session")
              << " outside every sync directory, in " << where
              << ".\nShare a directory with 'ccsync config add-sync-dir DIR' (said once; "
                 "'ccsync status' and 'ccsync list' count them)\n";
  for (const auto& [cwd, count] : fresh) {
    sync::set_object_entry(file, cwd, util::format_utc(util::now()));
  }
}

nlohmann::json
uncovered_json(const std::vector<paths::UncoveredGroup>& groups)
{
  nlohmann::json list = nlohmann::json::array();
  for (const auto& group : groups) {
    nlohmann::json paths = nlohmann::json::array();
    for (const auto& entry : group.paths) {
      paths.push_back({{"path", entry.path}, {"count", entry.count}});
    }
    list.push_back({{"directory", group.directory}, {"count", group.count}, {"paths", paths}});
  }
  return list;
}

void
print_text(Context& context, const sync::PushReport& report, bool dry_run)
{
  print_report(context.out, dry_run ? "Would push:" : "Pushed:", report.changed, report.memory,
               "Not pushed:", report.skipped);
  std::size_t lines = 0;
  std::size_t bytes = 0;
  for (const auto& s : report.changed) {
    lines += s.lines;
    bytes += s.bytes;
  }
  context.out << ", " << util::counted(lines, "line") << ", " << util::human_size(bytes)
              << (report.commit ? " in " + report.commit->substr(0, 12) : std::string()) << "\n";
  if (const std::size_t held = sync::held_back_count(report.skipped); held > 0) {
    context.out << held << " session" << (held == 1 ? " was" : "s were")
                << " held back (see above); the exit code is 3\n";
  }
  if (dry_run) {
    context.out << "Secrets in what would be pushed:\n";
    print_secrets(context.out, report.secrets, context.config.config.secrets.value);
  }
  print_uncovered(context.out, report.uncovered);
}

// `outside`: the sessions here under no sync directory (the report's, or as the last push
// counted them when this one had nothing to do).
void
print_json(Context& context, const sync::PushReport& report, bool dry_run, std::size_t outside)
{
  nlohmann::json document = {{"pushed", report_json(report.changed)},
                             {"shared", report_json(report.memory)},
                             {"not_pushed", report_json(report.skipped)},
                             {"held_back", sync::held_back_count(report.skipped)},
                             {"commit", report.commit ? nlohmann::json(*report.commit) : nullptr},
                             {"uncovered", uncovered_json(report.uncovered)},
                             {"outside_sync_directories", outside}};
  if (dry_run) {
    nlohmann::json secrets = nlohmann::json::array();
    for (const auto& hit : report.secrets) {
      secrets.push_back(secret_json(hit));
    }
    document["secrets"] = std::move(secrets);
  }
  context.out << document.dump(2) << "\n";
}

// What changed here since the last push of everything, when the sync index can tell without
// the repository (sync::local_changes); nothing for a dry run, named sessions or queued work.
std::optional<std::vector<std::string>>
changed_here(const Context& context, const PushOptions& options)
{
  if (options.dry_run || !options.ids.empty() ||
      !sync::Outbox(context.dirs.ccsync_home).items().empty()) {
    return std::nullopt;
  }
  const config::Config& config = context.config.config;
  return sync::local_changes({context.dirs.claude_dir, context.dirs.ccsync_home,
                              config.sync_directories.value,
                              sync::sync_fingerprint(context.dirs, config), config.remote.value});
}

int
run_push(Context& context, const PushOptions& options)
{
  // Nothing changed: answered from the sync index alone (no repository, no network). A few
  // sessions changed: only they are read and planned; the index vouches for the others.
  const auto changed = changed_here(context, options);
  if (changed && changed->empty()) {
    spdlog::debug("push: nothing changed since the last push (sync index)");
    const sync::PushReport nothing;
    if (options.format == Format::json) {
      const auto view = sync::read_repository_view(context.dirs.ccsync_home);
      print_json(context, nothing, false, view ? view->outside : 0);
    } else {
      print_text(context, nothing, false);
    }
    return k_exit_ok;
  }
  const std::vector<std::string> named =
    resolve_ids(options.ids, local_session_ids(context), "here");
  context.open_repo(context.config.config.remote.value);
  context.repo->refresh();
  const EngineSetup engine = engine_setup(context);
  sync::PushRequest request;
  request.dry_run = options.dry_run;
  request.ids = {named.begin(), named.end()};
  if (changed) {
    spdlog::debug("push: {} changed since the last push (sync index)",
                  util::counted(changed->size(), "session"));
    request.ids = {changed->begin(), changed->end()};
    request.only_sync_directories = true;
    request.rest_unchanged = true;
  }
  if (context.shows_progress() && options.format == Format::table) {
    request.progress = [&context](std::size_t done, std::size_t total) {
      // One line redrawn in place on the terminal's stderr; stdout keeps the report.
      context.err << "\r\033[Kpush: " << (done < total ? "reading" : "uploading") << " sessions "
                  << done << "/" << total << (done < total ? "" : "\r\033[K") << std::flush;
    };
  }
  const sync::PushReport report = sync::push_sessions(*context.repo, engine.setup, request);
  if (!options.dry_run) {
    drain_queued_work(context, engine);
  }
  if (options.format == Format::json) {
    print_json(context, report, options.dry_run, report.outside.size());
  } else {
    print_text(context, report, options.dry_run);
    if (!options.dry_run && options.ids.empty()) {
      notice_outside(context, report);
    }
  }
  // A session that failed (a secret under secrets = block, an unreadable file) is an error.
  const bool failed = std::any_of(report.skipped.begin(), report.skipped.end(),
                                  [](const auto& s) { return s.outcome == sync::Outcome::failed; });
  return exit_code_for(report.skipped, failed);
}

} // namespace

Invocation
parse_push_command(const Args& args)
{
  PushOptions options;
  CLI::App app("Push this machine's sessions (under sync_directories, or the ones named).");
  app.add_flag("--dry-run,-n", options.dry_run, "Show what would be pushed; change nothing");
  app.add_option("SESSION_ID", options.ids, "Push only these sessions");
  add_format_option(app, options.format);
  parse_args(app, "push", args);
  // The repository is opened by run_push, and only when the sync index cannot answer.
  return {Needs{.config = true, .initialised = true},
          [options](Context& context) { return run_push(context, options); }};
}

} // namespace ccsync::cli
