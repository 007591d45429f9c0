// push: find this machine's sessions, plan each against the repository's newest state
// (push_plan.cpp), commit every change in one commit inside a SyncRepo edit transaction (a
// rejected push plans again), then remember what was pushed (push index, forks).
#include "paths/realpath.hpp"
#include "paths/uncovered.hpp"
#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "sync/decisions.hpp"
#include "sync/engine.hpp"
#include "sync/local/held_locks.hpp"
#include "sync/local/state.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/memory/memory_files.hpp"
#include "sync/push/push_candidates.hpp"
#include "sync/push/push_plan.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/repo/view_writer.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/sharing/secrets_policy.hpp"
#include "sync/sharing/sharing_state.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_facts.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string>
load_forks(const fs::path& ccsync_home)
{
  std::map<std::string, std::string> forks;
  const nlohmann::json file = read_object_file(ccsync_home / "forks.json"); // outlives items()
  for (const auto& [id, origin] : file.items()) {
    if (origin.is_string() && lock::is_valid_session_id(id)) {
      forks[id] = origin.get<std::string>();
    }
  }
  return forks;
}

// True when the index vouches that `c` is what the repository's meta (in `snapshot`) describes,
// in the translation this machine's placeholders (`placeholders_hash`) give.
bool
vouched(const Candidate& c, const Snapshot& snapshot, std::uint64_t placeholders_hash)
{
  return c.stat_unchanged && c.indexed && c.indexed->state == IndexState::synced &&
         !c.indexed->meta_id.empty() && c.indexed->placeholders == placeholders_hash &&
         snapshot.entry_id(meta_path(c.session.id)) == c.indexed->meta_id;
}

// The sessions here that should be in the repository and are not, after this push: those it
// could not send (held back) and those still without a meta there.
std::size_t
never_pushed(const std::vector<Candidate>& candidates, const Snapshot& snapshot,
             const PushReport& report)
{
  std::set<std::string> missing;
  for (const auto& c : candidates) {
    if (!c.in_sync && !snapshot.entry_id(meta_path(c.session.id))) {
      missing.insert(c.session.id);
    }
  }
  for (const auto& s : report.skipped) { // held back before planning (no cwd, a duplicate)
    if (is_held_back(s.outcome) && !snapshot.entry_id(meta_path(s.id))) {
      missing.insert(s.id);
    }
  }
  return missing.size();
}

// Plans and reports every candidate against one snapshot (called again on every retry).
class Planner {
public:
  // `join(parent, child)` adds `parent` to `candidates` when it can (push_candidates.hpp).
  using Join = std::function<void(const std::string& parent, const std::string& child)>;

  Planner(SyncRepo& repo, const SyncSetup& setup, const PushRequest& request, SharingPolicy& policy,
          std::vector<Candidate>& candidates, PushReport& report, Join join)
      : m_repo(repo)
      , m_setup(setup)
      , m_request(request)
      , m_policy(policy)
      , m_candidates(candidates)
      , m_report(report)
      , m_first_skips(report.skipped.size())
      , m_forks(load_forks(setup.ccsync_home))
      , m_tokens(granted_tokens(setup.ccsync_home))
      , m_join(std::move(join))
  {}

  std::vector<git::Change>
  plan_all(const Snapshot& snapshot)
  {
    verify_identity(snapshot, m_setup.machine_id, m_setup.install_id);
    m_report.changed.clear();
    m_report.skipped.resize(m_first_skips);
    m_report.secrets.clear();
    m_new_forks.clear();
    m_policy.refresh_forgotten(snapshot);
    std::vector<git::Change> changes;
    // A session that continues another by pointer takes it along (claude-code.md §9.2): the
    // parent joins the candidates, and is planned in this same commit (vouched for, when the
    // repository has it as it is here).
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
      if (m_request.progress) {
        m_request.progress(i, m_candidates.size());
      }
      const std::string id = m_candidates[i].session.id;
      for (const auto& parent : plan_one(snapshot, m_candidates[i], changes)) {
        m_join(parent, id);
      }
    }
    add_memory_files(snapshot, changes);
    if (m_request.progress) {
      m_request.progress(m_candidates.size(), m_candidates.size());
    }
    return changes;
  }

  // Forks made by the last plan: fork id -> origin id.
  const std::map<std::string, std::string>&
  new_forks() const
  {
    return m_new_forks;
  }

