// push: plan each local session against the remote's newest state, commit the changed files in
// one commit (inside a SharedRepo edit transaction, so a rejected push plans again), then do what
// fencing left for after the push.
#include "paths/realpath.hpp"
#include "paths/uncovered.hpp"
#include "platform/fs.hpp"
#include "sync/engine.hpp"
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
    return cwd == base || std::string_view(cwd).starts_with(base == "/" ? base : base + "/");
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

std::vector<Candidate>
find_candidates(const SyncSetup& setup, const PushRequest& request, PushReport& report)
{
  std::vector<Candidate> candidates;
  for (auto& local : find_local_sessions(setup.claude_dir)) {
    if (!request.ids.empty() && request.ids.count(local.id) == 0) {
      continue;
    }
    auto content = platform::read_file(local.transcript);
    const auto cwd = content ? transcript_cwd(*content, local.project_dir) : std::nullopt;
    if (!cwd) {
      report.skipped.push_back({local.id, "skipped", 0, 0, "no working directory in it"});
    } else if (request.ids.empty() && !under_any(*cwd, setup.sync_directories)) {
      continue; // selective sync: not under a sync directory
    } else {
      candidates.push_back({std::move(local), std::move(*content), *cwd, new_session_id()});
    }
  }
  return candidates;
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
  const std::vector<Candidate> candidates = find_candidates(setup, request, report);
  const std::size_t first_skips = report.skipped.size();
  std::vector<AfterPush> after;
  const auto plan_all = [&](const Snapshot& snapshot) {
    std::vector<git::Change> changes;
    report.changed.clear();
    report.skipped.resize(first_skips);
    after.clear();
    for (const auto& c : candidates) {
      const auto token = tokens.find(c.session.id);
      const Fence fence = fence_for(current_lock(repo, c.session.id), setup.machine_id,
                                    token == tokens.end() ? std::nullopt
                                                          : std::optional(token->second));
      Plan plan = plan_session(snapshot, c, fence, setup, forks);
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
    return changes;
  };
  if (request.dry_run) {
    repo.refresh();
    plan_all(repo.current());
    paths::UncoveredReport uncovered;
    for (const auto& c : candidates) {
      paths::find_uncovered(*setup.placeholders, c.content, uncovered);
    }
    for (const auto& entry : uncovered.entries()) {
      report.uncovered_paths.insert(entry.path);
    }
    return report;
  }
  report.commit = repo.edit("push from " + setup.machine_id, plan_all).commit;
  const auto live = live_sessions(setup.claude_dir);
  for (const auto& a : after) {
    finish_fork(a, setup, live);
  }
  return report;
}

} // namespace ccsync::sync
