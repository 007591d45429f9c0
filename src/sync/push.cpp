// push: plan each local session against the remote's newest state, commit the changed files in
// one commit (inside a SharedRepo edit transaction, so a rejected push plans again), then do what
// fencing left for after the push.
#include "paths/realpath.hpp"
#include "paths/uncovered.hpp"
#include "platform/fs.hpp"
#include "sync/engine.hpp"
#include "sync/push_index.hpp"
#include "sync/push_plan.hpp"
#include "sync/session_locks.hpp"
#include "sync/shared_files.hpp"
#include "sync/state.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

bool
under_any(const std::string& cwd, const std::vector<std::string>& dirs)
{
  return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) {
    const std::string base = dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1)
                                                                 : dir;
    return !base.empty() &&
           (cwd == base || std::string_view(cwd).starts_with(base == "/" ? base : base + "/"));
  });
}

std::map<std::string, std::string>
load_forks(const fs::path& ccsync_home)
{
  std::map<std::string, std::string> forks;
  const nlohmann::json file = read_object_file(ccsync_home / "forks.json"); // outlives items()
  for (const auto& [id, origin] : file.items()) {
    if (origin.is_string()) {
      forks[id] = origin.get<std::string>();
    }
  }
  return forks;
}

// One session id in two project folders (a pull placed it in the old folder after a /cd moved
// it here, say): only the copy modified last is pushed, the other is reported.
void
drop_duplicates(std::vector<Candidate>& candidates, PushReport& report)
{
  std::vector<Candidate> kept;
  for (auto& c : candidates) { // sorted by id: copies of one session are neighbours
    if (!kept.empty() && kept.back().session.id == c.session.id) {
      const bool newer = c.stamps.transcript.mtime_ns > kept.back().stamps.transcript.mtime_ns;
      Candidate& dropped = newer ? kept.back() : c;
      report.skipped.push_back({c.session.id, "skipped", 0, 0,
                                "an older copy in " + dropped.session.project_dir +
                                  " is not pushed; the newest copy is"});
      if (newer) {
        kept.back() = std::move(c);
      }
      continue;
    }
    kept.push_back(std::move(c));
  }
  candidates = std::move(kept);
}

// The sessions to consider. A session whose files still have the stamps the push index recorded
// is taken on the index's word (its cwd included) and not read.
std::vector<Candidate>
find_candidates(const SyncSetup& setup, const PushRequest& request, const PushIndex& index,
                PushReport& report)
{
  std::vector<Candidate> candidates;
  for (auto& local : find_local_sessions(setup.claude_dir)) {
    if (!request.ids.empty() && request.ids.count(local.id) == 0) {
      continue;
    }
    Candidate c;
    c.session = std::move(local);
    c.stamps = current_stamps(c.session);
    const IndexEntry* known = index.find(c.session.id);
    if (known && (known->cwd.empty() || known->project_dir != c.session.project_dir)) {
      known = nullptr; // moved (/cd) or never pushed: read it whole
    }
    if (known) {
      c.indexed = *known;
      c.cwd = known->cwd; // a session's cwd never changes (a relocation renames its folder)
      c.pushed_bytes = known->pushed_bytes;
      c.tail_hash = known->tail_hash;
    }
    if (known && known->transcript == c.stamps.transcript &&
        known->sidecars == c.stamps.sidecars) {
      c.stat_unchanged = true;
      c.indexed_meta_hash = known->meta_hash;
    } else if (known) {
      // read later, and only the new tail if the index can vouch for the rest
    } else if (auto content = platform::read_file(c.session.transcript)) {
      c.content = std::move(*content);
      c.content_read = true;
      c.cwd = transcript_cwd(c.content, c.session.project_dir).value_or("");
    }
    if (c.cwd.empty()) {
      report.skipped.push_back({c.session.id, "skipped", 0, 0, "no working directory in it"});
    } else if (request.ids.empty() && !under_any(c.cwd, setup.sync_directories)) {
      continue; // selective sync: not under a sync directory
    } else {
      c.fork_id = new_session_id();
      candidates.push_back(std::move(c));
    }
  }
  drop_duplicates(candidates, report);
  return candidates;
}

// True when the index vouches that `c` is what the repository's meta (in `snapshot`) describes.
bool
vouched(const Candidate& c, const Snapshot& snapshot)
{
  return c.stat_unchanged &&
         stable_hash(snapshot.read(meta_path(c.session.id)).value_or("")) == c.indexed_meta_hash;
}

void
ensure_content(Candidate& c)
{
  if (!c.content_read) {
    c.content = platform::read_file(c.session.transcript).value_or("");
    c.content_read = true;
  }
}

void
update_index(PushIndex& index, const std::vector<Candidate>& candidates, const Snapshot& snapshot)
{
  for (const auto& c : candidates) {
    if (c.in_sync) {
      IndexEntry entry = c.stamps;
      entry.cwd = c.cwd;
      entry.project_dir = c.session.project_dir;
      entry.pushed_bytes = c.pushed_bytes;
      entry.tail_hash = c.tail_hash;
      entry.meta_hash = stable_hash(snapshot.read(meta_path(c.session.id)).value_or(""));
      index.set(c.session.id, std::move(entry));
    }
  }
  index.save();
}

