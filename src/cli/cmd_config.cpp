// ccsync config: show every value with its origin; edit shared_placeholders.json in the sync
// repository (commit + push, retried when another machine pushed first), and for this machine's
// own paths also config.json; add or remove `exclude` patterns and `sync_directories` entries
// (config.json only).
#include "cli/cmd_config.hpp"

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "sync/decisions.hpp"
#include "sync/repo/registry.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>
#include <tuple>

namespace ccsync::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Row {
  std::string key;
  json value;
  std::string origin;
};

std::vector<Row>
config_rows(const Context& context)
{
  std::vector<Row> rows;
  const auto env_or_default = [](bool from_env) { return from_env ? "env" : "default"; };
  rows.push_back({"ccsync_home", context.dirs.ccsync_home.string(),
                  env_or_default(context.dirs.ccsync_home_from_env)});
  rows.push_back({"claude_dir", context.dirs.claude_dir.string(),
                  env_or_default(context.dirs.claude_dir_from_env)});
  config::for_each_setting(context.config.config, [&](const std::string& key, const auto& setting) {
    json value = config::to_json_value(setting);
    if (key == "remote") {
      value = util::redact_url(value.get<std::string>());
    }
    rows.push_back({key, value, config::to_string(setting.origin)});
  });
  return rows;
}

json
shared_placeholders(Context& context)
{
  if (!context.config.file_exists) {
    return json::object();
  }
  sync::SyncRepo& repo = context.open_repo(context.config.config.remote.value);
  return json(sync::read_placeholders(repo.current()));
}

void
print_table(std::ostream& out, const std::vector<Row>& rows, const json& shared)
{
  for (const auto& row : rows) {
    const std::string value =
      row.value.is_string() ? row.value.get<std::string>() : row.value.dump();
    out << "(" << row.origin << ") " << row.key << " = " << value << "\n";
  }
  for (const auto& [name, machines] : shared.items()) {
    for (const auto& [machine, path] : machines.items()) {
      out << "(repo) shared_placeholders." << name << "." << machine << " = "
          << path.get<std::string>() << "\n";
    }
  }
}

int
show(Context& context, Format format)
{
  const auto rows = config_rows(context);
  const json shared = shared_placeholders(context);
  if (format == Format::table) {
    print_table(context.out, rows, shared);
    return 0;
  }
  json document = json::object();
  for (const auto& row : rows) {
    document[row.key] = {{"value", row.value}, {"origin", row.origin}};
  }
  document["shared_placeholders"] = shared;
  context.out << document.dump(2) << "\n";
  return 0;
}

// What a new mapping here means for the sessions already pushed (plan_session re-translates).
void
say_retranslation(std::ostream& out, const ConfigOptions& options)
{
  const std::string name = "{{" + options.name + "}}";
  out << "The next push rewrites the sessions here that mention " << options.path << " with "
      << name << " in the repository.\nA machine with no path for " << name
      << " holds them back until 'ccsync config set-path " << options.name
      << " MACHINE_ID PATH'.\n";
}

int
set_placeholder(Context& context, const ConfigOptions& options)
{
  sync::SyncRepo& repo = *context.repo;
  const sync::PlaceholderPath entry{options.name, options.machine_id, options.path};
  const auto result =
    repo.edit(options.path.empty()
                ? "config: remove " + options.name + " on " + options.machine_id
                : "config: " + options.name + " = " + options.path + " on " + options.machine_id,
              [&](const sync::Snapshot& snapshot) {
                std::vector<git::Change> changes;
                if (auto change = sync::placeholders_change(snapshot, {entry})) {
                  changes.push_back(std::move(*change));
                }
                return changes;
              });
  if (options.machine_id == context.machine_id()) {
    config::update_file(context.dirs.config_file(), [&](json& file) {
      if (!options.path.empty()) {
        file["custom_placeholders"][options.name] = options.path;
      } else if (file.contains("custom_placeholders") && file["custom_placeholders"].is_object()) {
        file["custom_placeholders"].erase(options.name);
      }
    });
  }
  const auto machines = sync::list_machines(repo.current());
  const bool known = std::any_of(machines.begin(), machines.end(),
                                 [&](const auto& m) { return m.machine_id == options.machine_id; });
  if (!known) {
    print_warning(context.err, "machine '" + options.machine_id + "' is not registered (yet)");
  }
  if (options.path.empty()) {
    context.out << "{{" << options.name << "}} has no path on machine '" << options.machine_id
                << "'" << (result.commit ? "" : " (unchanged: it had none)") << "\n";
    return 0;
  }
  context.out << "{{" << options.name << "}} = " << options.path << " on machine '"
              << options.machine_id << "'" << (result.commit ? "" : " (unchanged)") << "\n";
  if (result.commit && options.machine_id == context.machine_id()) {
    say_retranslation(context.out, options);
  }
  return 0;
}

