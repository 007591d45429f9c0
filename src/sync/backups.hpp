// <ccsync home>/backups/: what pull replaced (a transcript with --force, memory, CLAUDE.md),
// named "<UTC time>-<label>-<random>", the newest 10 kept.
#pragma once

#include <filesystem>
#include <string>

namespace ccsync::sync {

inline constexpr std::size_t k_backups_kept = 10;

// Copies the file or directory `source` into the backups folder (if it exists), then prunes.
void back_up(const std::filesystem::path& ccsync_home, const std::filesystem::path& source,
             const std::string& label);

} // namespace ccsync::sync
