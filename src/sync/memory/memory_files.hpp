// Project memory and the global CLAUDE.md: one shared set for all machines, the last push wins
// (the behaviour of the reference tool, claude-session-sync). In the repository:
//   claude/CLAUDE.md                      <claude dir>/CLAUDE.md
//   memory/<percent-encoded key>/<file>   projects/<enc(realpath(project))>/memory/<file>
// where the key is the project's portable path ("{{HOME}}/src/app"). A pull replaces the local
// copy completely and keeps what it replaced in <ccsync home>/backups/ (the last 10). What is
// pushed goes through the secrets policy; the local copy is never rewritten with markers.
#pragma once

#include "sync/engine.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/sharing/sharing_state.hpp"

#include <string>
#include <vector>

namespace ccsync::sync {

// What push does with memory and CLAUDE.md.
struct MemoryPlan {
  std::vector<git::Change> changes;   // what makes the repository's set equal this machine's
  std::vector<SessionReport> updated; // one per file or memory folder changed
  std::vector<SessionReport> refused; // secrets = block: files kept out (failed, with where)
  std::vector<SecretHit> secrets;     // the secrets in the files that change (or are refused)
};

// Plans memory and CLAUDE.md for the projects in `project_dirs` (session working directories;
// their ancestors are looked at too, since Claude keys memory by the git root). Every file goes
// through the secrets policy like a transcript: redacted, refused (block) or sent verbatim.
MemoryPlan plan_memory_files(const Snapshot& snapshot, const SyncSetup& setup,
                             const std::vector<std::string>& project_dirs);

// Replaces local memory and CLAUDE.md with the repository's, backing up what it replaces. The
// memory of a project `policy` does not share is left alone. A local file the repository holds
// redacted is left alone (it is what was pushed), and so is one the block policy keeps from
// being pushed (held back in `skipped`).
void pull_memory_files(const Snapshot& snapshot, const SyncSetup& setup, SharingPolicy& policy,
                       bool dry_run, std::vector<SessionReport>& report,
                       std::vector<SessionReport>& skipped);

} // namespace ccsync::sync
