// The sync engine: push this machine's sessions into the sync repository, pull the repository's
// sessions into Claude's directory. The rules (README, "How sessions sync"):
// - push: a new session or one whose remote copy is a prefix of the local one is written (only
//   the changed chunks); a remote copy that is ahead is left for pull; a copy that diverged is
//   replaced only if this machine wrote it last (Claude rewrote its tail), else left for pull.
// - pull: missing or shorter local copies are written or extended; longer ones are kept (they
//   will be pushed); diverged ones keep the remote version under the id and the local lines as a
//   new forked session; live sessions and sessions whose placeholders have no path here are left.
#pragma once

#include "paths/placeholders.hpp"
#include "sync/shared_repo.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ccsync::sync {

struct SyncSetup {
  std::filesystem::path claude_dir;
  std::filesystem::path ccsync_home;
  std::string machine_id;
  std::vector<std::string> sync_directories;
  const paths::Placeholders* placeholders = nullptr;
  std::int64_t clock_skew = 60; // lock_clock_skew_seconds, for judging other machines' locks
};

// This machine's placeholder engine: HOME plus `mappings` (NAME -> path), each also under its
// realpath spelling.
paths::Placeholders make_placeholders(const std::string& home,
                                      const std::map<std::string, std::string>& mappings);

struct SessionReport {
  std::string id;
  std::string action; // "new", "appended", "replaced tail", "written", "extended", "forked"...
  std::size_t lines = 0;
  std::size_t bytes = 0;
  std::string detail;
};

struct PushRequest {
  bool dry_run = false;
  std::set<std::string> ids; // empty: every session under the sync directories
  // Called as sessions are planned (done, total), and with done == total before the upload.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct PushReport {
  std::vector<SessionReport> changed;
  std::vector<SessionReport> shared; // memory and CLAUDE.md
  std::vector<SessionReport> skipped;
  std::set<std::string> uncovered_paths; // absolute paths no placeholder covers (dry run)
  std::optional<std::string> commit;
};

PushReport push_sessions(SharedRepo& repo, const SyncSetup& setup, const PushRequest& request);

// Notes that local session `fork` was split off `origin` (<ccsync home>/forks.json), so that its
// meta says forked_from when it is pushed.
void record_fork(const std::filesystem::path& ccsync_home, const std::string& fork,
                 const std::string& origin);

struct PullRequest {
  bool dry_run = false;
  bool force = false;
  std::set<std::string> ids; // empty: every session active within the cleanup period
  int cleanup_period_days = 30;
};

struct PullReport {
  std::vector<SessionReport> changed;
  std::vector<SessionReport> shared; // memory and CLAUDE.md
  std::vector<SessionReport> skipped;
  bool failed = false; // some session could not be written (listed in skipped as "failed")
};

PullReport pull_sessions(const SharedRepo& repo, const SyncSetup& setup, const PullRequest& request);

} // namespace ccsync::sync
