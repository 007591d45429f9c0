// What the sync repository held as of this machine's last fetch or push, kept beside the cache
// (<ccsync home>/repository-view.json) so that `status` answers without opening the repository:
// its tip, the registered machines and the number of sessions; with the sessions push last found
// not in the repository, and the locks this machine holds as its own lock steps left them
// (<ccsync home>/locks-held.json, checked against the fetched locks at every fetch).
// Reading these needs no libgit2 (the `ccsync` front reads them); writing them is
// repository_view_writer.cpp's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

struct ViewMachine {
  std::string machine_id;
  std::string os;
  std::string hostname;
  std::string registered_at;
};

struct RepositoryView {
  std::optional<std::string> head_commit; // nothing: an empty repository
  std::string head_summary;
  std::string head_time; // UTC ISO 8601
  std::vector<ViewMachine> machines;
  std::size_t sessions = 0;     // in the repository
  std::size_t never_pushed = 0; // as of the last push: sessions here it found not in it
};

// The view, or nothing when no command wrote one yet (or it is damaged).
std::optional<RepositoryView> read_repository_view(const std::filesystem::path& ccsync_home);
// Writes it (atomically); never_pushed keeps its last value when `never_pushed` is nothing.
void write_repository_view(const std::filesystem::path& ccsync_home, RepositoryView view,
                           std::optional<std::size_t> never_pushed);

// The locks this machine holds: session id -> expiry (seconds since the epoch).
std::map<std::string, std::int64_t> locks_held(const std::filesystem::path& ccsync_home);
void note_lock_held(const std::filesystem::path& ccsync_home, const std::string& session_id,
                    std::int64_t expires_at);
void note_lock_released(const std::filesystem::path& ccsync_home, const std::string& session_id);

} // namespace ccsync::sync
