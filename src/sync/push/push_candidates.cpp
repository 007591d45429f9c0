// Push's bookkeeping: finding the sessions to consider, the no-op check, and the sync index
// after a push.
#include "sync/push/push_candidates.hpp"

#include "git/repository.hpp"
#include "sync/sharing/sharing.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_facts.hpp"
#include "sync/store/session_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

// One session id in two project folders (a pull placed it in the old folder after a /cd moved
// it here, say): only the copy modified last is pushed, the other is held back.
void
drop_duplicates(std::vector<Candidate>& candidates, PushReport& report)
{
  std::vector<Candidate> kept;
  for (auto& c : candidates) { // sorted by id: copies of one session are neighbours
    if (!kept.empty() && kept.back().session.id == c.session.id) {
      const bool newer = c.stamps.transcript.mtime_ns > kept.back().stamps.transcript.mtime_ns;
      const Candidate& dropped = newer ? kept.back() : c;
      report.skipped.push_back(SessionReport::of(c.session.id, Outcome::held_duplicate,
                                                 dropped.session.transcript.string()));
      if (newer) {
        kept.back() = std::move(c);
      }
      continue;
    }
    kept.push_back(std::move(c));
  }
  candidates = std::move(kept);
}

// The working directory of a transcript not in the push index (one streaming pass), or the
// refusal of a transcript with a line over the limit (the pass stops there).
struct CwdScan {
  std::string cwd;
  bool over_limit = false;
};

CwdScan
scan_cwd(const LocalSession& session, std::uint64_t size)
{
  FileSource source(session.transcript, 0, size);
  LineReader lines(source, k_max_line_bytes, OverLimit::stop);
  SessionFacts facts(session.project_dir);
  while (const auto line = lines.next()) {
    facts.add(*line);
  }
  return {facts.cwd().value_or(""), lines.over_limit()};
}

Candidate
make_candidate(LocalSession local, const SyncIndex& index)
{
  Candidate c;
  c.session = std::move(local);
  c.stamps = current_stamps(c.session);
  const IndexEntry* known = index.find(c.session.id);
  if (known != nullptr && !known->cwd.empty() && known->project_dir == c.session.project_dir) {
    c.indexed = *known;
    c.cwd = known->cwd; // a session's cwd never changes (a relocation renames its folder)
    c.stat_unchanged =
      known->transcript == c.stamps.transcript && known->sidecars == c.stamps.sidecars;
  }
  return c;
}

IndexState
index_state_of(NotShared reason)
{
  switch (reason) {
  case NotShared::forgotten: return IndexState::forgotten;
  case NotShared::local: return IndexState::local;
  case NotShared::excluded: return IndexState::excluded;
  case NotShared::ignore_file: return IndexState::ignored;
  case NotShared::no: break;
  }
  return IndexState::synced;
}

void
remember_unshared(Found& found, const Candidate& c, IndexState state)
{
  IndexEntry entry = c.stamps;
  entry.cwd = c.cwd;
  entry.project_dir = c.session.project_dir;
  entry.state = state;
  found.unshared[c.session.id] = std::move(entry);
}

// Where the repository's chunks of `meta` end in the local file, as far as known: the chunks the
// last entry knew (while they are unchanged), then the end of everything at `pushed_bytes`.
std::vector<Boundary>
pushed_boundaries(const std::optional<IndexEntry>& old, const SessionMeta& meta,
                  std::uint64_t pushed_bytes)
{
  std::vector<Boundary> boundaries;
  for (const auto& chunk : meta.chunks) {
    const std::size_t i = boundaries.size();
    if (old && i < old->boundaries.size() && old->boundaries[i].hash == chunk.hash &&
        boundaries.size() + 1 < meta.chunks.size()) {
      boundaries.push_back(old->boundaries[i]);
    } else {
      boundaries.push_back({chunk.hash, std::nullopt});
    }
  }
  if (!boundaries.empty()) {
    boundaries.back().local_end = pushed_bytes;
  }
  return boundaries;
}

