// ccsync status [--format table|json]: machine id, remote (redacted), repository HEAD as of the
// last fetch, registered machines, last pull and push times. Offline: it never contacts the remote.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/daemon.hpp"
#include "cli/sync_view.hpp"
#include "hook/settings.hpp"
#include "platform/fs.hpp"
#include "platform/process.hpp"
#include "sync/catalog.hpp"
#include "sync/outbox.hpp"
#include "sync/registry.hpp"
#include "sync/session_locks.hpp"
#include "sync/state.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace ccsync::cli {
using nlohmann::json;

namespace {

json
repository_head(const sync::SharedRepo& repo)
{
  const sync::Snapshot snapshot = repo.current();
  if (snapshot.empty()) {
    return nullptr;
  }
  const git::CommitInfo info = repo.describe(*snapshot.commit());
  const auto time = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(info.time));
  return {{"commit", info.id}, {"summary", info.summary}, {"time", util::format_utc(time)}};
}

json
machines(const sync::SharedRepo& repo, const std::string& me)
{
  json list = json::array();
  for (const auto& m : sync::list_machines(repo.current())) {
    list.push_back({{"machine_id", m.machine_id},
                    {"os", m.os},
                    {"hostname", m.hostname},
                    {"registered_at", m.registered_at},
                    {"this_machine", m.machine_id == me}});
  }
  return list;
}

// Work the hooks queued that is not done yet (the outbox).
json
outbox_status(const Context& context)
{
  const sync::OutboxStatus status = sync::Outbox(context.dirs.ccsync_home).status();
  return {{"depth", status.depth},
          {"oldest", status.oldest == 0 ? json(nullptr) : json(util::format_epoch(status.oldest))},
          {"last_error", status.last_error.empty() ? json(nullptr) : json(status.last_error)}};
}

// Where ccsync's hooks are registered (user settings) and whether the plugin is enabled there.
json
hooks_status(const Context& context)
{
  const auto file = context.dirs.claude_dir / "settings.json";
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
daemon_json(const Context& context)
{
  const DaemonState state = daemon_state(context.dirs);
  return {{"running", state.running},
          {"pid", state.running ? json(state.pid) : json(nullptr)},
          {"last_cycle", state.last_cycle.empty() ? json(nullptr) : json(state.last_cycle)},
          {"last_error", state.last_error.empty() ? json(nullptr) : json(state.last_error)}};
}

// Sessions here, in the repository (as of the last fetch), and held by this machine.
json
sessions_json(Context& context)
{
  const EngineSetup engine = engine_setup(context);
  const auto locks = sync::known_locks(*context.repo);
  const auto catalog = sync::build_catalog(context.repo->current(), engine.setup, locks);
  std::size_t local = 0;
  std::size_t in_repository = 0;
  std::size_t only_here = 0;
  for (const auto& e : catalog) {
    local += e.local ? 1 : 0;
    in_repository += e.in_repository ? 1 : 0;
    only_here += e.local && !e.in_repository && e.in_sync_directories ? 1 : 0;
  }
  json held = json::array();
  for (const auto& record : locks) {
    if (record.held && record.holder.machine_id == context.machine_id()) {
      held.push_back(
        {{"session_id", record.session_id}, {"expires_at", util::format_epoch(record.expires_at)}});
    }
  }
  return {{"local", local},
          {"in_repository", in_repository},
          {"never_pushed", only_here},
          {"locks_held", held}};
}

// The Claude Code that `resume` would run: its path on PATH, or null.
json
claude_json(const Context& context)
{
  const std::string& command = context.config.config.claude_command.value;
  const auto found = platform::find_program(command, context.env.get("PATH").value_or(""));
  return {{"command", command}, {"path", found ? json(found->string()) : json(nullptr)}};
}

json
collect(Context& context)
{
  const sync::SyncState state = sync::load_state(context.dirs.state_file());
  const sync::SharedRepo& repo = *context.repo;
  return {{"machine_id", context.machine_id()},
          {"remote", util::redact_url(context.config.config.remote.value)},
          {"repository_head", repository_head(repo)},
          {"machines", machines(repo, context.machine_id())},
          {"last_pull", state.last_pull.empty() ? json(nullptr) : json(state.last_pull)},
          {"last_push", state.last_push.empty() ? json(nullptr) : json(state.last_push)},
          {"outbox", outbox_status(context)},
          {"sessions", sessions_json(context)},
          {"hooks", hooks_status(context)},
          {"daemon", daemon_json(context)},
          {"claude", claude_json(context)},
          {"format_version", sync::k_format_version},
          {"ccsync_home", context.dirs.ccsync_home.string()}};
}

std::string
or_never(const json& value)
{
  return value.is_null() ? "never" : value.get<std::string>();
}

void
print_table(std::ostream& out, const json& status)
{
  out << "machine:     " << status["machine_id"].get<std::string>() << "\n"
      << "remote:      " << status["remote"].get<std::string>() << "\n";
  const json& head = status["repository_head"];
  out << "repository:  "
      << (head.is_null()
            ? std::string("empty")
            : head["commit"].get<std::string>().substr(0, 12) + " " +
                head["summary"].get<std::string>() + " (" + head["time"].get<std::string>() + ")")
      << "\n";
  out << "machines:    " << status["machines"].size() << "\n";
  for (const auto& m : status["machines"]) {
    out << "  " << m["machine_id"].get<std::string>() << (m["this_machine"].get<bool>() ? " *" : "")
        << "  " << m["os"].get<std::string>() << ", " << m["hostname"].get<std::string>()
        << ", registered " << m["registered_at"].get<std::string>() << "\n";
  }
  out << "last pull:   " << or_never(status["last_pull"]) << "\n"
      << "last push:   " << or_never(status["last_push"]) << "\n";
  const json& outbox = status["outbox"];
  out << "queued:      " << outbox["depth"].get<std::size_t>() << " hook item(s)";
  if (!outbox["oldest"].is_null()) {
    out << ", oldest " << outbox["oldest"].get<std::string>();
  }
  if (!outbox["last_error"].is_null()) {
    out << ", last error: " << outbox["last_error"].get<std::string>();
  }
  out << "\n";
  const json& sessions = status["sessions"];
  out << "sessions:    " << sessions["local"].get<std::size_t>() << " here, "
      << sessions["in_repository"].get<std::size_t>() << " in the repository, "
      << sessions["never_pushed"].get<std::size_t>() << " never pushed\n";
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

} // namespace

Invocation
parse_status_command(const Args& args)
{
  Format format = Format::table;
  CLI::App app("Show this machine's sync status (offline: as of the last pull or push).");
  add_format_option(app, format);
  parse_args(app, "status", args);
  return {Needs{.config = true, .initialised = true, .repo = true}, [format](Context& context) {
            const json status = collect(context);
            if (format == Format::json) {
              context.out << status.dump(2) << "\n";
            } else {
              print_table(context.out, status);
            }
            return 0;
          }};
}

} // namespace ccsync::cli