// Adds `options.pattern` to `exclude` in config.json, or removes it.
int
edit_exclude(Context& context, const ConfigOptions& options)
{
  const bool add = options.action == ConfigOptions::Action::add_exclude;
  bool changed = false;
  config::update_file(context.dirs.config_file(), [&](json& file) {
    json list =
      file.contains("exclude") && file["exclude"].is_array() ? file["exclude"] : json::array();
    const auto found = std::find(list.begin(), list.end(), json(options.pattern));
    changed = add == (found == list.end());
    if (add && changed) {
      list.push_back(options.pattern);
    } else if (!add && changed) {
      list.erase(found);
    }
    file["exclude"] = list;
  });
  context.out << "exclude: " << options.pattern << " "
              << (changed ? (add ? "added" : "removed") : (add ? "already there" : "was not there"))
              << "\n";
  if (context.config.config.exclude.origin == config::Origin::env) {
    print_warning(context.err, "CCSYNC_EXCLUDE is set: it overrides the file's exclude list");
  }
  return 0;
}

// `path` as sync_directories keeps it: absolute, normalised, without a trailing slash.
std::string
directory_entry(const std::string& path)
{
  std::string dir = fs::absolute(path).lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') {
    dir.pop_back();
  }
  return dir;
}

std::string
listed(const std::vector<std::string>& dirs)
{
  std::string text;
  for (const auto& dir : dirs) {
    text += (text.empty() ? "" : ", ") + dir;
  }
  return text.empty() ? "(none)" : text;
}

// Adds a directory to `sync_directories` in config.json, or removes it; a file without the key
// starts from the default, the home directory. Returns what to say.
std::string
change_sync_dirs(std::vector<std::string>& dirs, const std::string& dir, bool add)
{
  const auto found = std::find(dirs.begin(), dirs.end(), dir);
  if (add && found != dirs.end()) {
    return dir + " is already there (unchanged)";
  }
  if (add && sync::is_under_any(dir, dirs)) {
    return dir + " is inside a sync directory already (unchanged): " + listed(dirs);
  }
  if (!add && found == dirs.end()) {
    return dir + " is not one of them (unchanged): " + listed(dirs);
  }
  if (!add && dirs.size() == 1) {
    throw Error(ErrorKind::usage, dir + " is the only sync directory: nothing would be pushed",
                "add another first ('ccsync config add-sync-dir DIR')");
  }
  if (add) {
    dirs.push_back(dir);
  } else {
    dirs.erase(found);
  }
  return std::string(add ? "added " : "removed ") + dir + ": " + listed(dirs);
}

int
edit_sync_dirs(Context& context, const ConfigOptions& options)
{
  const bool add = options.action == ConfigOptions::Action::add_sync_dir;
  const std::string dir = directory_entry(options.path);
  std::string said;
  config::update_file(context.dirs.config_file(), [&](json& file) {
    const json& old = file.contains("sync_directories") ? file["sync_directories"] : json();
    auto dirs = old.is_array() ? old.get<std::vector<std::string>>()
                               : std::vector<std::string>{context.dirs.home.string()};
    said = change_sync_dirs(dirs, dir, add);
    file["sync_directories"] = dirs;
  });
  context.out << "sync_directories: " << said << "\n";
  if (add && !fs::is_directory(dir)) {
    print_warning(context.err, dir + " does not exist (yet)");
  }
  if (context.config.config.sync_directories.origin == config::Origin::env) {
    print_warning(context.err,
                  "CCSYNC_SYNC_DIRECTORIES is set: it overrides the file's sync_directories");
  }
  return 0;
}

} // namespace

