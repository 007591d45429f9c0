// `status` from files: see status_report.hpp.
#include "cli/status_report.hpp"

#include "cli/daemon_state.hpp"
#include "cli/output.hpp"
#include "hook/settings.hpp"
#include "lock/lock_record.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/format.hpp"
#include "sync/local/held_locks.hpp"
#include "sync/local/repository_view.hpp"
#include "sync/local/state.hpp"
#include "sync/outbox/outbox.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <ostream>

namespace ccsync::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Work the hooks queued that is not done yet (the outbox).
json
outbox_status(const platform::Dirs& dirs)
{
  const sync::OutboxStatus status = sync::Outbox(dirs.ccsync_home).status();
  return {{"depth", status.depth},
          {"oldest", status.oldest == 0 ? json(nullptr) : json(util::format_epoch(status.oldest))},
          {"last_error", status.last_error.empty() ? json(nullptr) : json(status.last_error)}};
}

// Where ccsync's hooks are registered (user settings) and whether the plugin is enabled there.
json
hooks_status(const platform::Dirs& dirs)
{
  const auto file = dirs.claude_dir / "settings.json";
  const auto text = platform::read_file(file);
  std::size_t entries = 0;
  bool plugin = false;
  try {
    const auto settings = hook::parse_settings(text.value_or(""), file.string());
    entries = hook::count_ccsync_hooks(settings);
    plugin = hook::ccsync_plugin_enabled(settings);
  } catch (const Error&) {
    return {{"settings", file.string()}, {"entries", nullptr}, {"plugin", nullptr}};
  }
  return {{"settings", file.string()}, {"entries", entries}, {"plugin", plugin}};
}

json
daemon_json(const platform::Dirs& dirs)
{
  const DaemonState state = daemon_state(dirs);
  return {{"running", state.running},
          {"pid", state.running ? json(state.pid) : json(nullptr)},
          {"last_cycle", state.last_cycle.empty() ? json(nullptr) : json(state.last_cycle)},
          {"last_error", state.last_error.empty() ? json(nullptr) : json(state.last_error)}};
}

// The Claude Code that `resume` would run: its path on PATH, or null.
json
claude_json(const config::Config& config, const platform::Environment& env)
{
  const std::string& command = config.claude_command.value;
  const auto found = platform::find_program(command, env.get("PATH").value_or(""));
  return {{"command", command}, {"path", found ? json(found->string()) : json(nullptr)}};
}

// The transcripts here (projects/<folder>/<session id>.jsonl), counted from the directory
// listings alone.
std::size_t
local_sessions(const platform::Dirs& dirs)
{
  std::size_t count = 0;
  std::error_code unknown; // an entry whose type cannot be told is not counted
  for (const auto& project : platform::list_dir(dirs.claude_dir / "projects")) {
    if (!project.is_directory(unknown) || project.is_symlink(unknown)) {
      continue;
    }
    for (const auto& entry : platform::list_dir(project.path())) {
      const std::string name = entry.path().filename().string();
      count += name.ends_with(".jsonl") && entry.is_regular_file(unknown) &&
                   lock::is_valid_session_id(name.substr(0, name.size() - 6))
                 ? 1
                 : 0;
    }
  }
  return count;
}

json
repository_json(const std::optional<sync::RepositoryView>& view, const std::string& me)
{
  json machines = json::array();
  if (view) {
    for (const auto& m : view->machines) {
      machines.push_back({{"machine_id", m.machine_id},
                          {"os", m.os},
                          {"hostname", m.hostname},
                          {"registered_at", m.registered_at},
                          {"this_machine", m.machine_id == me}});
    }
  }
  const json head = view && view->head_commit ? json{{"commit", *view->head_commit},
                                                     {"summary", view->head_summary},
                                                     {"time", view->head_time}}
                                              : json(nullptr);
  return {{"head", head}, {"machines", machines}};
}

