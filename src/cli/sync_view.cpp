// Engine set-up and how push and pull reports read: the words for each outcome, the report
// lines, and the JSON form.
#include "cli/sync_view.hpp"

#include "sync/registry.hpp"
#include "sync/secret_scan.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

std::string
fork_words(const sync::SessionReport& s)
{
  const std::string other = s.other_machine.empty() ? "another machine" : s.other_machine;
  const std::string where = "this machine's lines are session " + s.fork_id;
  switch (s.fork_reason) {
  case sync::ForkReason::fenced:
    return "fenced: this machine lost the lock to " + other + "; " + where;
  case sync::ForkReason::locked:
    return "forked: locked by another machine (" + other + "); " + where;
  case sync::ForkReason::diverged: break;
  }
  return "forked: diverged from " + other + "'s copy; " + where;
}

std::string
held_words(const sync::SessionReport& s)
{
  using sync::Outcome;
  switch (s.outcome) {
  case Outcome::held_no_cwd: return "held back: no working directory in it";
  case Outcome::held_duplicate:
    return "held back: an older copy in " + s.detail + " is not pushed; the newest copy is";
  case Outcome::held_live: return "live: a Claude Code process runs it; left for later";
  case Outcome::held_not_mapped:
    return "not mapped here: " + s.detail + "; fix with 'ccsync config set-path'";
  case Outcome::held_refused: return "refused: " + s.detail;
  case Outcome::held_damaged_lock:
  case Outcome::held_too_large: return "held back: " + s.detail;
  default: break;
  }
  return "failed: " + s.detail;
}

} // namespace

std::string
outcome_words(const sync::SessionReport& s)
{
  using sync::Outcome;
  switch (s.outcome) {
  case Outcome::created: return "new";
  case Outcome::appended: return "appended";
  case Outcome::replaced_tail: return "replaced tail";
  case Outcome::forked: return fork_words(s);
  case Outcome::remote_ahead: return "the remote copy is ahead; run 'ccsync pull'";
  case Outcome::updated: return "updated";
  case Outcome::written: return "written";
  case Outcome::extended: return "extended";
  case Outcome::split:
    return s.fork_id.empty() ? "forked"
                             : "forked: this machine's lines are now session " + s.fork_id +
                                 (s.fork_known ? " (pushed earlier)" : "");
  case Outcome::replaced:
  case Outcome::restored: return "replaced";
  case Outcome::kept_longer: return "kept longer local copy: its new lines will be pushed";
  default: break;
  }
  return held_words(s);
}

std::unique_ptr<secrets::Redactor>
make_redactor(const Context& context)
{
  const config::Config& config = context.config.config;
  const auto policy = secrets::parse_policy(config.secrets.value).value_or(secrets::Policy::redact);
  return std::make_unique<secrets::Redactor>(
    policy, secrets::Allowlist(config.secrets_allow.value.items),
    sync::load_marker_key(context.dirs.ccsync_home / "secrets.key"));
}

EngineSetup
engine_setup(const Context& context)
{
  const config::Config& config = context.config.config;
  auto mappings =
    sync::placeholders_for(sync::read_placeholders(context.repo->current()), context.machine_id());
  for (const auto& [name, path] : config.custom_placeholders.value) {
    mappings[name] = path;
  }
  EngineSetup result;
  result.placeholders = std::make_unique<paths::Placeholders>(
    sync::make_placeholders(context.dirs.home.string(), mappings));
  result.setup.claude_dir = context.dirs.claude_dir;
  result.setup.ccsync_home = context.dirs.ccsync_home;
  result.setup.machine_id = context.machine_id();
  result.setup.sync_directories = config.sync_directories.value;
  result.setup.placeholders = result.placeholders.get();
  result.setup.clock_skew = config.lock_clock_skew_seconds.value;
  result.setup.lock_ttl = config.lock_ttl_seconds.value;
  result.setup.install_id = context.install_id();
  result.redactor = make_redactor(context);
  result.setup.redactor = result.redactor.get();
  return result;
}

void
print_sessions(std::ostream& out, const std::vector<sync::SessionReport>& sessions)
{
  for (const auto& s : sessions) {
    std::string words = outcome_words(s);
    const auto colon = words.find(": ");
    const std::string head = words.substr(0, colon);
    out << "  " << s.id << "  " << head;
    if (s.lines != 0 || s.bytes != 0) {
      out << " (" << s.lines << " lines, " << s.bytes << " bytes)";
    }
    if (colon != std::string::npos) {
      out << ": " << words.substr(colon + 2);
    } else if (!s.detail.empty() && s.outcome != sync::Outcome::written &&
               s.outcome != sync::Outcome::extended && s.outcome != sync::Outcome::replaced &&
               s.outcome != sync::Outcome::restored) {
      out << ": " << s.detail;
    }
    out << "\n";
  }
}

void
print_report(std::ostream& out, const std::string& heading,
             const std::vector<sync::SessionReport>& changed,
             const std::vector<sync::SessionReport>& shared, const std::string& left_heading,
             const std::vector<sync::SessionReport>& skipped)
{
  out << heading << "\n";
  print_sessions(out, changed);
  print_sessions(out, shared);
  if (!skipped.empty()) {
    out << left_heading << "\n";
    print_sessions(out, skipped);
  }
  out << changed.size() << " session" << (changed.size() == 1 ? "" : "s");
}

nlohmann::json
report_json(const std::vector<sync::SessionReport>& sessions)
{
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : sessions) {
    nlohmann::json entry = {{"id", s.id},
                            {"outcome", sync::to_string(s.outcome)},
                            {"held_back", sync::is_held_back(s.outcome)},
                            {"lines", s.lines},
                            {"bytes", s.bytes},
                            {"message", outcome_words(s)}};
    if (!s.detail.empty()) {
      entry["detail"] = s.detail;
    }
    if (!s.fork_id.empty()) {
      entry["fork"] = s.fork_id;
      entry["fork_reason"] = sync::to_string(s.fork_reason);
    }
    list.push_back(std::move(entry));
  }
  return list;
}

int
exit_code_for(const std::vector<sync::SessionReport>& skipped, bool failed)
{
  if (failed) {
    return k_exit_error;
  }
  return sync::held_back_count(skipped) > 0 ? k_exit_held_back : k_exit_ok;
}

} // namespace ccsync::cli
