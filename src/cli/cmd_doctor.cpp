// ccsync doctor [--format text|json]: checks what sync depends on, one line each, with what to
// do about a failure: configuration, remote reachable, hooks registered for this binary, Claude
// found, sync directories present, clock against the remote's newest lock heartbeat, the hooks'
// queue, the daemon. Exit 1 when a check fails.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/daemon.hpp"
#include "hook/settings.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/open.hpp"
#include "sync/outbox.hpp"
#include "sync/session_locks.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace ccsync::cli {
namespace {

enum class Verdict { ok, warn, fail };

struct Check {
  std::string name;
  Verdict verdict = Verdict::ok;
  std::string detail;
  std::string hint;
};

Check
check_remote(Context& context)
{
  try {
    context.open_repo(context.config.config.remote.value).refresh();
    return {"remote", Verdict::ok,
            util::redact_url(context.config.config.remote.value) + " answers", ""};
  } catch (const Error& e) {
    return {"remote", Verdict::fail, e.what(), e.hint()};
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
    const hook::HookRegistration mine{platform::executable_path().string()};
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

// The newest heartbeat in the repository against this clock: a heartbeat "in the future" means
// one of the two clocks is off by at least that much.
Check
check_clock(const Context& context)
{
  if (!context.repo) {
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

Check
check_outbox(const Context& context)
{
  const sync::OutboxStatus status = sync::Outbox(context.dirs.ccsync_home).status();
  const std::int64_t age = status.oldest == 0 ? 0 : util::now_epoch() - status.oldest;
  if (status.depth == 0 || age < 3600) {
    return {"hook queue", Verdict::ok, std::to_string(status.depth) + " item(s) waiting", ""};
  }
  return {"hook queue", Verdict::fail,
          std::to_string(status.depth) + " item(s) waiting for " + std::to_string(age / 60) +
            " min; last error: " + status.last_error,
          "run 'ccsync push' to do them now and see the error"};
}

Check
check_daemon(const Context& context)
{
  const DaemonState state = daemon_state(context.dirs);
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

const char*
verdict_word(Verdict verdict)
{
  return verdict == Verdict::ok ? "ok" : verdict == Verdict::warn ? "warn" : "FAIL";
}

int
run_doctor(Context& context, Format format)
{
  std::vector<Check> checks{
    {"configuration", Verdict::ok, context.dirs.config_file().string(), ""}};
  checks.push_back(check_remote(context));
  if (checks.back().verdict != Verdict::ok) {
    context.repo.reset();
  }
  for (auto* check : {check_hooks, check_claude, check_sync_directories, check_clock, check_outbox,
                      check_daemon}) {
    checks.push_back(check(context));
  }
  bool failed = false;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : checks) {
    failed = failed || c.verdict == Verdict::fail;
    list.push_back({{"check", c.name},
                    {"result", verdict_word(c.verdict)},
                    {"detail", c.detail},
                    {"hint", c.hint.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.hint)}});
    if (format != Format::json) {
      context.out << verdict_word(c.verdict) << (c.verdict == Verdict::ok ? "    " : "  ") << c.name
                  << ": " << c.detail << "\n";
      if (c.verdict != Verdict::ok && !c.hint.empty()) {
        context.out << "      hint: " << c.hint << "\n";
      }
    }
  }
  if (format == Format::json) {
    context.out << list.dump(2) << "\n";
  }
  return failed ? 1 : 0;
}

} // namespace

Invocation
parse_doctor_command(const Args& args)
{
  Format format = Format::table;
  CLI::App app("Check the configuration, the remote, the hooks, Claude and the clocks.");
  add_format_option(app, format);
  parse_args(app, "doctor", args);
  // The configuration is loaded by the set-up (a broken one is its error); the repository is
  // opened by the remote check, so that an unreachable remote is a finding, not an exit.
  return {Needs{.config = true, .initialised = true},
          [format](Context& context) { return run_doctor(context, format); }};
}

} // namespace ccsync::cli