IndexEntry
synced_entry(const Candidate& c, const Snapshot& snapshot, std::uint64_t placeholders)
{
  IndexEntry entry = c.stamps;
  entry.placeholders = placeholders;
  entry.cwd = c.cwd;
  entry.project_dir = c.session.project_dir;
  entry.state = IndexState::synced;
  entry.pushed_bytes = c.pushed_bytes;
  entry.tail_hash = c.tail_hash;
  entry.meta_id = snapshot.entry_id(meta_path(c.session.id)).value_or("");
  const auto text = snapshot.read(meta_path(c.session.id));
  if (const auto meta = text ? parse_meta(*text) : std::nullopt) {
    entry.boundaries = pushed_boundaries(c.indexed, *meta, c.pushed_bytes);
  }
  return entry;
}

// A session this push does not look at, counted as outside when the index says so.
void
remember_outside(const SyncIndex& index, const LocalSession& session, PushReport& report)
{
  const IndexEntry* known = index.find(session.id);
  if (known != nullptr && known->state == IndexState::outside &&
      known->project_dir == session.project_dir) {
    report.outside[session.id] = known->cwd;
  }
}

} // namespace

namespace {

// Where one local session goes: among the candidates, the unshared (remembered in the index), or
// the held back. A session named, or joined as a parent, is judged alone: the sync directories'
// selection does not keep it out (a parent goes with the session that needs it, whatever the
// request).
void
consider(Found& found, LocalSession local, const Consider& how)
{
  Candidate c = make_candidate(std::move(local), how.index);
  std::optional<SessionReport> held; // why it is not pushed, whatever its sharing says
  if (c.cwd.empty()) {
    try {
      CwdScan scan = scan_cwd(c.session, c.stamps.transcript.size);
      c.cwd = std::move(scan.cwd);
      if (scan.over_limit) {
        held = SessionReport::of(c.session.id, Outcome::held_too_large, line_limit_words());
      }
    } catch (const std::exception& e) { // per session: unreadable (failed_item), judged without
      held = failed_item(c.session.id, e);
    }
  }
  const PushRequest& request = how.request;
  PushReport& report = how.report;
  if (const Sharing sharing = how.policy.judge(c.session.id, c.cwd); !sharing.shared()) {
    const bool said = std::any_of(report.skipped.begin(), report.skipped.end(),
                                  [&](const SessionReport& r) { return r.id == c.session.id; });
    if (!said && (how.parent || (!request.ids.empty() && !request.rest_unchanged))) {
      report.skipped.push_back(
        SessionReport::of(c.session.id, Outcome::not_shared, sharing_words(sharing)));
    }
    if (!c.cwd.empty() && !how.parent) {
      remember_unshared(found, c, index_state_of(sharing.reason));
    }
    return;
  }
  if (held) {
    report.skipped.push_back(std::move(*held));
  } else if (c.cwd.empty()) {
    report.skipped.push_back(SessionReport::of(c.session.id, Outcome::held_no_cwd));
  } else if (!how.parent && (request.ids.empty() || request.only_sync_directories) &&
             !is_under_any(c.cwd, how.setup.sync_directories)) {
    report.outside[c.session.id] = c.cwd;
    remember_unshared(found, c, IndexState::outside); // selective sync
  } else {
    c.fork_id = new_session_id();
    found.candidates.push_back(std::move(c));
  }
}

} // namespace

Found
find_candidates(const SyncSetup& setup, const PushRequest& request, const SyncIndex& index,
                SharingPolicy& policy, PushReport& report)
{
  Found found;
  const Consider how{setup, request, index, policy, report, false};
  for (auto& local : find_local_sessions(setup.claude_dir)) {
    found.others.emplace(local.id, local); // a parent may join later (join_parent)
    if (!request.ids.empty() && !request.ids.contains(local.id)) {
      remember_outside(index, local, report);
      continue;
    }
    found.judged.insert(local.id);
    consider(found, std::move(local), how);
  }
  drop_duplicates(found.candidates, report);
  for (auto& c : found.candidates) {
    found.others.erase(c.session.id);
  }
  return found;
}

