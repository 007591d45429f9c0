// pull: materialise the repository's sessions in Claude's directory, where `claude --resume <id>`
// run in the session's project directory finds them. Transcripts stream from the repository's
// chunks into temporary files that are renamed into place, or appended to a local transcript that
// the repository's continues: never a truncated local line, never a half-written file, never a
// live session written, never a write outside Claude's directory, never a file replaced or
// extended that changed since pull read it (Claude Code may be writing it).
#include "platform/fs.hpp"
#include "sync/engine.hpp"
#include "sync/local/backups.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/state.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/memory/memory_files.hpp"
#include "sync/pull/session_puller.hpp"
#include "sync/repo/sync_repo.hpp"
#include "sync/store/session_store.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

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
      std::error_code unknown; // a file whose type cannot be told, or that stays, is left alone
      if (it->is_regular_file(unknown) && !it->is_symlink(unknown) &&
          platform::is_abandoned_temp_file(it->path())) {
        spdlog::info("removing {} left by an interrupted ccsync", it->path().string());
        fs::remove(it->path(), unknown);
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

// A session (or memory folder, or CLAUDE.md) the write batch left alone moves from the written to
// the held back: live (it became live while pull ran) or changed (its file changed meanwhile).
void
report_left_alone(PullReport& report, const std::vector<platform::LeftAlone>& left)
{
  for (const auto& alone : left) {
    const auto named = [&](const SessionReport& r) { return r.id == alone.group; };
    std::erase_if(report.changed, named);
    std::erase_if(report.memory, named);
    std::erase_if(report.skipped, named);
    report.skipped.push_back(
      alone.withheld ? SessionReport::of(alone.group, Outcome::held_live)
                     : SessionReport::of(alone.group, Outcome::held_changed, alone.path.string()));
  }
}

// The sessions `ids` names and, transitively, those they continue by pointer (claude-code.md
// §9.2): a fork resumes only where its parent is, so they are pulled together.
std::set<std::string>
with_parents(const Snapshot& snapshot, std::set<std::string> ids)
{
  std::vector<std::string> todo(ids.begin(), ids.end());
  while (!todo.empty() && ids.size() < 1024) {
    const auto text = snapshot.read(meta_path(todo.back()));
    todo.pop_back();
    const auto meta = text ? parse_meta(*text) : std::nullopt;
    for (const auto& parent : meta ? meta->parents : std::vector<std::string>{}) {
      if (ids.insert(parent).second) {
        todo.push_back(parent);
      }
    }
  }
  return ids;
}

} // namespace

PullReport
pull_sessions(const SyncRepo& repo, const SyncSetup& setup, const PullRequest& request)
{
  PullReport report;
  const Snapshot snapshot = repo.current();
  PullRequest wanted = request; // the sessions asked for, and the parents they continue
  wanted.ids = with_parents(snapshot, request.ids);
  if (!wanted.dry_run) {
    prune_backups(setup.ccsync_home);
    remove_stale_temp_files(setup.claude_dir);
  }
  SharingPolicy policy(setup, snapshot);
  SyncIndex index = SyncIndex::load(setup.ccsync_home);
  SessionPuller puller(snapshot, setup, wanted, policy, report, index);
  // Forks this machine's push made go after the sessions they fork: pulling the origin first lets
  // it recognise its fork (known_fork) instead of forking the same lines again.
  std::vector<std::string> ids = list_session_ids(snapshot);
  const nlohmann::json forks = read_object_file(setup.ccsync_home / "forks.json");
  std::stable_partition(ids.begin(), ids.end(),
                        [&](const std::string& id) { return !forks.contains(id); });
  // Every file this pull writes is made durable and put in place at the end, together
  // (platform::WriteBatch): a few flushes instead of two per file.
  platform::WriteBatch batch;
  const auto pull_one = [&](const std::string& id, bool parent) {
    const platform::BatchGroup group(id); // a session's files land together, or none of them
    try {
      parent ? puller.pull_parent(id) : puller.pull(id);
    } catch (const std::exception& e) { // per session: push's policy too (failed_item)
      batch.discard(id);
      spdlog::error("pull of session {}: {}", id, e.what());
      report.skipped.push_back(failed_item(id, e));
      report.failed = report.failed || report.skipped.back().outcome == Outcome::failed;
    }
  };
  std::erase_if(ids, [&](const std::string& id) {
    return (!wanted.ids.empty() && !wanted.ids.contains(id)) || wanted.skip_ids.contains(id);
  });
  for (std::size_t done = 0; done < ids.size(); ++done) {
    if (request.progress) {
      request.progress(done, ids.size());
    }
    pull_one(ids[done], false);
  }
  // A session too old to bring on its own comes when one brought here continues it.
  std::set<std::string> brought;
  for (bool more = true; more;) {
    more = false;
    for (const auto& id : puller.parents_left_behind()) {
      if (!wanted.skip_ids.contains(id) && brought.insert(id).second) {
        pull_one(id, true);
        more = true;
      }
    }
  }
  spdlog::debug("pull: {} unchanged since the last sync (not read)",
                util::counted(puller.unchanged(), "session"));
  pull_memory_files(snapshot, setup, policy, wanted.dry_run, report.memory, report.skipped);
  // Live sessions are read again right before the writes: a session Claude Code started while
  // pull ran is not written after all.
  if (request.progress) {
    request.progress(ids.size(), ids.size());
  }
  const auto left = batch.finish([&] { return live_sessions(setup.claude_dir); });
  report_left_alone(report, left);
  puller.forget(left);
  drop_stale_indexes(puller.touched());
  if (!wanted.dry_run) {
    puller.remember_all();
    index.save();
  }
  return report;
}

} // namespace ccsync::sync
