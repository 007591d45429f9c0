// This machine's sync bookkeeping (<ccsync home>/state.json): when it last pulled and pushed.
#pragma once

#include <nlohmann/json.hpp>

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

// A small JSON object file of the ccsync home ({"key": value, ...}, such as forks.json); a missing
// or damaged file reads as an empty object (these files are bookkeeping, not user data).
nlohmann::json read_object_file(const std::filesystem::path& file);

// Sets `key` to `value` in the object file `file` (atomically, mode 0600).
void set_object_entry(const std::filesystem::path& file, const std::string& key,
                      const nlohmann::json& value);

} // namespace ccsync::sync