bool
join_parent(Found& found, const std::string& id, const std::string& child, const Consider& how)
{
  if (std::any_of(found.candidates.begin(), found.candidates.end(),
                  [&](const Candidate& c) { return c.session.id == id; })) {
    return false;
  }
  const auto here = found.others.find(id);
  if (here == found.others.end()) {
    spdlog::info("push: session {} continues session {}, which is not here", child, id);
    return false;
  }
  // Judged already (held back, not shared): that stands. Outside the sync directories: it joins.
  const auto unshared = found.unshared.find(id);
  const bool outside =
    unshared != found.unshared.end() && unshared->second.state == IndexState::outside;
  if (found.judged.contains(id) && !outside) {
    return false;
  }
  const std::size_t before = found.candidates.size();
  consider(found, here->second, {how.setup, how.request, how.index, how.policy, how.report, true});
  if (found.candidates.size() == before) {
    return false;
  }
  spdlog::info("push: session {} goes with session {}, which continues it", id, child);
  how.report.outside.erase(id);
  found.unshared.erase(id);
  return true;
}

PushBaseline
push_baseline(const SyncSetup& setup)
{
  return {setup.fingerprint, memory_file_stamps(setup.claude_dir)};
}

void
update_index(SyncIndex& index, const Found& found, const Snapshot& snapshot, const SyncSetup& setup,
             const std::optional<PushBaseline>& baseline)
{
  for (const auto& c : found.candidates) {
    if (c.in_sync && !c.vouched) {
      const bool pending = c.translation_pending && c.indexed;
      index.set(
        c.session.id,
        synced_entry(c, snapshot, pending ? c.indexed->placeholders : setup.placeholders_hash));
    }
  }
  for (const auto& [id, entry] : found.unshared) {
    index.set(id, entry);
  }
  if (baseline) {
    index.set_fingerprint(baseline->fingerprint);
    index.set_memory_files(baseline->memory_files);
  }
  index.save();
}

namespace {

// True when the index entry of `session` still describes it, and what push decided for it
// still holds.
class NoopJudge {
public:
  NoopJudge(const NoopCheck& check, const SyncIndex& index)
      : m_check(check)
      , m_index(index)
      , m_local_ids(load_local_ids(check.ccsync_home))
  {}

  bool
  unchanged(const LocalSession& session)
  {
    const IndexEntry* entry = m_index.find(session.id);
    if (entry == nullptr || entry->project_dir != session.project_dir) {
      return false;
    }
    const IndexEntry now = current_stamps(session);
    if (now.transcript != entry->transcript || now.sidecars != entry->sidecars) {
      return false;
    }
    switch (entry->state) {
    case IndexState::synced: return !entry->meta_id.empty();
    case IndexState::outside: return !is_under_any(entry->cwd, m_check.sync_directories);
    case IndexState::local: return m_local_ids.contains(session.id);
    case IndexState::ignored: return ignored(entry->cwd);
    case IndexState::excluded:  // the patterns are in the fingerprint
    case IndexState::forgotten: // `share` invalidates the index
      return true;
    }
    return false;
  }

private:
  bool
  ignored(const std::string& cwd)
  {
    const auto known = m_ignore_files.find(cwd);
    return known != m_ignore_files.end() ? known->second
                                         : (m_ignore_files[cwd] = has_ignore_file(cwd));
  }

  const NoopCheck& m_check;
  const SyncIndex& m_index;
  std::set<std::string> m_local_ids;
  std::map<std::string, bool> m_ignore_files;
};

} // namespace

std::optional<std::vector<std::string>>
local_changes(const NoopCheck& check)
{
  std::error_code unknown; // a remote folder that cannot be told is not vouched for either
  if (const auto dir = git::local_remote_dir(check.remote);
      dir && !fs::is_directory(*dir, unknown)) {
    return std::nullopt; // a path remote that is gone: the push says so
  }
  const SyncIndex index = SyncIndex::load(check.ccsync_home);
  if (index.fingerprint() == 0 || index.fingerprint() != check.fingerprint ||
      index.memory_files() != memory_file_stamps(check.claude_dir)) {
    return std::nullopt;
  }
  NoopJudge judge(check, index);
  std::vector<std::string> changed;
  for (const auto& session : find_local_sessions(check.claude_dir)) {
    if (!judge.unchanged(session)) {
      changed.push_back(session.id);
    }
  }
  return changed;
}

} // namespace ccsync::sync
