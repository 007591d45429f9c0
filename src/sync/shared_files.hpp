// Project memory and the global CLAUDE.md: one shared set for all machines, the last push wins
// (reference.md). In the repository:
//   claude/CLAUDE.md                      <claude dir>/CLAUDE.md
//   memory/<percent-encoded key>/<file>   projects/<enc(realpath(project))>/memory/<file>
// where the key is the project's portable path ("{{HOME}}/src/app"). A pull replaces the local
// copy completely and keeps what it replaced in <ccsync home>/backups/ (the last 10).
#pragma once

#include "sync/engine.hpp"
#include "sync/sharing_state.hpp"

#include <string>
#include <vector>

namespace ccsync::sync {

// The repository changes that make memory and CLAUDE.md equal this machine's, for the projects
// in `project_dirs` (session working directories; their ancestors are looked at too, since
// Claude keys memory by the git root).
std::vector<git::Change> shared_file_changes(const Snapshot& snapshot, const SyncSetup& setup,
                                             const std::vector<std::string>& project_dirs,
                                             std::vector<SessionReport>& report);

// Replaces local memory and CLAUDE.md with the repository's, backing up what it replaces. The
// memory of a project `policy` does not share is left alone.
void pull_shared_files(const Snapshot& snapshot, const SyncSetup& setup, SharingPolicy& policy,
                       bool dry_run, std::vector<SessionReport>& report);

std::string percent_encode(std::string_view text);
std::optional<std::string> percent_decode(std::string_view text);

} // namespace ccsync::sync
