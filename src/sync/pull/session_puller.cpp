// Pull, session by session: the decision (src/sync/README.md, "pull"), then the writes into the
// active write batch, each expecting its target as the decision saw it.
#include "sync/pull/session_puller.hpp"

#include "sync/local/backups.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/sharing/secrets_policy.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_store.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

Outcome
outcome_of(PullAction action)
{
  switch (action) {
  case PullAction::write: return Outcome::written;
  case PullAction::extend: return Outcome::extended;
  case PullAction::split: return Outcome::split;
  case PullAction::replace: return Outcome::replaced;
  case PullAction::none: break;
  }
  return Outcome::kept_longer;
}

// The chunk ends of a local transcript equal to the repository's: those `known` has, and the
// last chunk's at `local_end`.
std::vector<Boundary>
equal_boundaries(const Target& target, std::uint64_t local_end, const IndexEntry* known)
{
  std::vector<Boundary> boundaries;
  for (const auto& chunk : target.meta.chunks) {
    boundaries.push_back({chunk.hash, std::nullopt});
  }
  if (!boundaries.empty()) {
    boundaries.back().local_end = local_end;
  }
  return known != nullptr ? merge_boundaries(std::move(boundaries), known->boundaries) : boundaries;
}

// The placeholders hash a pulled session is noted under: the one it was pushed under while that
// push's translation is still to be redone (push re-translates it once, plan_session), else `now`.
std::uint64_t
placeholders_of(const IndexEntry* before, std::uint64_t now)
{
  const bool pending = before != nullptr && before->state == IndexState::synced &&
                       made_under_other_placeholders(*before, now);
  return pending ? before->placeholders : now;
}

// The index entry of `target` when it holds the session as in sync in the same project folder
// and the local transcript's stamp is still the one it records, else null.
const IndexEntry*
unchanged_entry(const SyncIndex& index, const Target& target)
{
  const IndexEntry* entry = index.find(target.meta.session_id);
  const bool unchanged = entry != nullptr && entry->state == IndexState::synced &&
                         entry->project_dir == target.project.filename().string() &&
                         stamp_of(target.transcript) == entry->transcript;
  return unchanged ? entry : nullptr;
}

} // namespace

SessionPuller::SessionPuller(const Snapshot& snapshot, const SyncSetup& setup,
                             const PullRequest& request, SharingPolicy& policy, PullReport& report,
                             SyncIndex& index)
    : m_snapshot(snapshot)
    , m_setup(setup)
    , m_request(request)
    , m_policy(policy)
    , m_report(report)
    , m_index(index)
    , m_live(live_sessions(setup.claude_dir))
{}

void
SessionPuller::pull(const std::string& id)
{
  if (m_forks_written.contains(id)) {
    return; // a split of its origin writes it from the local lines, which continue it; the next
            // pull compares it
  }
  const auto meta_id = m_snapshot.entry_id(meta_path(id));
  if (meta_id && unchanged_since_sync(id, *meta_id)) {
    ++m_unchanged;
    return; // neither the repository's copy nor the local one changed since they agreed
  }
  const auto text = m_snapshot.read(meta_path(id));
  const auto meta = text ? parse_meta(*text) : std::nullopt;
  if (!meta || meta->session_id != id) {
    m_report.skipped.push_back(
      SessionReport::of(id, Outcome::held_refused, "damaged or unsafe meta.json"));
    return;
  }
  std::string missing;
  const auto target = locate(*meta, m_setup, missing);
  if (!target) {
    m_report.skipped.push_back(SessionReport::of(id, Outcome::held_not_mapped, missing));
    return;
  }
  // A project excluded here, or a session marked local here, is never brought here.
  if (const Sharing sharing = m_policy.judge(id, target->cwd); !sharing.shared()) {
    if (!m_request.ids.empty()) {
      m_report.skipped.push_back(
        SessionReport::of(id, Outcome::not_shared, sharing_words(sharing)));
    }
    return;
  }
  pull_into(*target);
}

void
SessionPuller::pull_parent(const std::string& id)
{
  m_wanted.insert(id);
  m_too_old.erase(id);
  pull(id);
}

std::set<std::string>
SessionPuller::parents_left_behind() const
{
  std::set<std::string> left;
  std::set_intersection(m_parents.begin(), m_parents.end(), m_too_old.begin(), m_too_old.end(),
                        std::inserter(left, left.end()));
  return left;
}

void
SessionPuller::forget(const std::vector<platform::LeftAlone>& left)
{
  for (const auto& alone : left) {
    std::erase_if(m_in_sync,
                  [&](const InSync& s) { return s.target.meta.session_id == alone.group; });
    m_touched.erase(alone.group);
  }
}

