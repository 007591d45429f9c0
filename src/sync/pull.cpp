// pull: materialise the repository's sessions in Claude's directory, where `claude --resume <id>`
// run in the session's project directory finds them. Transcripts stream from the repository's
// chunks into temporary files that are renamed into place: never a truncated local line, never a
// half-written file, never a live session written, never a write outside Claude's directory.
#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"
#include "platform/fs.hpp"
#include "sync/backups.hpp"
#include "sync/decisions.hpp"
#include "sync/engine.hpp"
#include "sync/line_reader.hpp"
#include "sync/local_sessions.hpp"
#include "sync/secrets_policy.hpp"
#include "sync/session_store.hpp"
#include "sync/shared_files.hpp"
#include "sync/sharing_state.hpp"
#include "sync/state.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <algorithm>
#include <utime.h>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

// The session's last activity in seconds since the epoch ("2026-11-24T10:00:00.000Z": the
// milliseconds are dropped), or nothing when meta does not say.
std::optional<std::int64_t>
last_activity(const SessionMeta& meta)
{
  return util::parse_utc(meta.last_activity.substr(0, 19) + "Z");
}

void
set_mtime(const fs::path& file, std::int64_t seconds)
{
  const utimbuf times{static_cast<time_t>(seconds), static_cast<time_t>(seconds)};
  ::utime(file.c_str(), &times);
}

bool
too_old(const SessionMeta& meta, int days)
{
  const auto seconds = last_activity(meta);
  return seconds && *seconds < util::now_epoch() - std::int64_t{days} * 86400;
}

struct Target {
  SessionMeta meta;
  std::string cwd; // the session's working directory here
  fs::path project;
  fs::path transcript;
  fs::path sidecar_dir;
  fs::path tasks_dir;
};

// Where the session goes on this machine, or why it cannot (unmapped placeholder names).
std::optional<Target>
locate(const SessionMeta& meta, const SyncSetup& setup, std::string& missing_names)
{
  std::set<std::string> missing;
  const auto cwd = setup.placeholders->local_path(meta.project, missing);
  if (!cwd) {
    for (const auto& name : missing) {
      missing_names += (missing_names.empty() ? "{{" : ", {{") + name + "}}";
    }
    return std::nullopt;
  }
  // Claude encodes the realpath of its cwd; the configured spelling may be a symlink.
  const std::string real_cwd = paths::real_path(*cwd).value_or(*cwd);
  const fs::path project = setup.claude_dir / "projects" / paths::encode_project_dir(real_cwd);
  return Target{meta,
                *cwd,
                project,
                project / (meta.session_id + ".jsonl"),
                project / meta.session_id,
                setup.claude_dir / "tasks" / meta.session_id};
}

std::optional<std::uint64_t>
regular_file_size(const fs::path& file)
{
  struct stat info {};
  if (::lstat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(info.st_size);
}

// The repository's lines from byte `from` on, expanded, after the first `keep` bytes of the
// local file (an extension) or alone, written atomically over the local transcript.
void
write_transcript(const Snapshot& snapshot, const Target& target, const SyncSetup& setup,
                 std::uint64_t from, std::uint64_t keep, bool keep_fresh)
{
  platform::ensure_dir(target.project, 0700);
  platform::AtomicFile out(target.transcript, 0600);
  if (keep > 0) {
    out.copy_from(target.transcript, keep);
  }
  ChunkSource source(snapshot, target.meta);
  LineReader lines(source);
  std::string expanded;
  std::set<std::string> unused;
  while (const auto line = lines.next()) {
    if (lines.consumed() > from) {
      expanded.clear();
      setup.placeholders->expand(*line, expanded, unused);
      out.write(expanded);
    }
  }
  out.commit();
  // A session older than Claude's cleanup period, restored on request, keeps the time of
  // writing as its mtime: with its last activity as mtime, Claude would delete it again at its
  // next start (claude-code.md §1.4).
  if (const auto seconds = last_activity(target.meta); seconds && !keep_fresh) {
    set_mtime(target.transcript, *seconds);
  }
}

void
write_sidecars(const Snapshot& snapshot, const Target& target,
               const paths::Placeholders& placeholders)
{
  for (const auto& file : target.meta.files) {
    const auto text = snapshot.read(sidecar_path(target.meta.session_id, file));
    if (!text || text->size() > k_max_file_bytes) {
      continue;
    }
    const std::string expanded = placeholders.expand(*text);
    const fs::path path = session_file_path(target.sidecar_dir, target.tasks_dir, file);
    std::error_code error;
    if (fs::is_directory(path, error) || fs::is_symlink(path, error)) {
      continue; // not ours to replace
    }
    // The transcript's rule, file by file: write what is missing or a strict prefix of the
    // repository's copy; a local file that is longer or different keeps its bytes (push sends it).
    const auto local = platform::read_file(path);
    if (!local || (local->size() < expanded.size() && expanded.starts_with(*local))) {
      platform::ensure_dir(path.parent_path(), 0700);
      platform::write_file_atomic(path, expanded, 0600);
    }
  }
}

// A fork starts with copies of the session's sidecars and tasks, as they are here.
void
copy_session_files(const Target& target, const fs::path& sidecar_dir, const fs::path& tasks_dir)
{
  for (const auto& [from, to] :
       {std::pair{target.sidecar_dir, sidecar_dir}, std::pair{target.tasks_dir, tasks_dir}}) {
    if (fs::is_directory(from)) {
      fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::skip_symlinks);
    }
  }
}

