// The sync engine: push this machine's sessions into the sync repository, pull the repository's
// sessions into Claude's directory. The rules are the tables in src/sync/README.md ("How sessions
// sync"), decided by the pure functions of decisions.hpp:
// - push never loses a line: lines it cannot add to a session (another machine's copy went
//   another way, or another machine holds the lock) go to the repository at once as a forked
//   session, and later pushes extend that same fork. Push never writes Claude's directory.
// - pull: missing or shorter local copies are written or extended; longer ones are kept (push
//   sends them); diverged ones get the repository's version under the id and the local lines as
//   a fork (the one push already made, when there is one); live sessions, sessions whose
//   placeholders have no path here, damaged content and files that changed while pull ran
//   (Claude Code wrote them) are left alone (held back). An extension is appended in place.
// Transcripts stream through both, so memory does not grow with their size.
#pragma once

#include "paths/placeholders.hpp"
#include "paths/uncovered.hpp"
#include "sync/outcome.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ccsync::secrets {
class Redactor;
}

namespace ccsync::sync {

class SyncRepo; // repo/sync_repo.hpp

struct SyncSetup {
  std::filesystem::path claude_dir;
  std::filesystem::path ccsync_home;
  std::string machine_id;
  std::vector<std::string> sync_directories;
  std::vector<std::string> exclude; // config `exclude` (see sharing.hpp), placeholders unexpanded
  const paths::Placeholders* placeholders = nullptr;
  std::int64_t clock_skew = 60; // lock_clock_skew_seconds, for judging other machines' locks
  std::int64_t lock_ttl = 600;  // lock_ttl_seconds
  std::string install_id;       // this installation (see installation_id in registry.hpp)
  // The secret scanner and marker key, and the policy for what push writes (config `secrets`);
  // null: nothing is scanned. Redacting takes a project's policy too (redaction_for in
  // sync/sharing/secrets_policy.hpp).
  const secrets::Redactor* redactor = nullptr;
  // config `secrets_projects`: (pattern, policy name), placeholders unexpanded; the first whose
  // pattern covers a project gives its policy (sync/sharing/secrets_policy.hpp)
  std::vector<std::pair<std::string, std::string>> secrets_projects;
  // Of the configuration that push and pull decide by (sync_fingerprint in open.hpp): the sync
  // index holds only what was decided under the same one.
  std::uint64_t fingerprint = 0;
  // Of this machine's placeholder mappings (the repository's table and the configuration's): pull
  // trusts index entries made under the same mappings only.
  std::uint64_t placeholders_hash = 0;
};

// This machine's placeholder engine: HOME plus `mappings` (NAME -> path), each also under its
// realpath spelling.
paths::Placeholders make_placeholders(const std::string& home,
                                      const std::map<std::string, std::string>& mappings);
// The fingerprint of the same (SyncSetup::placeholders_hash); never 0.
std::uint64_t placeholders_hash_of(const std::string& home,
                                   const std::map<std::string, std::string>& mappings);

struct PushRequest {
  bool dry_run = false;
  std::set<std::string> ids; // empty: every session under the sync directories
  // Named sessions outside the sync directories are pushed when a person names them; unattended
  // pushes (hooks, the outbox) set this to honour the selection. Sessions that are not shared
  // (sharing.hpp) are never pushed, named or not.
  bool only_sync_directories = false;
  // The sessions not named are vouched for by the sync index (local_changes): the push counts as
  // one of every session (it records the configuration and shared files it was made under) and
  // names no unshared session.
  bool rest_unchanged = false;
  // Called as sessions are planned (done, total), and with done == total before the upload.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct PushReport {
  std::vector<SessionReport> changed;
  std::vector<SessionReport> memory;  // memory and CLAUDE.md
  std::vector<SessionReport> skipped; // not written: held back, or nothing to send (and why)
  // Dry run: absolute paths no placeholder covers, whose top directory exists here.
  std::vector<paths::UncoveredGroup> uncovered;
  std::vector<SecretHit> secrets; // in what would be written (dry run; as `scan` reports)
  std::optional<std::string> commit;
  // Sessions here whose working directory is under no sync directory (not pushed): id -> cwd.
  // Named sessions are judged alone; otherwise every session here (the index vouching for the
  // unchanged ones).
  std::map<std::string, std::string> outside;
};

// The number of `reports` whose outcome holds work back (is_held_back).
std::size_t held_back_count(const std::vector<SessionReport>& reports);

PushReport push_sessions(SyncRepo& repo, const SyncSetup& setup, const PushRequest& request);

// What local_changes needs: no repository, no placeholders.
struct NoopCheck {
  std::filesystem::path claude_dir;
  std::filesystem::path ccsync_home;
  std::vector<std::string> sync_directories;
  std::uint64_t fingerprint = 0; // sync_fingerprint of the configuration now
  std::string remote;            // a path remote that is gone is not vouched for
};

// What changed here since the last complete push, known without opening the repository at a
// stat per file: the sessions whose files changed (or that are new), when the configuration,
// the memory files and CLAUDE.md are as that push (or a pull since) left them and the sync index
// vouches for every other session; nothing when it cannot say (a new configuration, changed
// memory, no index, a path remote that is gone). An empty list: a push would send nothing. (Work
// the hooks queued is the caller's to check.)
std::optional<std::vector<std::string>> local_changes(const NoopCheck& check);

// Notes that local session `fork` was split off `origin` (<ccsync home>/forks.json), so that its
// meta says forked_from when it is pushed.
void record_fork(const std::filesystem::path& ccsync_home, const std::string& fork,
                 const std::string& origin);

struct PullRequest {
  bool dry_run = false;
  bool force = false;
  std::set<std::string> ids;      // empty: every session active within the cleanup period
  std::set<std::string> skip_ids; // never these (the session a starting Claude has loaded)
  int cleanup_period_days = 30;
  // Called as sessions are read and written (done, total), and with done == total before the
  // files are put in place.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct PullReport {
  std::vector<SessionReport> changed;
  std::vector<SessionReport> memory;  // memory and CLAUDE.md
  std::vector<SessionReport> skipped; // not written: held back, failed, or kept (and why)
  bool failed = false; // some session could not be written (in skipped as Outcome::failed)
};

PullReport pull_sessions(const SyncRepo& repo, const SyncSetup& setup, const PullRequest& request);

} // namespace ccsync::sync
