// The format-1 -> format-2 upgrade of the sync repository, as a local commit.
#include "sync/repo/upgrade.hpp"

#include "lock/lock_record.hpp"
#include "sync/repo/registry.hpp"
#include "sync/store/session_store.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <map>
#include <vector>

namespace ccsync::sync {
using nlohmann::json;

namespace {

// The repository's format, or nothing when its marker is missing or unreadable (the checks of
// registry.hpp decide what such a repository is).
std::optional<int>
format_of(const git::Repository& repo, const std::string& commit)
{
  const auto marker = repo.read(commit, k_marker_path);
  const json j = marker ? json::parse(*marker, nullptr, false) : json();
  if (!j.is_object() || !j.contains("format_version") || !j["format_version"].is_number_integer()) {
    return std::nullopt;
  }
  return j["format_version"].get<int>();
}

// sessions/<id>/ -> sessions/<shard>/<id>/, as the change of the directory "sessions".
git::Change
sharded_sessions(git::Repository& repo, const std::string& commit)
{
  std::map<std::string, std::vector<git::TreeEntry>> shards;
  for (auto& entry : repo.entries(commit, "sessions")) {
    if (entry.is_tree && lock::is_valid_session_id(entry.name)) {
      shards[shard_of(entry.name)].push_back(std::move(entry));
    }
  }
  if (shards.empty()) {
    return {"sessions", std::nullopt};
  }
  std::vector<git::TreeEntry> top;
  top.reserve(shards.size());
  for (const auto& [shard, sessions] : shards) {
    top.push_back({shard, repo.write_tree(sessions), true});
  }
  return {"sessions", std::nullopt, repo.write_tree(top), true};
}

git::Change
marked_format_2(const git::Repository& repo, const std::string& commit)
{
  json marker = json::parse(repo.read(commit, k_marker_path).value_or("{}"), nullptr, false);
  marker["format_version"] = k_format_version;
  return {k_marker_path, marker.dump(2) + "\n"};
}

} // namespace

std::optional<std::string>
readable_commit(git::Repository& repo, const std::optional<std::string>& commit,
                const std::string& machine_id)
{
  if (!commit || format_of(repo, *commit) != 1) {
    return commit;
  }
  if (auto cached = repo.resolve(k_upgrade_ref); cached && repo.first_parent(*cached) == *commit) {
    return cached;
  }
  const std::vector<git::Change> changes = {sharded_sessions(repo, *commit),
                                            marked_format_2(repo, *commit)};
  auto upgrade = repo.commit(commit, changes,
                             "Upgrade the repository to format 2: sessions/<id>/ moves to "
                             "sessions/<first two characters of the id>/<id>/",
                             machine_id);
  if (!upgrade) {
    return commit;
  }
  repo.set_ref(k_upgrade_ref, *upgrade);
  spdlog::info("reading the format-1 repository through its upgrade {}", upgrade->substr(0, 12));
  return upgrade;
}

} // namespace ccsync::sync
