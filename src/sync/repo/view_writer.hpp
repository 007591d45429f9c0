// Keeping repository-view.json (repository_view.hpp) up to date from the cache.
#pragma once

#include "sync/local/repository_view.hpp"
#include "sync/repo/sync_repo.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace ccsync::sync {

// Rewrites the view when the fetched tip differs from the one it describes, or when push gives
// its `counts`; notes the locks it sees (lock sightings) and forgets the locks this machine is no
// longer found holding. A failure is logged: only `status` reads the view.
void update_repository_view(const SyncRepo& repo, const std::filesystem::path& ccsync_home,
                            const std::string& machine_id,
                            std::optional<PushCounts> counts = std::nullopt);

} // namespace ccsync::sync