void
SessionPuller::remember_all()
{
  m_beside.clear(); // this pull wrote files beside transcripts: list the folders again
  for (const auto& session : m_in_sync) {
    remember(session);
  }
  m_in_sync.clear();
}

std::set<fs::path>
SessionPuller::touched() const
{
  std::set<fs::path> projects;
  for (const auto& [id, project] : m_touched) {
    projects.insert(project);
  }
  return projects;
}

void
SessionPuller::pull_into(const Target& target)
{
  const std::string& id = target.meta.session_id;
  // What the decision sees of the local transcript; every write expects it still so.
  const platform::FileState seen = platform::file_state(target.transcript);
  const auto local_size = seen.regular() ? std::optional(seen.size) : std::nullopt;
  const bool expired = too_old(target.meta, m_request.cleanup_period_days);
  if (!local_size && m_request.ids.empty() && expired && !m_wanted.contains(id)) {
    m_too_old.insert(id);
    return; // Claude would delete it at start-up; it stays in the repository as the backup
  }
  m_parents.insert(target.meta.parents.begin(), target.meta.parents.end());
  if (m_live.contains(id)) {
    m_report.skipped.push_back(SessionReport::of(id, Outcome::held_live));
    return;
  }
  const IndexEntry* known = local_size ? comparable_entry(target) : nullptr;
  std::optional<Comparison> common;
  if (local_size) {
    common = compare(target, *local_size, known);
  }
  const PullAction action =
    decide_pull(common ? std::optional(common->relation) : std::nullopt, m_request.force,
                common && common->relation == Relation::diverged && all_synced(target));
  if (action == PullAction::none) {
    keep_local(target, *common, *local_size, known);
    return;
  }
  SessionReport entry = SessionReport::of(id, outcome_of(action), target.transcript.string(),
                                          target.meta.lines, target.meta.bytes);
  if (!m_request.dry_run) {
    apply(target, action, common, seen, expired, entry, known);
  }
  m_report.changed.push_back(entry);
}

// A local transcript equal to the repository's or longer stays; its sidecars are brought.
void
SessionPuller::keep_local(const Target& target, const Comparison& common, std::uint64_t local_size,
                          const IndexEntry* known)
{
  if (common.relation == Relation::local_ahead) {
    m_report.skipped.push_back(SessionReport::of(target.meta.session_id, Outcome::kept_longer));
  }
  if (m_request.dry_run) {
    return;
  }
  write_sidecars(m_snapshot, target, *m_setup.placeholders);
  if (common.relation == Relation::equal) {
    m_in_sync.push_back({target, equal_boundaries(target, common.local_common, known), local_size});
  }
}

// The local session at `project_dir` as the index would have stamped it, with its files beside
// the transcript (each project folder listed once per pull, and again once the writes landed).
LocalSession
SessionPuller::local_session(const std::string& id, const std::string& project_dir) const
{
  const fs::path project = m_setup.claude_dir / "projects" / project_dir;
  LocalSession session{id,          project / (id + ".jsonl"),         project / id,
                       project_dir, m_setup.claude_dir / "tasks" / id, {}};
  auto listed = m_beside.find(project_dir);
  if (listed == m_beside.end()) {
    listed = m_beside.emplace(project_dir, beside_files(project)).first;
  }
  if (const auto it = listed->second.find(id); it != listed->second.end()) {
    session.beside = it->second;
  }
  return session;
}

// True when the index says the session was in sync with meta blob `meta_id` and its local files
// are still as they were then.
bool
SessionPuller::unchanged_since_sync(const std::string& id, const std::string& meta_id) const
{
  const IndexEntry* entry = m_index.find(id);
  if (entry == nullptr || entry->state != IndexState::synced || entry->meta_id != meta_id ||
      entry->placeholders != m_setup.placeholders_hash) {
    return false;
  }
  const IndexEntry now = current_stamps(local_session(id, entry->project_dir));
  return now.transcript == entry->transcript && now.sidecars == entry->sidecars;
}

// True when the local transcript of `target` is still what this machine last synced, whole: the
// index holds it as in sync, with every byte in the repository, and its stamp has not changed;
// and it holds no secret (the repository has such a line only redacted: replacing the local copy
// would lose the secret here, so a split keeps it).
bool
SessionPuller::all_synced(const Target& target) const
{
  const IndexEntry* entry = unchanged_entry(m_index, target);
  if (entry == nullptr || entry->pushed_bytes != entry->transcript.size) {
    return false;
  }
  secrets::Redaction redaction = redaction_for(m_setup, target.cwd);
  const secrets::Scanner* scanner = redaction.scanner();
  const bool verbatim =
    redaction.policy() == secrets::Policy::off || redaction.policy() == secrets::Policy::warn;
  return verbatim || scanner == nullptr || scan_file(target.transcript, *scanner, 1).empty();
}

