// The checks of `ccsync doctor`: configuration, remote reachable and writable, the GitHub token,
// hooks registered for this binary, Claude found, sync directories present, project directories
// a placeholder covers, encryption, the clock against the remote's newest lock heartbeat, the
// hooks' queue, the daemon.
#include "cli/doctor_checks.hpp"

#include "cli/daemon.hpp"
#include "cli/lock_view.hpp"
#include "cli/sync_view.hpp"
#include "config/token.hpp"
#include "github/client.hpp"
#include "hook/settings.hpp"
#include "paths/profile.hpp"
#include "paths/uncovered.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/catalog/catalog.hpp"
#include "sync/outbox/outbox.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/setup/open.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <map>

namespace ccsync::cli {
namespace {

// Whether the remote answered; the repository (this machine's cache) may be open without it.
struct RemoteFindings {
  bool reachable = false;
};

Check
check_remote(Context& context, RemoteFindings& findings)
{
  const std::string& url = context.config.config.remote.value;
  try {
    context.open_repo(url);
  } catch (const Error& e) {
    context.repo.reset();
    return {"remote", Verdict::fail, e.what(), e.hint()};
  }
  try {
    context.repo->refresh();
    findings.reachable = true;
    return {"remote", Verdict::ok, util::redact_url(url) + " answers", ""};
  } catch (const Error& e) {
    return {"remote", Verdict::fail, e.what(), e.hint()};
  }
}

// Whether the repository is encrypted and this machine's key opens it. Without the key nothing
// in it can be read: the repository is closed, and the checks after this one say "not checked".
Check
check_encryption(Context& context)
{
  if (!context.repo) {
    return {"encryption", Verdict::warn, "not checked (the repository cannot be opened)", ""};
  }
  try {
    context.repo->sealing().require_key();
  } catch (const Error& e) {
    context.repo.reset();
    return {"encryption", Verdict::fail, e.what(), e.hint()};
  }
  if (!context.repo->sealing().record()) {
    return {"encryption", Verdict::ok,
            "off: the repository is stored in plaintext ('ccsync encrypt' encrypts it)", ""};
  }
  return {"encryption", Verdict::ok, "on: this machine's key opens the repository", ""};
}

Check
check_remote_writable(Context& context, const RemoteFindings& findings)
{
  if (!findings.reachable) {
    return {"remote writable", Verdict::warn, "not checked (the remote cannot be reached)", ""};
  }
  try {
    context.repo->check_push_access();
    return {"remote writable", Verdict::ok, "it takes pushes", ""};
  } catch (const Error& e) {
    // The remote answered a fetch a moment ago: a refusal now is about permissions.
    return {"remote writable", Verdict::fail, e.what(),
            "give this machine write access (GitHub: a token with Contents: write; git daemon: "
            "--enable=receive-pack; a path: its permissions)"};
  }
}

// The token ccsync would use for a GitHub remote over https, asked who it belongs to and whether
// it sees the repository (a private repository the token cannot read is a 404 to it).
Check
check_github_token(const Context& context)
{
  const config::Config& config = context.config.config;
  if (!sync::uses_github_token(config, config.remote.value)) {
    return {"GitHub token", Verdict::ok, "not used (the remote is not GitHub over https)", ""};
  }
  const std::chrono::seconds timeout(config.network_timeout_seconds.value);
  const auto token = config::discover_token(context.env, config, std::nullopt, timeout);
  if (!token) {
    return {"GitHub token", Verdict::fail, "no GitHub token found",
            "set GH_TOKEN, or log in with 'gh auth login'"};
  }
  const std::string full_name = config.github_owner.value + "/" + config.github_repo.value;
  try {
    github::Client client(
      {config.github_api_url.value, token->value, timeout, config.ca_file.value});
    const std::string login = client.user_login();
    if (!client.find_repo(config.github_owner.value, config.github_repo.value)) {
      return {"GitHub token", Verdict::fail,
              "the token of " + login + " (from " + token->source + ") cannot see " + full_name,
              "use a token with access to " + full_name + " (repo scope, or Contents: write)"};
    }
    return {"GitHub token", Verdict::ok,
            "accepted: " + login + " (from " + token->source + ") sees " + full_name, ""};
  } catch (const Error& e) {
    return {"GitHub token", Verdict::fail,
            std::string(e.what()) + " (token from " + token->source + ")", e.hint()};
  }
}

Check
check_hooks(const Context& context)
{
  const auto file = context.dirs.claude_dir / "settings.json";
  try {
    const std::string text = platform::read_file(file).value_or("");
    const auto settings = hook::parse_settings(text, file.string());
    if (hook::count_ccsync_hooks(settings) == 0) {
      return {"hooks", hook::ccsync_plugin_enabled(settings) ? Verdict::ok : Verdict::warn,
              hook::ccsync_plugin_enabled(settings) ? "the ccsync plugin is enabled"
                                                    : "not registered in " + file.string(),
              "ccsync install-hooks"};
    }
    const hook::HookRegistration mine{platform::program_path().string()};
    if (hook::merge_hooks(text, mine, file.string()) != text) {
      return {"hooks", Verdict::fail, "registered in " + file.string() + " for another binary",
              "ccsync install-hooks (points them at " + mine.binary + ")"};
    }
    return {"hooks", Verdict::ok, "registered in " + file.string(), ""};
  } catch (const Error& e) {
    return {"hooks", Verdict::fail, e.what(), e.hint()};
  }
}

Check
check_claude(const Context& context)
{
  const std::string& command = context.config.config.claude_command.value;
  const auto found = platform::find_program(command, context.env.get("PATH").value_or(""));
  if (!found) {
    return {"claude", Verdict::fail, "'" + command + "' is not found on PATH",
            "install Claude Code, or set claude_command (CCSYNC_CLAUDE)"};
  }
  return {"claude", Verdict::ok, found->string(), ""};
}

Check
check_sync_directories(const Context& context)
{
  for (const auto& dir : context.config.config.sync_directories.value) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
      return {"sync directories", Verdict::fail, dir + " does not exist",
              "create it, or change sync_directories in the configuration"};
    }
  }
  return {"sync directories", Verdict::ok,
          std::to_string(context.config.config.sync_directories.value.size()) + " present", ""};
}

