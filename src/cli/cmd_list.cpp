// ccsync list [--remote] [--all] [--from MACHINE_ID] [--format table|json]: the sessions on this
// machine (default), or in the sync repository (--remote, after a fetch), as the catalogue
// sees them (sync/catalog/catalog.hpp): title, project as it is here, who made and last edited
// each, last activity, lines, size, lock holder, forks. The JSON is documented in
// src/sync/README.md.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/sync_view.hpp"
#include "cli/table.hpp"
#include "sync/catalog/catalog.hpp"
#include "sync/repo/session_locks.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <ostream>
#include <set>

namespace ccsync::cli {
using nlohmann::json;

namespace {

struct ListOptions {
  bool remote = false;
  bool all = false;
  std::string from;
  Format format = Format::table;
};

json
lock_json(const std::optional<lock::LockRecord>& lock)
{
  if (!lock) {
    return nullptr;
  }
  return {{"machine_id", lock->holder.machine_id},
          {"since", util::format_epoch(lock->acquired_at)},
          {"expires_at", util::format_epoch(lock->expires_at)}};
}

json
describe(const sync::CatalogEntry& e)
{
  return {{"session_id", e.id},
          {"title", e.title},
          {"project", e.project},
          {"mapped_here", e.mapped},
          {"not_mapped", e.not_mapped.empty() ? json(nullptr) : json(e.not_mapped)},
          {"created_by", e.created_by},
          {"last_edited_by", e.last_edited_by},
          {"last_activity", e.last_activity},
          {"lines", e.lines},
          {"bytes", e.bytes},
          {"local", e.local},
          {"in_repository", e.in_repository},
          {"file", e.local ? json(e.file.string()) : json(nullptr)},
          {"forked_from", e.forked_from},
          {"lock", lock_json(e.lock)},
          {"in_sync_directories", e.in_sync_directories},
          {"shared", e.sharing.shared()},
          {"not_shared", e.sharing.shared() ? json(nullptr)
                                            : json({{"reason", sync::to_string(e.sharing.reason)},
                                                    {"detail", e.sharing.detail}})}};
}

std::string
title_of(const sync::CatalogEntry& e)
{
  std::string title = e.title.empty() ? "(untitled)" : e.title;
  std::replace(title.begin(), title.end(), '\n', ' ');
  if (!e.forked_from.empty()) {
    title += " (fork of " + e.forked_from + ")";
  }
  if (e.lock) {
    title += " [locked by " + e.lock->holder.machine_id + "]";
  }
  if (!e.sharing.shared()) {
    title += " [not shared: " + std::string(sync::to_string(e.sharing.reason)) + "]";
  }
  return title;
}

// On a narrow terminal the ids become prefixes (8 characters at least, which any command takes
// as the session), then the project and the title are cut.
void
print_table(std::ostream& out, const std::vector<sync::CatalogEntry>& list)
{
  Table table({{"SESSION", Shrink::prefix, 8},
               {"ACTIVITY"},
               {"EDITED BY", Shrink::ellipsis, 12},
               {"SIZE"},
               {"PROJECT", Shrink::ellipsis, 16},
               {"TITLE", Shrink::ellipsis, 20}});
  const std::int64_t now = util::now_epoch();
  for (const auto& e : list) {
    const auto when = util::parse_utc_lenient(e.last_activity);
    table.add_row({e.id, when ? util::relative_time(now - *when) : "?", e.last_edited_by,
                   util::human_size(e.bytes),
                   e.mapped ? e.project : "not mapped here: " + e.project, title_of(e)});
  }
  table.print(out, terminal_columns());
}

// Says how many sessions here the listing leaves out because they are under no sync directory
// (push does not send them), where they are, and how to share them.
void
print_outside(std::ostream& out, const std::vector<sync::CatalogEntry>& hidden)
{
  if (hidden.empty()) {
    return;
  }
  std::set<std::string> projects;
  for (const auto& e : hidden) {
    projects.insert(e.project);
  }
  std::string where;
  for (const auto& project : projects) {
    where += (where.empty() ? "" : ", ") + project;
  }
  out << "Not shown and not synced: " << util::counted(hidden.size(), "session")
      << " outside every sync directory, in " << where
      << " ('ccsync config add-sync-dir DIR' shares them; --all lists them)\n";
}

int
run_list(Context& context, const ListOptions& options)
{
  if (options.remote) {
    context.repo->refresh();
  }
  const EngineSetup engine = engine_setup(context);
  auto list =
    sync::build_catalog(context.repo->current(), engine.setup, sync::known_locks(*context.repo));
  std::vector<sync::CatalogEntry> outside; // local sessions that --all would show
  std::copy_if(
    list.begin(), list.end(), std::back_inserter(outside), [&](const sync::CatalogEntry& e) {
      return !options.all && !options.remote && e.local && e.mapped && !e.in_sync_directories &&
             (options.from.empty() || e.last_edited_by == options.from);
    });
  std::erase_if(list, [&](const sync::CatalogEntry& e) {
    return (options.remote ? !e.in_repository : !e.local) ||
           (!options.all && e.mapped && !e.in_sync_directories) ||
           (!options.from.empty() && e.last_edited_by != options.from);
  });
  if (options.format == Format::json) {
    json array = json::array();
    for (const auto& e : list) {
      array.push_back(describe(e));
    }
    context.out << array.dump(2) << "\n";
    return 0;
  }
  if (list.empty()) {
    context.out << (options.remote ? "The sync repository has no sessions\n"
                                   : "No sessions to list on this machine (try 'ccsync pull')\n");
  } else {
    print_table(context.out, list);
  }
  print_outside(context.out, outside);
  return 0;
}

} // namespace

Invocation
parse_list_command(const Args& args)
{
  ListOptions options;
  CLI::App app("List the sessions on this machine, or in the sync repository (--remote).");
  app.add_flag("--remote", options.remote, "List the repository's sessions (fetches first)");
  app.add_flag("--all", options.all, "Include sessions outside sync_directories");
  app.add_option("--from", options.from, "Only sessions last edited on this machine")
    ->option_text("MACHINE_ID");
  add_format_option(app, options.format);
  parse_args(app, "list", args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_list(context, options); }};
}

} // namespace ccsync::cli