// The index entry of `target` when the local transcript is still as it was when the entry was
// made (so the chunk ends it records hold) under this machine's placeholders, else null.
const IndexEntry*
SessionPuller::comparable_entry(const Target& target) const
{
  const IndexEntry* entry = unchanged_entry(m_index, target);
  return entry != nullptr && entry->placeholders == m_setup.placeholders_hash ? entry : nullptr;
}

// Compares the local transcript with the repository's, from the last chunk end `known` and the
// repository's copy still share (from the start without one).
Comparison
SessionPuller::compare(const Target& target, std::uint64_t local_size,
                       const IndexEntry* known) const
{
  const ResumePoint from =
    known != nullptr ? resume_point(known->boundaries, target.meta) : ResumePoint{};
  if (from.chunk > 0) {
    spdlog::debug("pull: session {} compared from chunk {} (local byte {})", target.meta.session_id,
                  from.chunk + 1, from.local);
  }
  secrets::Redaction redaction = redaction_for(m_setup, target.cwd);
  LineMatcher matcher(*m_setup.placeholders, &redaction);
  FileSource local_source(target.transcript, from.local,
                          local_size - std::min(from.local, local_size));
  LineReader local(local_source);
  ChunkSource remote_source(m_snapshot, target.meta, from.chunk);
  LineReader remote(remote_source);
  Comparison common = compare_transcripts(local, remote, matcher, false);
  common.local_common += from.local;
  common.remote_common += from.remote;
  return common;
}

// Notes in the index that the local session now is what the repository's meta describes, unless
// its transcript is no longer the size this pull left it (Claude Code wrote to it since).
void
SessionPuller::remember(const InSync& session)
{
  const Target& target = session.target;
  const std::string& id = target.meta.session_id;
  const std::string folder = target.project.filename().string();
  IndexEntry entry = current_stamps(local_session(id, folder));
  if (entry.transcript.size != session.size) {
    spdlog::debug("pull: session {} changed after it was written; not noted as in sync", id);
    return;
  }
  entry.cwd = target.cwd;
  entry.project_dir = folder;
  entry.state = IndexState::synced;
  entry.meta_id = m_snapshot.entry_id(meta_path(id)).value_or("");
  entry.placeholders = placeholders_of(m_index.find(id), m_setup.placeholders_hash);
  entry.pushed_bytes = complete_lines_end(target.transcript, entry.transcript.size);
  const std::uint64_t from =
    entry.pushed_bytes - std::min<std::uint64_t>(k_tail_check, entry.pushed_bytes);
  entry.tail_hash =
    util::stable_hash(platform::read_range(target.transcript, from, entry.pushed_bytes - from));
  entry.boundaries = session.boundaries;
  m_index.set(id, std::move(entry));
}

// Writes what `action` says: the whole transcript (new, replaced, or after a split), or the
// repository's new lines appended to it in place (an extension); and the sidecars.
void
SessionPuller::apply(const Target& target, PullAction action,
                     const std::optional<Comparison>& common, const platform::FileState& seen,
                     bool expired, SessionReport& entry, const IndexEntry* indexed)
{
  const std::string& id = target.meta.session_id;
  const std::uint64_t local_size = seen.regular() ? seen.size : 0;
  if (action == PullAction::replace) {
    back_up(m_setup.ccsync_home, target.transcript, id + ".jsonl");
  } else if (action == PullAction::split) {
    split(target, local_size, entry);
  }
  const bool extend = action == PullAction::extend;
  const TranscriptWrite how{extend ? common->remote_common : 0, extend ? local_size : 0, expired,
                            seen};
  WrittenTranscript written = write_transcript(m_snapshot, target, m_setup, how);
  write_sidecars(m_snapshot, target, *m_setup.placeholders);
  m_touched.emplace(id, target.project);
  if (extend && indexed != nullptr) {
    written.boundaries = merge_boundaries(std::move(written.boundaries), indexed->boundaries);
  }
  m_in_sync.push_back({target, std::move(written.boundaries), written.size});
}

// The local lines of a diverged session go to a fork (the one push already made, if any), written
// before the session itself in the same group: both land, or neither.
void
SessionPuller::split(const Target& target, std::uint64_t local_size, SessionReport& entry)
{
  const std::string& id = target.meta.session_id;
  const auto known = known_fork(m_snapshot, target, m_setup, local_size);
  entry.fork_id = known ? known->id : new_session_id();
  entry.fork_known = known.has_value();
  if (!known || !known->here) { // a fork an earlier pull wrote here already holds these lines
    write_fork(target, entry.fork_id, local_size);
    m_forks_written.insert(entry.fork_id);
  }
  record_fork(m_setup.ccsync_home, entry.fork_id, id);
  spdlog::info("session {} diverged; local lines kept as {}", id, entry.fork_id);
}

} // namespace ccsync::sync
