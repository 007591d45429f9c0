// push-index.json: read, compare, write. A damaged index is an empty one (push then reads
// everything once and rebuilds it).
#include "sync/push_index.hpp"

#include "platform/fs.hpp"
#include "sync/local_sessions.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <sys/stat.h>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json
to_json(const FileStamp& s)
{
  return json::array({s.size, s.mtime_ns});
}

FileStamp
stamp_from(const json& j)
{
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_unsigned() || !j[1].is_number_integer()) {
    return {};
  }
  return {j[0].get<std::uint64_t>(), j[1].get<std::int64_t>()};
}

IndexEntry
entry_from(const json& j)
{
  IndexEntry e;
  e.transcript = stamp_from(j.value("transcript", json()));
  const json sidecars = j.value("sidecars", json::object()); // outlives items()
  for (const auto& [name, stamp] : sidecars.items()) {
    e.sidecars[name] = stamp_from(stamp);
  }
  e.cwd = j.contains("cwd") && j["cwd"].is_string() ? j["cwd"].get<std::string>() : "";
  e.project_dir = j.contains("project_dir") && j["project_dir"].is_string()
                    ? j["project_dir"].get<std::string>()
                    : "";
  const auto number = [&](const char* key) {
    return j.contains(key) && j[key].is_number_unsigned() ? j[key].get<std::uint64_t>() : 0;
  };
  e.meta_hash = number("meta_hash");
  e.pushed_bytes = number("pushed_bytes");
  e.tail_hash = number("tail_hash");
  return e;
}

} // namespace

std::optional<FileStamp>
stamp_of(const fs::path& file)
{
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) {
    return std::nullopt;
  }
  return FileStamp{static_cast<std::uint64_t>(info.st_size),
                   static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                     info.st_mtim.tv_nsec};
}

PushIndex
PushIndex::load(const fs::path& ccsync_home)
{
  PushIndex index;
  index.m_file = ccsync_home / "push-index.json";
  const auto text = platform::read_file(index.m_file);
  const json j = text ? json::parse(*text, nullptr, false) : json();
  if (text && !j.is_object()) {
    spdlog::warn("{} is damaged; starting it afresh (every session is read once)",
                 index.m_file.string());
  }
  if (j.is_object()) {
    for (const auto& [id, entry] : j.items()) {
      if (entry.is_object()) {
        index.m_entries[id] = entry_from(entry);
      }
    }
  }
  return index;
}

void
PushIndex::save() const
{
  json j = json::object();
  for (const auto& [id, e] : m_entries) {
    json sidecars = json::object();
    for (const auto& [name, stamp] : e.sidecars) {
      sidecars[name] = to_json(stamp);
    }
    j[id] = {{"transcript", to_json(e.transcript)},
             {"sidecars", sidecars},
             {"cwd", e.cwd},
             {"project_dir", e.project_dir},
             {"meta_hash", e.meta_hash},
             {"pushed_bytes", e.pushed_bytes},
             {"tail_hash", e.tail_hash}};
  }
  platform::write_file_atomic(m_file, j.dump() + "\n", 0600);
}

const IndexEntry*
PushIndex::find(const std::string& session_id) const
{
  const auto it = m_entries.find(session_id);
  return it == m_entries.end() ? nullptr : &it->second;
}

void
PushIndex::set(const std::string& session_id, IndexEntry entry)
{
  m_entries[session_id] = std::move(entry);
}

std::uint64_t
stable_hash(std::string_view text)
{
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return hash;
}

IndexEntry
current_stamps(const LocalSession& session)
{
  IndexEntry entry;
  entry.transcript = stamp_of(session.transcript).value_or(FileStamp{});
  for (const auto& name : session_files(session.sidecar_dir, session.tasks_dir)) {
    const auto path = session_file_path(session.sidecar_dir, session.tasks_dir, name);
    entry.sidecars[name] = stamp_of(path).value_or(FileStamp{});
  }
  return entry;
}

} // namespace ccsync::sync