ConfigOptions
parse_config(const Args& args)
{
  ConfigOptions options;
  CLI::App app("Show the configuration, or edit placeholder paths, exclude patterns and sync "
               "directories.");
  CLI::App* show = add_action(app, "show", "Every setting with where it came from (default)");
  add_format_option(*show, options.format);
  std::string assignment;
  CLI::App* add = add_action(app, "add-placeholder", "Map {{NAME}} to PATH on this machine");
  add->add_option("NAME=PATH", assignment, "The mapping for this machine")->required();
  CLI::App* set = add_action(app, "set-path", "Set NAME's path for any machine");
  set->add_option("NAME", options.name, "The placeholder, without braces")->required();
  set->add_option("MACHINE_ID", options.machine_id, "The machine whose path it is")->required();
  set->add_option("PATH", options.path, "The absolute path on that machine")->required();
  CLI::App* remove = add_action(app, "remove-path", "Remove NAME's path for a machine");
  remove->add_option("NAME", options.name, "The placeholder, without braces")->required();
  remove->add_option("MACHINE_ID", options.machine_id, "The machine it is removed for")->required();
  CLI::App* add_exclude =
    add_action(app, "add-exclude", "Never share projects matching PATTERN ({{HOME}}/clients/**)");
  add_exclude->add_option("PATTERN", options.pattern, "A glob over project paths")->required();
  CLI::App* remove_exclude = add_action(app, "remove-exclude", "Remove PATTERN from exclude");
  remove_exclude->add_option("PATTERN", options.pattern, "As it was added")->required();
  CLI::App* add_dir =
    add_action(app, "add-sync-dir", "Share the sessions of projects under PATH too");
  add_dir->add_option("PATH", options.path, "A directory (made absolute)")->required();
  CLI::App* remove_dir =
    add_action(app, "remove-sync-dir", "Stop sharing the sessions of projects under PATH");
  remove_dir->add_option("PATH", options.path, "As it was added")->required();
  parse_args(app, "config", args);
  const std::string action = chosen_action(app, "show");
  if (action == "add-sync-dir" || action == "remove-sync-dir") {
    options.action = action == "add-sync-dir" ? ConfigOptions::Action::add_sync_dir
                                              : ConfigOptions::Action::remove_sync_dir;
  }
  if (action == "add-exclude" || action == "remove-exclude") {
    config::validate_exclude_pattern(options.pattern);
    options.action = action == "add-exclude" ? ConfigOptions::Action::add_exclude
                                             : ConfigOptions::Action::remove_exclude;
  }
  if (action == "add-placeholder") {
    std::tie(options.name, options.path) = config::parse_placeholder_assignment(assignment);
    options.action = ConfigOptions::Action::add_placeholder;
  } else if (action == "set-path") {
    config::validate_new_placeholder(options.name, options.path);
    if (!util::is_valid_machine_id(options.machine_id)) {
      throw Error(ErrorKind::usage, "'" + options.machine_id + "' is not a valid machine id");
    }
    options.action = ConfigOptions::Action::set_path;
  } else if (action == "remove-path") {
    if (!util::is_valid_machine_id(options.machine_id)) {
      throw Error(ErrorKind::usage, "'" + options.machine_id + "' is not a valid machine id");
    }
    options.action = ConfigOptions::Action::remove_path; // any name: a bad one is what it fixes
  }
  return options;
}

int
run_config(Context& context, const ConfigOptions& options)
{
  if (options.action == ConfigOptions::Action::show) {
    return show(context, options.format);
  }
  if (options.action == ConfigOptions::Action::add_exclude ||
      options.action == ConfigOptions::Action::remove_exclude) {
    return edit_exclude(context, options);
  }
  if (options.action == ConfigOptions::Action::add_sync_dir ||
      options.action == ConfigOptions::Action::remove_sync_dir) {
    return edit_sync_dirs(context, options);
  }
  ConfigOptions resolved = options;
  if (options.action == ConfigOptions::Action::add_placeholder) {
    resolved.machine_id = context.machine_id();
  }
  return set_placeholder(context, resolved);
}

Invocation
parse_config_command(const Args& args)
{
  ConfigOptions options = parse_config(args);
  const bool edits = options.action == ConfigOptions::Action::add_placeholder ||
                     options.action == ConfigOptions::Action::set_path ||
                     options.action == ConfigOptions::Action::remove_path;
  return {Needs{.config = true, .initialised = edits, .repo = edits},
          [options](Context& context) { return run_config(context, options); }};
}

} // namespace ccsync::cli
