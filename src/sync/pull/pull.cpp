// pull: materialise the repository's sessions in Claude's directory, where `claude --resume <id>`
// run in the session's project directory finds them. Transcripts stream from the repository's
// chunks into temporary files that are renamed into place: never a truncated local line, never a
// half-written file, never a live session written, never a write outside Claude's directory.
#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"
#include "platform/fs.hpp"
#include "sync/decisions.hpp"
#include "sync/engine.hpp"
#include "sync/local/backups.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/state.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/memory/memory_files.hpp"
#include "sync/pull/pull_files.hpp"
#include "sync/repo/sync_repo.hpp"
#include "sync/sharing/secrets_policy.hpp"
#include "sync/sharing/sharing_state.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_store.hpp"
#include "sync/store/transcript_compare.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <algorithm>
#include <utime.h>

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

class SessionPuller {
public:
  SessionPuller(const Snapshot& snapshot, const SyncSetup& setup, const PullRequest& request,
                SharingPolicy& policy, PullReport& report, SyncIndex& index)
      : m_snapshot(snapshot)
      , m_setup(setup)
      , m_request(request)
      , m_policy(policy)
      , m_report(report)
      , m_index(index)
      , m_live(live_sessions(setup.claude_dir))
  {}

  void
  pull(const std::string& id)
  {
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

  // Notes in the index what this pull found in sync or wrote (once the files are in place).
  void
  remember_all()
  {
    for (auto& [target, boundaries] : m_written) {
      remember(target, std::move(boundaries));
    }
    m_written.clear();
  }

  // Sessions the index vouched for (not read).
  std::size_t
  unchanged() const
  {
    return m_unchanged;
  }

  // Project folders this pull wrote sessions into.
  const std::set<fs::path>&
  touched() const
  {
    return m_touched;
  }

private:
  void
  pull_into(const Target& target)
  {
    const std::string& id = target.meta.session_id;
    const auto local_size = regular_file_size(target.transcript);
    const bool expired = too_old(target.meta, m_request.cleanup_period_days);
    if (!local_size && m_request.ids.empty() && expired) {
      return; // Claude would delete it at start-up; it stays in the repository as the backup
    }
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
      decide_pull(common ? std::optional(common->relation) : std::nullopt, m_request.force);
    if (action == PullAction::none) {
      if (common->relation == Relation::local_ahead) {
        m_report.skipped.push_back(SessionReport::of(id, Outcome::kept_longer));
      }
      if (!m_request.dry_run) {
        write_sidecars(m_snapshot, target, *m_setup.placeholders);
        if (common->relation == Relation::equal) {
          m_written.emplace_back(target, equal_boundaries(target, common->local_common, known));
        }
      }
      return;
    }
    SessionReport entry = SessionReport::of(id, outcome_of(action), target.transcript.string(),
                                            target.meta.lines, target.meta.bytes);
    if (!m_request.dry_run) {
      apply(target, action, common, local_size.value_or(0), expired, entry, known);
    }
    m_report.changed.push_back(entry);
  }

  // The local session at `project_dir` as the index would have stamped it.
  LocalSession
  local_session(const std::string& id, const std::string& project_dir) const
  {
    const fs::path project = m_setup.claude_dir / "projects" / project_dir;
    return {id, project / (id + ".jsonl"), project / id, project_dir,
            m_setup.claude_dir / "tasks" / id};
  }

  // True when the index says the session was in sync with meta blob `meta_id` and its local files
  // are still as they were then.
  bool
  unchanged_since_sync(const std::string& id, const std::string& meta_id) const
  {
    const IndexEntry* entry = m_index.find(id);
    if (entry == nullptr || entry->state != IndexState::synced || entry->meta_id != meta_id ||
        entry->placeholders != m_setup.placeholders_hash) {
      return false;
    }
    const IndexEntry now = current_stamps(local_session(id, entry->project_dir));
    return now.transcript == entry->transcript && now.sidecars == entry->sidecars;
  }

  // The index entry of `target` when the local transcript is still as it was when the entry was
  // made (so the chunk ends it records hold), else null.
  const IndexEntry*
  comparable_entry(const Target& target) const
  {
    const std::string& id = target.meta.session_id;
    const IndexEntry* entry = m_index.find(id);
    const std::string folder = target.project.filename().string();
    if (entry == nullptr || entry->state != IndexState::synced || entry->project_dir != folder ||
        entry->placeholders != m_setup.placeholders_hash ||
        stamp_of(target.transcript) != entry->transcript) {
      return nullptr;
    }
    return entry;
  }

  // Compares the local transcript with the repository's, from the last chunk end `known` and
  // the repository's copy still share (from the start without one).
  Comparison
  compare(const Target& target, std::uint64_t local_size, const IndexEntry* known) const
  {
    use_secrets_policy_of(m_setup, target.cwd);
    const ResumePoint from =
      known != nullptr ? resume_point(known->boundaries, target.meta) : ResumePoint{};
    if (from.chunk > 0) {
      spdlog::debug("pull: session {} compared from chunk {} (local byte {})",
                    target.meta.session_id, from.chunk + 1, from.local);
    }
    LineMatcher matcher(*m_setup.placeholders, m_setup.redactor);
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

  // The chunk ends of a local transcript equal to the repository's: those `known` has, and the
  // last chunk's at `local_end`.
  static std::vector<Boundary>
  equal_boundaries(const Target& target, std::uint64_t local_end, const IndexEntry* known)
  {
    std::vector<Boundary> boundaries;
    for (const auto& chunk : target.meta.chunks) {
      boundaries.push_back({chunk.hash, std::nullopt});
    }
    if (!boundaries.empty()) {
      boundaries.back().local_end = local_end;
    }
    return known != nullptr ? merge_boundaries(std::move(boundaries), known->boundaries)
                            : boundaries;
  }

  // Notes in the index that the local session now is what the repository's meta describes.
  void
  remember(const Target& target, std::vector<Boundary> boundaries)
  {
    const std::string& id = target.meta.session_id;
    const std::string folder = target.project.filename().string();
    IndexEntry entry = current_stamps(local_session(id, folder));
    entry.cwd = target.cwd;
    entry.project_dir = folder;
    entry.state = IndexState::synced;
    entry.meta_id = m_snapshot.entry_id(meta_path(id)).value_or("");
    entry.placeholders = m_setup.placeholders_hash;
    entry.pushed_bytes = complete_lines_end(target.transcript, entry.transcript.size);
    const std::uint64_t from =
      entry.pushed_bytes - std::min<std::uint64_t>(k_tail_check, entry.pushed_bytes);
    entry.tail_hash =
      util::stable_hash(platform::read_range(target.transcript, from, entry.pushed_bytes - from));
    entry.boundaries = std::move(boundaries);
    m_index.set(id, std::move(entry));
  }

  void
  apply(const Target& target, PullAction action, const std::optional<Comparison>& common,
        std::uint64_t local_size, bool expired, SessionReport& entry, const IndexEntry* indexed)
  {
    const std::string& id = target.meta.session_id;
    if (action == PullAction::replace) {
      back_up(m_setup.ccsync_home, target.transcript, id + ".jsonl");
    } else if (action == PullAction::split) {
      const auto known = known_fork(m_snapshot, target, m_setup, local_size);
      entry.fork_id = known.value_or(new_session_id());
      entry.fork_known = known.has_value();
      write_fork(target, entry.fork_id, local_size);
      record_fork(m_setup.ccsync_home, entry.fork_id, id);
      spdlog::info("session {} diverged; local lines kept as {}", id, entry.fork_id);
    }
    const bool extend = action == PullAction::extend;
    auto boundaries =
      write_transcript(m_snapshot, target, m_setup, extend ? common->remote_common : 0,
                       extend ? local_size : 0, expired);
    write_sidecars(m_snapshot, target, *m_setup.placeholders);
    m_touched.insert(target.project);
    if (extend && indexed != nullptr) {
      boundaries = merge_boundaries(std::move(boundaries), indexed->boundaries);
    }
    m_written.emplace_back(target, std::move(boundaries));
  }

  const Snapshot& m_snapshot;
  const SyncSetup& m_setup;
  const PullRequest& m_request;
  SharingPolicy& m_policy;
  PullReport& m_report;
  SyncIndex& m_index;
  std::set<std::string> m_live;
  std::set<fs::path> m_touched;
  std::size_t m_unchanged = 0;
  std::vector<std::pair<Target, std::vector<Boundary>>> m_written; // for remember_all
};

// Removes what a killed ccsync left in Claude's directory: its own temporary files (by name).
void
remove_stale_temp_files(const fs::path& claude_dir)
{
  std::error_code error;
  for (const char* top : {"projects", "tasks"}) {
    auto it = fs::recursive_directory_iterator(claude_dir / top, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it.depth() > 4) {
        it.disable_recursion_pending();
      }
      const std::string name = it->path().filename().string();
      if (it->is_regular_file() && !it->is_symlink() && platform::is_atomic_temp_name(name)) {
        spdlog::info("removing {} left by an interrupted ccsync", it->path().string());
        fs::remove(it->path(), error);
      }
    }
  }
}

// Claude versions that keep projects/<folder>/sessions-index.json hide sessions it does not list
// (claude-code.md §8): after a pull wrote sessions into a folder, the stale index goes.
void
drop_stale_indexes(const std::set<fs::path>& projects)
{
  for (const auto& project : projects) {
    std::error_code error;
    if (fs::remove(project / "sessions-index.json", error)) {
      spdlog::info("removed the stale {}", (project / "sessions-index.json").string());
    }
  }
}

} // namespace