void
finish_fork(const AfterPush& after, const SyncSetup& setup, const std::set<std::string>& live)
{
  platform::write_file_atomic(after.fork_file, after.fork_content, 0600);
  record_fork(setup.ccsync_home, after.fork_id, after.origin_id);
  if (live.count(after.origin_id) == 0) {
    platform::write_file_atomic(after.original_file, after.original_content, 0600);
  }
  spdlog::info("session {}: lock lost, local lines kept as {}", after.origin_id, after.fork_id);
}

} // namespace

paths::Placeholders
make_placeholders(const std::string& home, const std::map<std::string, std::string>& mappings)
{
  paths::Profile profile(paths::Os::posix, home, paths::real_path(home).value_or(""));
  for (const auto& [name, path] : mappings) {
    profile.set(name, path, paths::real_path(path).value_or(""));
  }
  return paths::Placeholders(std::move(profile));
}

void
record_fork(const fs::path& ccsync_home, const std::string& fork, const std::string& origin)
{
  set_object_entry(ccsync_home / "forks.json", fork, origin);
}

PushReport
push_sessions(SharedRepo& repo, const SyncSetup& setup, const PushRequest& request)
{
  PushReport report;
  const auto forks = load_forks(setup.ccsync_home);
  const auto tokens = remembered_tokens(setup.ccsync_home);
  PushIndex index = PushIndex::load(setup.ccsync_home);
  std::vector<Candidate> candidates = find_candidates(setup, request, index, report);
  const std::size_t first_skips = report.skipped.size();
  std::vector<AfterPush> after;
  const auto live = live_sessions(setup.claude_dir);
  const auto plan_all = [&](const Snapshot& snapshot) {
    std::vector<git::Change> changes;
    report.changed.clear();
    report.skipped.resize(first_skips);
    after.clear();
    std::size_t done = 0;
    for (auto& c : candidates) {
      if (request.progress) {
        request.progress(done++, candidates.size());
      }
      c.in_sync = vouched(c, snapshot);
      if (c.in_sync) {
        continue; // unchanged here and in the repository: not even read
      }
      const auto token = tokens.find(c.session.id);
      Fence fence = fence_for(current_lock(repo, c.session.id), setup.machine_id,
                              token == tokens.end() ? std::nullopt : std::optional(token->second),
                              setup.clock_skew);
      if (fence == Fence::stale && live.count(c.session.id) != 0) {
        fence = Fence::taken; // forked once Claude is done with it, not on every push
      }
      auto quick = fence == Fence::open && !c.content_read ? plan_append(snapshot, c, setup)
                                                             : std::nullopt;
      c.tail_only = quick.has_value();
      if (!quick) {
        ensure_content(c);
        note_pushed(c);
        c.cwd = transcript_cwd(c.content, c.session.project_dir).value_or(c.cwd);
      }
      Plan plan = quick ? std::move(*quick) : plan_session(snapshot, c, fence, setup, forks);
      c.in_sync = (plan.skip && plan.report.detail.empty()) || (!plan.skip && !plan.after);
      if (plan.skip) {
        if (!plan.report.detail.empty()) {
          report.skipped.push_back(plan.report);
        }
        continue;
      }
      report.changed.push_back(plan.report);
      changes.insert(changes.end(), plan.changes.begin(), plan.changes.end());
      if (plan.after) {
        after.push_back(*plan.after);
      }
    }
    report.shared.clear();
    std::vector<std::string> projects;
    for (const auto& c : candidates) {
      projects.push_back(c.cwd);
    }
    const auto shared = shared_file_changes(snapshot, setup, projects, report.shared);
    changes.insert(changes.end(), shared.begin(), shared.end());
    if (request.progress) {
      request.progress(candidates.size(), candidates.size());
    }
    return changes;
  };
  if (request.dry_run) {
    repo.refresh();
    plan_all(repo.current());
    paths::UncoveredReport uncovered;
    for (auto& c : candidates) {
      ensure_content(c);
      paths::find_uncovered(*setup.placeholders, c.content, uncovered);
    }
    for (const auto& entry : uncovered.entries()) {
      report.uncovered_paths.insert(entry.path);
    }
    return report;
  }
  const auto message = [&] {
    std::string text = "push from " + setup.machine_id + ": " +
                       std::to_string(report.changed.size()) + " sessions\n\n";
    for (const auto& s : report.changed) {
      text += s.id + " " + s.action + " (" + std::to_string(s.lines) + " lines)\n";
    }
    for (const auto& s : report.shared) {
      text += s.id + " " + s.action + "\n";
    }
    return text;
  };
  report.commit = repo.edit_described(k_main_ref, message, plan_all).commit;
  const auto read = std::count_if(candidates.begin(), candidates.end(),
                                  [](const Candidate& c) { return c.content_read; });
  const auto tails = std::count_if(candidates.begin(), candidates.end(),
                                   [](const Candidate& c) { return c.tail_only; });
  spdlog::debug("push: {} sessions considered, {} read, {} read from their new tail only",
                candidates.size(), read, tails);
  update_index(index, candidates, repo.current());
  for (const auto& a : after) {
    finish_fork(a, setup, live);
  }
  return report;
}

} // namespace ccsync::sync
