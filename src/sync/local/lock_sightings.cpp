// lock-sightings.json (see lock_sightings.hpp).
#include "sync/local/lock_sightings.hpp"

#include "platform/fs.hpp"
#include "sync/local/state.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ccsync::sync {
namespace {

std::filesystem::path
sightings_file(const std::filesystem::path& ccsync_home)
{
  return ccsync_home / "lock-sightings.json";
}

std::int64_t
seen_at(const nlohmann::json& record, const std::string& session_id, const std::string& commit)
{
  const auto entry = record.find(session_id);
  if (entry == record.end() || !entry->is_object() || entry->value("commit", "") != commit) {
    return -1;
  }
  const auto at = entry->find("seen_at");
  return at != entry->end() && at->is_number_integer() ? at->get<std::int64_t>() : -1;
}

} // namespace

void
note_lock_sightings(const std::filesystem::path& ccsync_home,
                    const std::map<std::string, std::string>& commits, std::int64_t now)
{
  const nlohmann::json old = read_object_file(sightings_file(ccsync_home));
  nlohmann::json fresh = nlohmann::json::object();
  for (const auto& [id, commit] : commits) {
    const std::int64_t first = seen_at(old, id, commit);
    fresh[id] = {{"commit", commit}, {"seen_at", first >= 0 ? first : now}};
  }
  if (fresh != old) {
    platform::write_file_atomic(sightings_file(ccsync_home), fresh.dump() + "\n", 0600);
  }
}

std::int64_t
watched_for(const std::filesystem::path& ccsync_home, const std::string& session_id,
            const std::string& commit, std::int64_t now)
{
  const std::int64_t first =
    seen_at(read_object_file(sightings_file(ccsync_home)), session_id, commit);
  return first < 0 ? 0 : std::max<std::int64_t>(0, now - first);
}

} // namespace ccsync::sync
