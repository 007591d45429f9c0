// This machine's sync bookkeeping (<ccsync home>/state.json): when it last pulled and pushed.
#pragma once

#include <filesystem>
#include <string>

namespace ccsync::sync {

struct SyncState {
  std::string last_pull; // UTC ISO 8601, "" = never
  std::string last_push;
};

SyncState load_state(const std::filesystem::path& file);
void save_state(const std::filesystem::path& file, const SyncState& state);

// Sets last_pull or last_push to now.
enum class Event { pull, push };
void record_event(const std::filesystem::path& file, Event event);

} // namespace ccsync::sync