private:
  // Plans `c`; returns the sessions it continues by pointer (when it was planned).
  std::vector<std::string>
  plan_one(const Snapshot& snapshot, Candidate& c, std::vector<git::Change>& changes)
  {
    if (!m_policy.judge(c.session.id, c.cwd).shared()) {
      c.in_sync = false;
      return {}; // forgotten by another machine since this push started
    }
    c.vouched = vouched(c, snapshot, m_setup.placeholders_hash);
    c.in_sync = c.vouched;
    if (c.in_sync) {
      return {}; // unchanged here and in the repository: not even read (its parents were
                 // pushed with it)
    }
    const LockView lock = current_lock(m_repo, c.session.id);
    const Fence fence = fence_for(lock, m_setup.machine_id, token_of(c.session.id),
                                  {util::now_epoch(), m_setup.lock_ttl, m_setup.clock_skew});
    const BlobWriter write_blob = [this](const std::string& path, std::string_view bytes) {
      return m_repo.write_blob(path, bytes);
    };
    // The session's own project's policy, whatever the session before it had.
    secrets::Redaction redaction = redaction_for(m_setup, c.cwd);
    const PlanContext context{snapshot, m_setup, write_blob, m_forks, redaction};
    Plan plan;
    try {
      std::optional<Plan> quick;
      if (fence == Fence::open && !c.read_whole) {
        quick = plan_append(context, c);
      }
      plan = quick
               ? std::move(*quick)
               : plan_session(context, c, fence, lock.record ? lock.record->holder.machine_id : "");
    } catch (const std::exception& e) { // per session: refusals are values, these are errors
      spdlog::error("push of session {}: {}", c.session.id, e.what());
      c.in_sync = false;
      m_report.skipped.push_back(failed_item(c.session.id, e));
      return {};
    }
    if (m_request.dry_run && !plan.skip && m_setup.redactor != nullptr) {
      const auto hits = scan_session(c.session, m_setup.redactor->scanner());
      m_report.secrets.insert(m_report.secrets.end(), hits.begin(), hits.end());
    }
    if (const auto refused = secrets_verdict(redaction, c.session); refused && !plan.skip) {
      c.in_sync = false;
      m_report.skipped.push_back(SessionReport::of(c.session.id, Outcome::failed, *refused));
      return {};
    }
    record(plan, changes);
    return plan.parents;
  }

  void
  record(Plan& plan, std::vector<git::Change>& changes)
  {
    if (plan.skip) {
      const Outcome o = plan.report.outcome;
      if (is_held_back(o) || o == Outcome::remote_ahead || o == Outcome::forked) {
        m_report.skipped.push_back(plan.report);
      }
      return;
    }
    if (plan.fork_of) {
      m_new_forks[plan.report.fork_id] = *plan.fork_of;
    }
    m_report.changed.push_back(plan.report);
    changes.insert(changes.end(), std::make_move_iterator(plan.changes.begin()),
                   std::make_move_iterator(plan.changes.end()));
  }

  void
  add_memory_files(const Snapshot& snapshot, std::vector<git::Change>& changes)
  {
    m_report.memory.clear();
    std::vector<std::string> projects;
    for (const auto& c : m_candidates) {
      projects.push_back(c.cwd);
    }
    MemoryPlan shared = plan_memory_files(snapshot, m_setup, projects);
    m_report.memory = std::move(shared.updated);
    m_report.skipped.insert(m_report.skipped.end(), shared.refused.begin(), shared.refused.end());
    if (m_request.dry_run) {
      m_report.secrets.insert(m_report.secrets.end(), shared.secrets.begin(), shared.secrets.end());
    }
    changes.insert(changes.end(), std::make_move_iterator(shared.changes.begin()),
                   std::make_move_iterator(shared.changes.end()));
  }

  std::optional<std::uint64_t>
  token_of(const std::string& id) const
  {
    const auto token = m_tokens.find(id);
    return token == m_tokens.end() ? std::nullopt : std::optional(token->second);
  }

  SyncRepo& m_repo;
  const SyncSetup& m_setup;
  const PushRequest& m_request;
  SharingPolicy& m_policy;
  std::vector<Candidate>& m_candidates;
  PushReport& m_report;
  std::size_t m_first_skips;
  std::map<std::string, std::string> m_forks;
  std::map<std::string, std::uint64_t> m_tokens;
  std::map<std::string, std::string> m_new_forks;
  Join m_join;
};

std::string
commit_message(const SyncSetup& setup, const PushReport& report)
{
  std::string text = "push from " + setup.machine_id + ": " +
                     util::counted(report.changed.size(), "session") + "\n\n";
  for (const auto& s : report.changed) {
    text += s.id + " " + to_string(s.outcome);
    if (!s.fork_id.empty()) {
      text += " as " + s.fork_id;
    }
    text += " (" + std::to_string(s.lines) + " lines)\n";
  }
  for (const auto& s : report.memory) {
    text += s.id + " " + to_string(s.outcome) + "\n";
  }
  return text;
}