// Project directories of this machine's sessions that no placeholder covers: their paths arrive
// verbatim on every other machine, where the sessions cannot be opened.
Check
check_placeholders(Context& context)
{
  if (!context.repo) {
    return {"placeholders", Verdict::warn, "not checked (the repository cannot be opened)", ""};
  }
  const auto mine = sync::placeholders_for(sync::usable_placeholders(context.repo->current()),
                                           context.machine_id());
  const paths::Profile probe(paths::Os::posix, context.dirs.home.string());
  for (const auto& [name, path] : mine) {
    if (const auto problem = probe.problem_with(name, path)) {
      return {"placeholders", Verdict::fail,
              "{{" + name + "}} = " + path +
                " in shared_placeholders.json is not used: " + *problem,
              "remove it: ccsync config remove-path " + name + " " + context.machine_id()};
    }
  }
  const EngineSetup engine = engine_setup(context);
  std::vector<std::string> uncovered;
  std::size_t local = 0;
  for (const auto& entry : sync::build_catalog(context.repo->current(), engine.setup, {})) {
    if (!entry.local || entry.project.empty()) {
      continue;
    }
    ++local;
    if (engine.setup.placeholders->portable_path(entry.project).rfind("{{", 0) != 0) {
      uncovered.push_back(entry.project);
    }
  }
  if (uncovered.empty()) {
    return {"placeholders", Verdict::ok,
            "the projects of all " + util::counted(local, "local session") + " are covered", ""};
  }
  return {"placeholders", Verdict::warn,
          util::counted(uncovered.size(), "session") +
            " in projects no placeholder covers: " + describe_uncovered_projects(uncovered),
          "map the directory on each machine: ccsync config add-placeholder NAME=DIR"};
}

// The newest heartbeat in the repository against this clock: a heartbeat "in the future" means
// one of the two clocks is off by at least that much.
Check
check_clock(const Context& context, const RemoteFindings& findings)
{
  if (!findings.reachable) {
    return {"clock", Verdict::warn, "not checked (the remote cannot be read)", ""};
  }
  std::int64_t newest = 0;
  for (const auto& record : sync::known_locks(*context.repo)) {
    newest = std::max(newest, record.heartbeat_at);
  }
  const std::int64_t ahead = newest - util::now_epoch();
  if (newest == 0 || ahead <= 5) {
    return {"clock", Verdict::ok, newest == 0 ? "no lock heartbeat to compare with" : "in step",
            ""};
  }
  return {"clock",
          ahead > context.config.config.lock_clock_skew_seconds.value ? Verdict::fail
                                                                      : Verdict::warn,
          "a lock heartbeat is " + std::to_string(ahead) + " s ahead of this clock",
          "synchronise the clocks (NTP) of your machines"};
}