// Sessions here, in the repository (as of the last fetch), and the locks this machine holds.
json
sessions_json(const platform::Dirs& dirs, const std::optional<sync::RepositoryView>& view)
{
  json held = json::array();
  for (const auto& [id, expires] : sync::locks_held(dirs.ccsync_home)) {
    held.push_back({{"session_id", id}, {"expires_at", util::format_epoch(expires)}});
  }
  return {{"local", local_sessions(dirs)},
          {"in_repository", view ? view->sessions : 0},
          {"never_pushed", view ? view->never_pushed : 0},
          {"outside_sync_directories", view ? view->outside : 0},
          {"locks_held", held}};
}

std::string
or_never(const json& value)
{
  return value.is_null() ? "never" : value.get<std::string>();
}

} // namespace

json
collect_status(const platform::Dirs& dirs, const config::Config& config,
               const platform::Environment& env)
{
  const sync::SyncState state = sync::load_state(dirs.state_file());
  const auto view = sync::read_repository_view(dirs.ccsync_home);
  json repository = repository_json(view, config.machine_id.value);
  return {{"machine_id", config.machine_id.value},
          {"remote", util::redact_url(config.remote.value)},
          {"repository_head", repository["head"]},
          {"repository_encrypted", view && view->encrypted},
          {"machines", repository["machines"]},
          // state.json's last_pull is written at every fetch (a pull, a push, a lock step)
          {"last_fetch", state.last_pull.empty() ? json(nullptr) : json(state.last_pull)},
          {"last_pull", state.last_pull.empty() ? json(nullptr) : json(state.last_pull)},
          {"last_push", state.last_push.empty() ? json(nullptr) : json(state.last_push)},
          {"outbox", outbox_status(dirs)},
          {"sessions", sessions_json(dirs, view)},
          {"hooks", hooks_status(dirs)},
          {"daemon", daemon_json(dirs)},
          {"claude", claude_json(config, env)},
          {"format_version", sync::k_format_version},
          {"ccsync_home", dirs.ccsync_home.string()}};
}

void
print_status_table(std::ostream& out, const json& status)
{
  out << "machine:     " << status["machine_id"].get<std::string>() << "\n"
      << "remote:      " << status["remote"].get<std::string>() << "\n";
  const json& head = status["repository_head"];
  out << "repository:  "
      << (head.is_null()
            ? std::string("empty")
            : head["commit"].get<std::string>().substr(0, 12) + " " +
                head["summary"].get<std::string>() + " (" + head["time"].get<std::string>() + ")")
      << (status["repository_encrypted"].get<bool>() ? " encrypted" : "") << "\n";
  out << "machines:    " << status["machines"].size() << "\n";
  for (const auto& m : status["machines"]) {
    out << "  " << m["machine_id"].get<std::string>() << (m["this_machine"].get<bool>() ? " *" : "")
        << "  " << m["os"].get<std::string>() << ", " << m["hostname"].get<std::string>()
        << ", registered " << m["registered_at"].get<std::string>() << "\n";
  }
  out << "last fetch:  " << or_never(status["last_fetch"]) << "\n"
      << "last push:   " << or_never(status["last_push"]) << "\n";
  const json& outbox = status["outbox"];
  out << "queued:      " << util::counted(outbox["depth"].get<std::size_t>(), "hook item");
  if (!outbox["oldest"].is_null()) {
    out << ", oldest " << outbox["oldest"].get<std::string>();
  }
  if (!outbox["last_error"].is_null()) {
    out << ", last error: " << outbox["last_error"].get<std::string>();
  }
  out << "\n";
  if (outbox["depth"].get<std::size_t>() > 0) {
    out << "  done by:   "
        << (status["daemon"]["running"].get<bool>()
              ? std::string("the daemon, at its next cycle")
              : std::string("the next Claude session or ccsync command ('ccsync daemon' would "
                            "retry on its own)"))
        << "\n";
  }
  const json& sessions = status["sessions"];
  out << "sessions:    " << sessions["local"].get<std::size_t>() << " here, "
      << sessions["in_repository"].get<std::size_t>() << " in the repository, "
      << sessions["never_pushed"].get<std::size_t>() << " never pushed\n";
  if (const auto outside = sessions["outside_sync_directories"].get<std::size_t>(); outside > 0) {
    out << "  not synced: " << util::counted(outside, "session")
        << " outside every sync directory ('ccsync config add-sync-dir DIR' shares them)\n";
  }
  for (const auto& held : sessions["locks_held"]) {
    out << "  locked here: " << held["session_id"].get<std::string>() << " until "
        << held["expires_at"].get<std::string>() << "\n";
  }
  const json& hooks = status["hooks"];
  out << "hooks:       "
      << (hooks["entries"].is_null() ? std::string("settings unreadable")
          : hooks["entries"].get<std::size_t>() > 0
            ? std::to_string(hooks["entries"].get<std::size_t>()) + " entries"
            : std::string("not installed ('ccsync install-hooks')"))
      << (hooks["plugin"] == true ? ", plugin enabled" : "") << " in "
      << hooks["settings"].get<std::string>() << "\n";
  const json& daemon = status["daemon"];
  out << "daemon:      "
      << (daemon["running"].get<bool>()
            ? "running, pid " + std::to_string(daemon["pid"].get<long>())
            : std::string("not running"));
  if (!daemon["last_cycle"].is_null()) {
    out << ", last cycle " << daemon["last_cycle"].get<std::string>();
  }
  if (!daemon["last_error"].is_null()) {
    out << " (" << daemon["last_error"].get<std::string>() << ")";
  }
  out << "\nclaude:      "
      << (status["claude"]["path"].is_null()
            ? "'" + status["claude"]["command"].get<std::string>() + "' not found on PATH"
            : status["claude"]["path"].get<std::string>())
      << "\n";
}

