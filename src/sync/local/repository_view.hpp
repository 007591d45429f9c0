// What the sync repository held as of this machine's last fetch or push, kept beside the cache
// (<ccsync home>/repository-view.json) so that `status` answers without opening the repository:
// its tip, the registered machines and the number of sessions, with the sessions push last found
// not in the repository. Reading and writing it needs no libgit2 (the `ccsync` front reads it);
// computing it from the cache is repo/view_writer.hpp's, which also checks the locks this machine
// holds (held_locks.hpp) against the fetched locks at every fetch.
#pragma once

#include <cstdint>
#include <filesystem>
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
  std::size_t outside = 0;      // as of the last push: sessions here under no sync directory
  bool encrypted = false;       // its objects are sealed (ccsync.json's encryption record)
};

// What the last push counted of this machine's sessions (RepositoryView's last two fields).
struct PushCounts {
  std::size_t never_pushed = 0;
  std::size_t outside = 0;
};

// The view, or nothing when no command wrote one yet (or it is damaged).
std::optional<RepositoryView> read_repository_view(const std::filesystem::path& ccsync_home);
// Writes it (atomically); the push counts keep their last values when `counts` is nothing.
void write_repository_view(const std::filesystem::path& ccsync_home, RepositoryView view,
                           std::optional<PushCounts> counts);

} // namespace ccsync::sync
