// pull: materialise the repository's sessions in Claude's directory, where `claude --resume <id>`
// run in the session's project directory finds them. Never truncates local lines, never writes a
// live session, never writes outside Claude's directory.
#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"
#include "platform/fs.hpp"
#include "sync/backups.hpp"
#include "sync/engine.hpp"
#include "sync/local_sessions.hpp"
#include "sync/session_store.hpp"
#include "sync/shared_files.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <sys/stat.h>
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

struct Target {
  SessionMeta meta;
  fs::path transcript;
  fs::path sidecar_dir;
  fs::path tasks_dir;
};

std::string
decide(const std::optional<std::string>& local, const std::string& remote, bool force)
{
  if (!local) {
    return "written";
  }
  if (*local == remote) {
    return "";
  }
  if (std::string_view(remote).starts_with(*local)) {
    return "extended";
  }
  if (std::string_view(*local).starts_with(remote)) {
    return "kept longer local copy";
  }
  return force ? "replaced" : "forked";
}

// `keep_fresh`: a session older than Claude's cleanup period, restored on request, keeps the
// time of writing as its mtime: with its last activity as mtime, Claude would delete it again at
// its next start (claude-code.md §1.4).
void
write_session(const Target& target, const std::string& content, bool keep_fresh)
{
  platform::ensure_dir(target.transcript.parent_path(), 0700);
  platform::write_file_atomic(target.transcript, content, 0600);
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
  for (const auto& [from, to] : {std::pair{target.sidecar_dir, sidecar_dir},
                                 std::pair{target.tasks_dir, tasks_dir}}) {
    if (fs::is_directory(from)) {
      fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::skip_symlinks);
    }
  }
}

bool
too_old(const SessionMeta& meta, int days)
{
  const auto seconds = last_activity(meta);
  return seconds && *seconds < util::now_epoch() - std::int64_t{days} * 86400;
}

} // namespace

namespace {

void
pull_one(const std::string& id, const Snapshot& snapshot, const SyncSetup& setup,
         const PullRequest& request, const std::set<std::string>& live, PullReport& report)
{
  const paths::Placeholders& placeholders = *setup.placeholders;
  {
    const auto text = snapshot.read(meta_path(id));
    auto meta = text ? parse_meta(*text) : std::nullopt;
    if (!meta || meta->session_id != id) {
      report.skipped.push_back({id, "refused", 0, 0, "damaged or unsafe meta.json"});
      return;
    }
    std::set<std::string> missing;
    const auto cwd = placeholders.local_path(meta->project, missing);
    if (!cwd) {
      std::string names;
      for (const auto& name : missing) {
        names += (names.empty() ? "{{" : ", {{") + name + "}}";
      }
      report.skipped.push_back({id, "not mapped here", 0, 0,
                                names + "; fix with 'ccsync config set-path'"});
      return;
    }
    // Claude encodes the realpath of its cwd; the configured spelling may be a symlink.
    const std::string real_cwd = paths::real_path(*cwd).value_or(*cwd);
    const fs::path project = setup.claude_dir / "projects" / paths::encode_project_dir(real_cwd);
    const Target target{*meta, project / (id + ".jsonl"), project / id,
                        setup.claude_dir / "tasks" / id};
    const auto local = platform::read_file(target.transcript);
    const bool expired = too_old(*meta, request.cleanup_period_days);
    if (!local && request.ids.empty() && expired) {
      return; // Claude would delete it at start-up; it stays in the repository as the backup
    }
    if (live.count(id) != 0) {
      report.skipped.push_back({id, "live", 0, 0, "a Claude Code process runs it; left for later"});
      return;
    }
    const auto translated = read_transcript(snapshot, *meta);
    if (!translated) {
      report.skipped.push_back({id, "refused", 0, 0, "missing or oversized transcript chunk"});
      return;
    }
    std::set<std::string> unused;
    std::string remote;
    placeholders.expand(*translated, remote, unused);
    const std::string action = decide(local, remote, request.force);
    if (action.empty() || action == "kept longer local copy") {
      if (!action.empty()) {
        report.skipped.push_back({id, action, 0, 0, "its new lines will be pushed"});
      }
      if (!request.dry_run) {
        write_sidecars(snapshot, target, placeholders);
      }
      return;
    }
    SessionReport entry{id, action, meta->lines, remote.size(), target.transcript.string()};
    if (!request.dry_run) {
      if (action == "replaced") {
        back_up(setup.ccsync_home, target.transcript, id + ".jsonl");
      } else if (action == "forked") {
        const std::string fork = new_session_id();
        copy_session_files(target, project / fork, setup.claude_dir / "tasks" / fork);
        platform::write_file_atomic(project / (fork + ".jsonl"),
                                    rewrite_session_id(*local, id, fork), 0600);
        record_fork(setup.ccsync_home, fork, id);
        entry.detail = "this machine's lines are now session " + fork;
        spdlog::info("session {} diverged; local lines kept as {}", id, fork);
      }
      write_session(target, remote, expired);
      write_sidecars(snapshot, target, placeholders);
    }
    report.changed.push_back(entry);
  }
}

} // namespace

PullReport
pull_sessions(const SharedRepo& repo, const SyncSetup& setup, const PullRequest& request)
{
  PullReport report;
  const Snapshot snapshot = repo.current();
  const auto live = live_sessions(setup.claude_dir);
  if (!request.dry_run) {
    prune_backups(setup.ccsync_home);
  }
  for (const auto& id : snapshot.list("sessions")) {
    if (!request.ids.empty() && request.ids.count(id) == 0) {
      continue;
    }
    try {
      pull_one(id, snapshot, setup, request, live, report);
    } catch (const std::exception& e) {
      // One session that cannot be written (odd content, a full disk) must not stop the others;
      // the command reports it and exits non-zero.
      spdlog::error("pull of session {}: {}", id, e.what());
      report.skipped.push_back({id, "failed", 0, 0, e.what()});
      report.failed = true;
    }
  }
  pull_shared_files(snapshot, setup, request.dry_run, report.shared);
  return report;
}

} // namespace ccsync::sync