// Session locks in the repository that cannot be read hold their sessions back on every machine.
Check
check_locks(const Context& context, const RemoteFindings& findings)
{
  if (!findings.reachable) {
    return {"locks", Verdict::warn, "not checked (the remote cannot be read)", ""};
  }
  std::vector<std::string> damaged;
  const std::size_t readable = sync::known_locks(*context.repo, &damaged).size();
  if (damaged.empty()) {
    return {"locks", Verdict::ok, util::counted(readable, "lock record") + ", none damaged", ""};
  }
  std::string repairs;
  for (const auto& id : damaged) {
    repairs += (repairs.empty() ? "" : "; ") + lock_repair_command(id);
  }
  return {"locks", Verdict::fail,
          util::counted(damaged.size(), "damaged lock") + ": " + damaged.front() +
            (damaged.size() > 1 ? " and more" : "") + " (their sessions are held back)",
          repairs};
}

Check
check_outbox(const Context& context)
{
  const sync::OutboxStatus status = sync::Outbox(context.dirs.ccsync_home).status();
  const std::int64_t age = status.oldest == 0 ? 0 : util::now_epoch() - status.oldest;
  if (status.depth == 0 || (age < 3600 && status.last_error.empty())) {
    return {"hook queue", Verdict::ok, util::counted(status.depth, "item") + " waiting", ""};
  }
  // Items that failed are trouble even when young: a session not pushed is not on the others.
  return {"hook queue", age < 3600 ? Verdict::warn : Verdict::fail,
          util::counted(status.depth, "item") + " waiting for " + std::to_string(age / 60) +
            " min" + (status.last_error.empty() ? "" : "; last error: " + status.last_error),
          "run 'ccsync push' to do them now and see the error"};
}

Check
check_daemon(const Context& context)
{
  const DaemonState state = daemon_state(context.dirs);
  if (!state.running && state.pid != 0 && !state.stopped) {
    return {"daemon", Verdict::warn,
            "the daemon (pid " + std::to_string(state.pid) + ") died without being stopped" +
              (state.last_cycle.empty() ? "" : "; its last cycle ended " + state.last_cycle) +
              (state.last_error.empty() ? "" : " (" + state.last_error + ")"),
            "see " + context.dirs.log_file().string() + ", then start it again: ccsync daemon"};
  }
  if (!state.running) {
    return {"daemon", Verdict::ok, "not running (optional: ccsync daemon)", ""};
  }
  if (!state.last_error.empty()) {
    return {"daemon", Verdict::warn, "pid " + std::to_string(state.pid) + ": " + state.last_error,
            "see " + context.dirs.log_file().string()};
  }
  return {"daemon", Verdict::ok,
          "pid " + std::to_string(state.pid) + ", last cycle " + state.last_cycle, ""};
}

} // namespace

std::string
describe_uncovered_projects(const std::vector<std::string>& projects)
{
  std::map<std::string, std::size_t> counts;
  for (const auto& project : projects) {
    ++counts[project];
  }
  std::vector<paths::UncoveredReport::Entry> entries;
  entries.reserve(counts.size());
  for (const auto& [project, count] : counts) {
    entries.push_back({project, count});
  }
  std::string text;
  for (const auto& group : paths::group_uncovered(entries, [](std::string_view) { return true; })) {
    text += (text.empty() ? "" : "; ") + group.directory + " (" + std::to_string(group.count) +
            " session" + (group.count == 1 ? "" : "s") + "):";
    for (std::size_t i = 0; i < group.paths.size(); ++i) {
      text += (i == 0 ? " " : ", ") + group.paths[i].path;
    }
  }
  return text;
}

std::vector<Check>
run_checks(Context& context)
{
  std::vector<Check> checks{
    {"configuration", Verdict::ok, context.dirs.config_file().string(), ""}};
  RemoteFindings findings;
  checks.push_back(check_remote(context, findings));
  checks.push_back(check_remote_writable(context, findings));
  checks.push_back(check_encryption(context));
  checks.push_back(check_github_token(context));
  checks.push_back(check_hooks(context));
  checks.push_back(check_claude(context));
  checks.push_back(check_sync_directories(context));
  checks.push_back(check_placeholders(context));
  checks.push_back(check_clock(context, findings));
  checks.push_back(check_locks(context, findings));
  checks.push_back(check_outbox(context));
  checks.push_back(check_daemon(context));
  return checks;
}

} // namespace ccsync::cli
