// Writing repository-view.json from the cache, after a fetch or a push.
#include "sync/repo/view_writer.hpp"

#include "sync/local/held_locks.hpp"
#include "sync/local/repository_view.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/store/session_store.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace ccsync::sync {
namespace {

RepositoryView
view_of(const SyncRepo& repo)
{
  RepositoryView view;
  view.encrypted = repo.sealing().record().has_value();
  const Snapshot snapshot = repo.current();
  if (snapshot.empty()) {
    return view;
  }
  const git::CommitInfo info = repo.describe(*snapshot.commit());
  view.head_commit = info.id;
  view.head_summary = info.summary;
  view.head_time =
    util::format_utc(std::chrono::system_clock::from_time_t(static_cast<std::time_t>(info.time)));
  for (const auto& m : list_machines(snapshot)) {
    view.machines.push_back({m.machine_id, m.os, m.hostname, m.registered_at});
  }
  view.sessions = list_session_ids(snapshot).size();
  return view;
}

// Forgets the locks this machine no longer holds in what was fetched (taken over, expired and
// taken, released elsewhere).
void
check_locks_held(const SyncRepo& repo, const std::filesystem::path& ccsync_home,
                 const std::string& machine_id)
{
  for (const auto& [id, expires] : locks_held(ccsync_home)) {
    const LockView lock = current_lock(repo, id);
    if (!lock.record || !lock.record->held || lock.record->holder.machine_id != machine_id) {
      note_lock_released(ccsync_home, id);
    }
  }
}

} // namespace

void
update_repository_view(const SyncRepo& repo, const std::filesystem::path& ccsync_home,
                       const std::string& machine_id, std::optional<PushCounts> counts)
{
  try {
    record_lock_sightings(repo);
    check_locks_held(repo, ccsync_home, machine_id);
    const auto old = read_repository_view(ccsync_home);
    if (!counts && old && old->head_commit == repo.current().commit()) {
      return; // the tip it describes is still the tip
    }
    write_repository_view(ccsync_home, view_of(repo), counts);
  } catch (const Error& e) {
    spdlog::warn("could not update {}: {}", (ccsync_home / "repository-view.json").string(),
                 e.what()); // `status` then shows an older view; nothing else reads it
  }
}

} // namespace ccsync::sync
