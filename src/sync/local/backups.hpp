// <ccsync home>/backups/: what pull replaced (a transcript with --force, memory, CLAUDE.md),
// named "<UTC time>-<label>-<random>", the newest 10 kept.
#pragma once

#include <filesystem>
#include <string>

namespace ccsync::sync {

inline constexpr std::size_t k_backups_kept = 10;

// Copies the file or directory `source` into the backups folder (if it exists).
void back_up(const std::filesystem::path& ccsync_home, const std::filesystem::path& source,
             const std::string& label);

// Removes all but the newest k_backups_kept backups. Called once before a pull makes new ones,
// so that a pull never removes a backup it made itself.
void prune_backups(const std::filesystem::path& ccsync_home);

} // namespace ccsync::sync