// The fork this machine's push already made of these local lines, if the repository has it and
// the local copy still continues it (so pull does not fork the same lines a second time).
std::optional<std::string>
known_fork(const Snapshot& snapshot, const Target& target, const SyncSetup& setup,
           std::uint64_t local_size)
{
  const std::string& origin = target.meta.session_id;
  const nlohmann::json forks = read_object_file(setup.ccsync_home / "forks.json");
  for (const auto& [fork, from] : forks.items()) {
    if (from != origin || !lock::is_valid_session_id(fork) ||
        fs::exists(target.project / (fork + ".jsonl"))) {
      continue;
    }
    const auto text = snapshot.read(meta_path(fork));
    const auto meta = text ? parse_meta(*text) : std::nullopt;
    if (!meta || meta->session_id != fork) {
      continue;
    }
    use_secrets_policy_of(setup, target.cwd);
    LineMatcher matcher(*setup.placeholders, setup.redactor);
    matcher.rewrite_session_id(origin, fork);
    FileSource local_source(target.transcript, 0, local_size);
    LineReader local(local_source);
    ChunkSource remote_source(snapshot, *meta);
    LineReader remote(remote_source);
    const Relation relation = compare_transcripts(local, remote, matcher).relation;
    if (relation == Relation::equal || relation == Relation::local_ahead) {
      return fork;
    }
  }
  return std::nullopt;
}

// Saves the local transcript as session `fork` (session id rewritten on its lines).
void
write_fork(const Target& target, const std::string& fork, std::uint64_t local_size)
{
  copy_session_files(target, target.project / fork, target.tasks_dir.parent_path() / fork);
  platform::AtomicFile out(target.project / (fork + ".jsonl"), 0600);
  FileSource source(target.transcript, 0, local_size);
  LineReader lines(source);
  while (const auto line = lines.next()) {
    out.write(rewrite_session_id(*line, target.meta.session_id, fork));
  }
  out.commit();
}

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
                SharingPolicy& policy, PullReport& report)
      : m_snapshot(snapshot)
      , m_setup(setup)
      , m_request(request)
      , m_policy(policy)
      , m_report(report)
      , m_live(live_sessions(setup.claude_dir))
  {}

  void
  pull(const std::string& id)
  {
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
    if (m_live.count(id) != 0) {
      m_report.skipped.push_back(SessionReport::of(id, Outcome::held_live));
      return;
    }
    std::optional<Comparison> common;
    if (local_size) {
      use_secrets_policy_of(m_setup, target.cwd);
      LineMatcher matcher(*m_setup.placeholders, m_setup.redactor);
      FileSource local_source(target.transcript, 0, *local_size);
      LineReader local(local_source);
      ChunkSource remote_source(m_snapshot, target.meta);
      LineReader remote(remote_source);
      common = compare_transcripts(local, remote, matcher, false);
    }
    const PullAction action =
      decide_pull(common ? std::optional(common->relation) : std::nullopt, m_request.force);
    if (action == PullAction::none) {
      if (common->relation == Relation::local_ahead) {
        m_report.skipped.push_back(SessionReport::of(id, Outcome::kept_longer));
      }
      if (!m_request.dry_run) {
        write_sidecars(m_snapshot, target, *m_setup.placeholders);
      }
      return;
    }
    SessionReport entry = SessionReport::of(id, outcome_of(action), target.transcript.string(),
                                            target.meta.lines, target.meta.bytes);
    if (!m_request.dry_run) {
      apply(target, action, common, local_size.value_or(0), expired, entry);
    }
    m_report.changed.push_back(entry);
  }

  void
  apply(const Target& target, PullAction action, const std::optional<Comparison>& common,
        std::uint64_t local_size, bool expired, SessionReport& entry)
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
    write_transcript(m_snapshot, target, m_setup, extend ? common->remote_common : 0,
                     extend ? local_size : 0, expired);
    write_sidecars(m_snapshot, target, *m_setup.placeholders);
    m_touched.insert(target.project);
  }

  const Snapshot& m_snapshot;
  const SyncSetup& m_setup;
  const PullRequest& m_request;
  SharingPolicy& m_policy;
  PullReport& m_report;
  std::set<std::string> m_live;
  std::set<fs::path> m_touched;
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
pull_sessions(const SharedRepo& repo, const SyncSetup& setup, const PullRequest& request)
{
  PullReport report;
  const Snapshot snapshot = repo.current();
  if (!request.dry_run) {
    prune_backups(setup.ccsync_home);
    remove_stale_temp_files(setup.claude_dir);
  }
  SharingPolicy policy(setup, snapshot);
  SessionPuller puller(snapshot, setup, request, policy, report);
  // Forks this machine's push made go after the sessions they fork: pulling the origin first lets
  // it recognise its fork (known_fork) instead of forking the same lines again.
  std::vector<std::string> ids = snapshot.list("sessions");
  const nlohmann::json forks = read_object_file(setup.ccsync_home / "forks.json");
  std::stable_partition(ids.begin(), ids.end(),
                        [&](const std::string& id) { return !forks.contains(id); });
  for (const auto& id : ids) {
    if ((!request.ids.empty() && request.ids.count(id) == 0) || request.skip_ids.count(id) != 0) {
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
  drop_stale_indexes(puller.touched());
  pull_shared_files(snapshot, setup, policy, request.dry_run, report.shared, report.skipped);
  return report;
}

} // namespace ccsync::sync
