// Reading repositories of an earlier format. Format 1 kept each session at sessions/<id>/;
// format 2 keeps it at sessions/<shard>/<id>/ (session_store.hpp). A format-1 tip is read through
// a local commit on top of it, "the upgrade", that moves every session into its shard and marks
// the repository format 2. Nothing is written to the remote for reading; the first push from
// this machine sends the upgrade before its own commit, so the remote changes format in one
// fast-forward, and a ccsync that knows only format 1 then refuses it with "update ccsync".
#pragma once

#include "git/repository.hpp"

#include <optional>
#include <string>

namespace ccsync::sync {

// The local ref that remembers the upgrade of the last format-1 tip seen (never pushed as such).
inline constexpr const char* k_upgrade_ref = "refs/ccsync/upgrade/main";

// `commit` itself, or, when it holds a format-1 repository, its upgrade (made once per tip,
// authored by `machine_id`).
std::optional<std::string> readable_commit(git::Repository& repo,
                                           const std::optional<std::string>& commit,
                                           const std::string& machine_id);

} // namespace ccsync::sync
