// Keeping repository-view.json (repository_view.hpp) up to date from the cache.
#pragma once

#include "sync/repo/sync_repo.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace ccsync::sync {

// Rewrites the view when the fetched tip differs from the one it describes, or when push gives
// `never_pushed`; notes the locks it sees (lock sightings) and forgets the locks this machine is
// no longer found holding. A failure is logged:
// only `status` reads the view.
void update_repository_view(const SyncRepo& repo, const std::filesystem::path& ccsync_home,
                            const std::string& machine_id,
                            std::optional<std::size_t> never_pushed = std::nullopt);

} // namespace ccsync::sync