void
report_uncovered(const SyncSetup& setup, std::vector<Candidate>& candidates, PushReport& report)
{
  // Not the sessions that would not be pushed because they were refused or failed: reading them
  // again would fail the whole dry run for one session.
  std::set<std::string> left_out;
  for (const auto& s : report.skipped) {
    if (is_held_back(s.outcome) || s.outcome == Outcome::failed) {
      left_out.insert(s.id);
    }
  }
  paths::UncoveredReport uncovered;
  for (const auto& c : candidates) {
    if (left_out.contains(c.session.id)) {
      continue;
    }
    FileSource source(c.session.transcript, 0, c.stamps.transcript.size);
    LineReader lines(source, k_max_line_bytes, OverLimit::stop);
    while (const auto line = lines.next()) {
      paths::find_uncovered(*setup.placeholders, *line, uncovered);
    }
  }
  std::map<std::string, bool, std::less<>> real;
  report.uncovered = paths::group_uncovered(uncovered.entries(), [&](std::string_view top) {
    auto it = real.find(top);
    if (it == real.end()) {
      std::error_code error;
      it = real.emplace(std::string(top), fs::is_directory(fs::path(top), error)).first;
    }
    return it->second;
  });
}

} // namespace

paths::Placeholders
make_placeholders(const std::string& home, const std::map<std::string, std::string>& mappings)
{
  paths::Profile profile(paths::Os::posix, home, paths::real_path(home).value_or(""));
  for (const auto& [name, path] : mappings) {
    if (const auto problem = profile.problem_with(name, path)) {
      // One bad entry (written by an older ccsync, or by hand) must not stop every command: the
      // sessions that need {{NAME}} are held back as not mapped, and doctor names the entry.
      spdlog::warn("placeholder {} = {} is not used here: {}", name, path, *problem);
      continue;
    }
    profile.set(name, path, paths::real_path(path).value_or(""));
  }
  return paths::Placeholders(std::move(profile));
}

std::uint64_t
placeholders_hash_of(const std::string& home, const std::map<std::string, std::string>& mappings)
{
  std::string mapped = home;
  for (const auto& [name, path] : mappings) {
    mapped += "\n" + name + "=" + path;
  }
  return util::stable_hash(mapped) | 1U;
}

void
record_fork(const fs::path& ccsync_home, const std::string& fork, const std::string& origin)
{
  set_object_entry(ccsync_home / "forks.json", fork, origin);
}

std::size_t
held_back_count(const std::vector<SessionReport>& reports)
{
  return static_cast<std::size_t>(
    std::count_if(reports.begin(), reports.end(),
                  [](const SessionReport& r) { return is_held_back(r.outcome); }));
}

PushReport
push_sessions(SyncRepo& repo, const SyncSetup& setup, const PushRequest& request)
{
  PushReport report;
  SyncIndex index = SyncIndex::load(setup.ccsync_home);
  // Taken before anything is read: a change made while this push runs is seen by the next one.
  const std::optional<PushBaseline> baseline = request.ids.empty() || request.rest_unchanged
                                                 ? std::optional(push_baseline(setup))
                                                 : std::nullopt;
  SharingPolicy policy(setup, repo.current());
  Found found = find_candidates(setup, request, index, policy, report);
  std::vector<Candidate>& candidates = found.candidates;
  const Consider how{setup, request, index, policy, report};
  Planner planner(repo, setup, request, policy, candidates, report,
                  [&](const std::string& parent, const std::string& child) {
                    join_parent(found, parent, child, how);
                  });
  if (request.dry_run) {
    repo.refresh();
    planner.plan_all(repo.current());
    report_uncovered(setup, candidates, report);
    return report;
  }
  report.commit = repo
                    .edit_described(
                      k_main_ref, [&] { return commit_message(setup, report); },
                      [&](const Snapshot& snapshot) { return planner.plan_all(snapshot); })
                    .commit;
  for (const auto& [fork, origin] : planner.new_forks()) {
    record_fork(setup.ccsync_home, fork, origin);
  }
  const auto read = std::count_if(candidates.begin(), candidates.end(),
                                  [](const Candidate& c) { return c.read_whole; });
  const auto tails = std::count_if(candidates.begin(), candidates.end(),
                                   [](const Candidate& c) { return c.tail_only; });
  spdlog::debug("push: {} considered, {} read, {} read from their new tail only",
                util::counted(candidates.size(), "session"), read, tails);
  update_index(index, found, repo.current(), setup,
               held_back_count(report.skipped) == 0 ? baseline : std::nullopt);
  if (request.ids.empty() || request.rest_unchanged) {
    update_repository_view(
      repo, setup.ccsync_home, setup.machine_id,
      PushCounts{never_pushed(candidates, repo.current(), report), report.outside.size()});
  }
  return report;
}

} // namespace ccsync::sync