PullReport
pull_sessions(const SyncRepo& repo, const SyncSetup& setup, const PullRequest& request)
{
  PullReport report;
  const Snapshot snapshot = repo.current();
  if (!request.dry_run) {
    prune_backups(setup.ccsync_home);
    remove_stale_temp_files(setup.claude_dir);
  }
  SharingPolicy policy(setup, snapshot);
  SyncIndex index = SyncIndex::load(setup.ccsync_home);
  SessionPuller puller(snapshot, setup, request, policy, report, index);
  // Forks this machine's push made go after the sessions they fork: pulling the origin first lets
  // it recognise its fork (known_fork) instead of forking the same lines again.
  std::vector<std::string> ids = list_session_ids(snapshot);
  const nlohmann::json forks = read_object_file(setup.ccsync_home / "forks.json");
  std::stable_partition(ids.begin(), ids.end(),
                        [&](const std::string& id) { return !forks.contains(id); });
  // Every file this pull writes is made durable and put in place at the end, together
  // (platform::WriteBatch): a few flushes instead of two per file.
  platform::WriteBatch batch;
  for (const auto& id : ids) {
    if ((!request.ids.empty() && !request.ids.contains(id)) || request.skip_ids.contains(id)) {
      continue;
    }
    try {
      puller.pull(id);
    } catch (const Error& e) {
      // Damaged repository content (a missing or altered chunk) holds the session back; anything
      // else (a full disk) is a failure. Neither stops the other sessions.
      const bool damaged = e.kind() == ErrorKind::git;
      spdlog::error("pull of session {}: {}", id, e.what());
      report.skipped.push_back(
        SessionReport::of(id, damaged ? Outcome::held_refused : Outcome::failed, e.what()));
      report.failed = report.failed || !damaged;
    } catch (const std::exception& e) {
      // One session that cannot be written (odd content, a full disk) must not stop the others;
      // the command reports it and exits non-zero.
      spdlog::error("pull of session {}: {}", id, e.what());
      report.skipped.push_back(SessionReport::of(id, Outcome::failed, e.what()));
      report.failed = true;
    }
  }
  spdlog::debug("pull: {} sessions unchanged since the last sync (not read)", puller.unchanged());
  pull_memory_files(snapshot, setup, policy, request.dry_run, report.memory, report.skipped);
  batch.finish();
  drop_stale_indexes(puller.touched());
  if (!request.dry_run) {
    puller.remember_all();
    index.save();
  }
  return report;
}

} // namespace ccsync::sync
