// Engine set-up and how push and pull reports read: the words for each outcome, the report
// lines, and the JSON form.
#include "cli/sync_view.hpp"

#include "sync/outbox/drain.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

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
  case Outcome::held_changed: return "changed while pulling; the next pull takes it";
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
outcome_words(const sync::SessionReport& report)
{
  using sync::Outcome;
  switch (report.outcome) {
  case Outcome::created: return "new";
  case Outcome::appended: return "appended";
  case Outcome::replaced_tail: return "replaced tail";
  case Outcome::forked: return fork_words(report);
  case Outcome::remote_ahead: return "the remote copy is ahead; run 'ccsync pull'";
  case Outcome::updated: return "updated";
  case Outcome::retranslated: return "re-translated: its paths now use this machine's placeholders";
  case Outcome::not_shared: return "not shared: " + report.detail;
  case Outcome::written: return "written";
  case Outcome::extended: return "extended";
  case Outcome::split:
    return report.fork_id.empty()
             ? "forked"
             : "forked: this machine's lines are now session " + report.fork_id +
                 (report.fork_known ? " (pushed earlier)" : "");
  case Outcome::replaced:
  case Outcome::restored: return "replaced";
  case Outcome::kept_longer: return "kept longer local copy: its new lines will be pushed";
  default: break;
  }
  return held_words(report);
}

sync::EngineSetup
engine_setup(const Context& context)
{
  return sync::make_engine_setup(context.dirs, context.config.config, *context.repo,
                                 context.install_id());
}

nlohmann::json
secret_json(const sync::SecretHit& hit)
{
  return {
    {"session_id", hit.session_id.empty() ? nlohmann::json() : nlohmann::json(hit.session_id)},
    {"file", hit.file.string()},
    {"line", hit.line},
    {"kind", hit.kind},
    {"preview", hit.preview}};
}

void
print_secrets(std::ostream& out, const std::vector<sync::SecretHit>& hits,
              const std::string& policy)
{
  for (const auto& hit : hits) {
    out << sync::describe(hit) << "\n";
  }
  if (hits.empty()) {
    out << "No secrets found\n";
    return;
  }
  const std::string action = policy == "block"    ? "refuses the files that hold them"
                             : policy == "redact" ? "replaces them by markers"
                             : policy == "off"    ? "does not look for them"
                                                  : "sends them as they are";
  out << hits.size() << " secret" << (hits.size() == 1 ? "" : "s") << " found; push " << action
      << " (secrets = " << policy << ")\n";
}

sync::DrainResult
drain_queued_work(Context& context, const EngineSetup& engine)
{
  const sync::Outbox outbox(context.dirs.ccsync_home);
  if (outbox.items().empty()) {
    return {};
  }
  const sync::DrainResult result =
    sync::drain_outbox(*context.repo, engine.setup, outbox, {util::now_epoch(), 0, true});
  if (result.failed > 0) {
    context.err << "ccsync: " << result.failed << " item" << (result.failed == 1 ? "" : "s")
                << " the hooks queued could not be done yet (" << outbox.status().last_error
                << "); they stay queued (see 'ccsync status')\n";
  }
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
      out << " (" << util::counted(s.lines, "line") << ", " << util::human_size(s.bytes) << ")";
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
  out << util::counted(changed.size(), "session");
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