namespace {

bool
set_format(StatusOptions& options, std::string_view value)
{
  if (value != "json" && value != "table" && value != "text") {
    return false;
  }
  options.json = value == "json";
  return true;
}

Error
status_usage(const std::string& what)
{
  return Error(ErrorKind::usage, what, "see 'ccsync status --help'");
}

} // namespace

StatusOptions
parse_status_options(const std::vector<std::string>& args)
{
  StatusOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      options.help = true;
    } else if (arg == "-v" || arg == "--verbose") {
      continue; // status logs nothing worth showing
    } else if (arg.starts_with("--format=")) {
      if (!set_format(options, arg.substr(9))) {
        throw status_usage("--format: '" + std::string(arg.substr(9)) + "' is not table or json");
      }
    } else if (arg == "--format") {
      if (i + 1 == args.size() || !set_format(options, args[i + 1])) {
        throw status_usage("--format needs table or json");
      }
      ++i;
    } else {
      throw status_usage("status takes no argument '" + std::string(arg) + "'");
    }
  }
  return options;
}

std::string
status_help()
{
  return "Show this machine's sync status (offline: as of the last pull or push).\n"
         "Usage: ccsync status [--format table|json]\n\n"
         "Options:\n"
         "  -h, --help                Print this help message and exit\n"
         "  --format table|json       Output format (default: table)\n";
}

void
print_status(const StatusOptions& options, const nlohmann::json& status, std::ostream& out)
{
  if (options.json) {
    out << status.dump(2) << "\n";
  } else {
    print_status_table(out, status);
  }
}

int
run_status(const StatusOptions& options, const platform::Environment& env, std::ostream& out,
           std::ostream& err)
{
  try {
    const platform::Dirs dirs = platform::resolve_dirs(env);
    const config::Loaded loaded = config::load(dirs, env, platform::hostname());
    for (const auto& warning : loaded.warnings) {
      print_warning(err, warning);
    }
    if (!loaded.file_exists) {
      throw Error(ErrorKind::config, "ccsync is not set up on this machine",
                  "run 'ccsync init' first");
    }
    print_status(options, collect_status(dirs, loaded.config, env), out);
    return k_exit_ok;
  } catch (const Error& e) {
    err << render_error(e);
    return exit_code_for(e.kind());
  }
}

} // namespace ccsync::cli
