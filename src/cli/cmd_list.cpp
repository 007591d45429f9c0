// ccsync list [--remote] [--format table|json]: the sessions on this machine (default), or every
// session in the sync repository (--remote, after a fetch), with the machine that last edited
// each one and where forks came from.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/sync_view.hpp"
#include "sync/local_sessions.hpp"
#include "sync/session_store.hpp"
#include "sync/state.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <ostream>

namespace ccsync::cli {
using nlohmann::json;

namespace {

struct ListOptions {
  bool remote = false;
  Format format = Format::table;
};

json
describe(const sync::SessionMeta& meta, const paths::Placeholders& placeholders)
{
  std::set<std::string> missing;
  const auto project = placeholders.local_path(meta.project, missing);
  return {{"session_id", meta.session_id},
          {"title", placeholders.expand(meta.title)},
          {"project", project ? *project : meta.project},
          {"mapped_here", project.has_value()},
          {"last_edited_by", meta.last_edited_by},
          {"created_by", meta.created_by},
          {"last_activity", meta.last_activity},
          {"lines", meta.lines},
          {"forked_from", meta.forked_from}};
}

json
remote_sessions(const Context& context, const paths::Placeholders& placeholders)
{
  json list = json::array();
  const sync::Snapshot snapshot = context.repo->current();
  for (const auto& id : snapshot.list("sessions")) {
    const auto text = snapshot.read(sync::meta_path(id));
    if (const auto meta = text ? sync::parse_meta(*text) : std::nullopt) {
      list.push_back(describe(*meta, placeholders));
    }
  }
  return list;
}

json
local_sessions(const Context& context, const paths::Placeholders& placeholders)
{
  const sync::Snapshot snapshot = context.repo->current();
  const json forks = sync::read_object_file(context.dirs.ccsync_home / "forks.json");
  json list = json::array();
  for (const auto& local : sync::find_local_sessions(context.dirs.claude_dir)) {
    const auto text = snapshot.read(sync::meta_path(local.id));
    const auto meta = text ? sync::parse_meta(*text) : std::nullopt;
    json entry = meta ? describe(*meta, placeholders)
                      : json{{"session_id", local.id}, {"last_edited_by", "this machine"},
                             {"lines", nullptr},       {"title", ""},
                             {"last_activity", ""},    {"forked_from", ""}};
    if (forks.contains(local.id) && forks[local.id].is_string()) {
      entry["forked_from"] = forks[local.id];
    }
    entry["in_repository"] = meta.has_value();
    entry["file"] = local.transcript.string();
    list.push_back(entry);
  }
  return list;
}

void
print_table(std::ostream& out, const json& list)
{
  out << std::left << std::setw(38) << "SESSION" << std::setw(22) << "LAST ACTIVITY"
      << std::setw(16) << "EDITED BY"
      << "TITLE\n";
  for (const auto& s : list) {
    std::string title = s.value("title", "").substr(0, 50);
    if (!s.value("forked_from", "").empty()) {
      title += " (fork of " + s["forked_from"].get<std::string>() + ")";
    }
    out << std::setw(38) << s["session_id"].get<std::string>() << std::setw(22)
        << s.value("last_activity", "").substr(0, 19) << std::setw(16)
        << s.value("last_edited_by", "") << title << "\n";
  }
}

int
run_list(Context& context, const ListOptions& options)
{
  if (options.remote) {
    context.repo->refresh();
  }
  const EngineSetup engine = engine_setup(context);
  const json list = options.remote ? remote_sessions(context, *engine.placeholders)
                                   : local_sessions(context, *engine.placeholders);
  if (options.format == Format::json) {
    context.out << list.dump(2) << "\n";
  } else if (list.empty()) {
    context.out << (options.remote ? "The sync repository has no sessions\n"
                                   : "No sessions on this machine (try 'ccsync pull')\n");
  } else {
    print_table(context.out, list);
  }
  return 0;
}

} // namespace

Invocation
parse_list_command(const Args& args)
{
  ListOptions options;
  CLI::App app("List the sessions on this machine, or in the sync repository (--remote).");
  app.add_flag("--remote", options.remote, "List the repository's sessions (fetches first)");
  add_format_option(app, options.format);
  parse_args(app, "list", args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_list(context, options); }};
}

} // namespace ccsync::cli
