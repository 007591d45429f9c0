// Finding Claude Code's sessions, their working directories and the live ones.
#include "sync/local/local_sessions.hpp"

#include "lock/lock_record.hpp"
#include "paths/project_dir.hpp"
#include "platform/fs.hpp"
#include "platform/process.hpp"
#include "sync/store/session_facts.hpp"
#include "sync/store/session_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The names of the folders in `dir`.
std::set<std::string>
folders_in(const fs::path& dir)
{
  std::set<std::string> names;
  std::error_code error;
  for (const auto& entry : platform::list_dir(dir)) {
    if (entry.is_directory(error)) {
      names.insert(entry.path().filename().string());
    }
  }
  return names;
}

} // namespace

std::vector<LocalSession>
find_local_sessions(const fs::path& claude_dir)
{
  std::vector<LocalSession> sessions;
  const std::set<std::string> tasks = folders_in(claude_dir / "tasks");
  std::error_code error; // an entry whose type cannot be told is no session's
  for (const auto& project : platform::list_dir(claude_dir / "projects")) {
    if (!project.is_directory(error) || project.is_symlink(error)) {
      continue;
    }
    std::set<std::string> folders;
    const std::size_t first = sessions.size();
    for (const auto& entry : platform::list_dir(project.path())) {
      const fs::path& file = entry.path();
      if (entry.is_directory(error)) {
        folders.insert(file.filename().string());
        continue;
      }
      const std::string id = file.stem().string();
      if (file.extension() == ".jsonl" && entry.is_regular_file(error) &&
          !entry.is_symlink(error) && lock::is_valid_session_id(id)) {
        sessions.push_back({id, file, project.path() / id, project.path().filename().string(),
                            claude_dir / "tasks" / id});
        sessions.back().may_have_tasks = tasks.contains(id);
      }
    }
    for (std::size_t i = first; i < sessions.size(); ++i) {
      sessions[i].may_have_sidecars = folders.contains(sessions[i].id);
    }
  }
  std::sort(sessions.begin(), sessions.end(),
            [](const LocalSession& a, const LocalSession& b) { return a.id < b.id; });
  return sessions;
}

std::optional<std::string>
transcript_cwd(std::string_view transcript, const std::string& project_dir)
{
  SessionFacts facts(project_dir);
  for_each_line(transcript, [&](std::string_view line) { facts.add(line); });
  return facts.cwd();
}

std::set<std::string>
live_sessions(const fs::path& claude_dir)
{
  std::set<std::string> live;
  for (const auto& entry : platform::list_dir(claude_dir / "sessions")) {
    const auto text =
      entry.path().extension() == ".json" ? platform::read_file(entry.path()) : std::nullopt;
    const json record = text ? json::parse(*text, nullptr, false) : json();
    if (!record.is_object() || !record.contains("pid") || !record["pid"].is_number_integer()) {
      continue;
    }
    if (platform::process_alive(record["pid"].get<long>(), 0)) {
      live.insert(record.value("sessionId", ""));
    }
  }
  return live;
}

std::vector<std::string>
sidecar_files(const fs::path& sidecar_dir)
{
  std::vector<std::string> files;
  std::error_code error;
  // The iterator's paths are sidecar_dir / <relative path>: cut the prefix off (fs::relative
  // would resolve both paths on the file system, for every file of every session).
  const std::size_t prefix = (sidecar_dir / "").native().size();
  std::error_code unknown; // an entry whose type cannot be told is not listed
  for (auto it = fs::recursive_directory_iterator(sidecar_dir, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(unknown) && !it->is_symlink(unknown) &&
        it->path().native().size() > prefix) {
      const std::string relative = it->path().native().substr(prefix);
      if (is_safe_relative_path(relative)) {
        files.push_back(relative);
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string>
session_files(const fs::path& sidecar_dir, const fs::path& tasks_dir)
{
  std::vector<std::string> files = sidecar_files(sidecar_dir);
  std::error_code unknown; // an entry whose type cannot be told is not listed
  for (const auto& entry : platform::list_dir(tasks_dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(unknown) && !entry.is_symlink(unknown) &&
        entry.path().extension() == ".json" && is_safe_relative_path(name)) {
      files.push_back(std::string(k_tasks_prefix) + name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path
session_file_path(const fs::path& sidecar_dir, const fs::path& tasks_dir, const std::string& name)
{
  if (std::string_view(name).starts_with(k_tasks_prefix)) {
    return tasks_dir / name.substr(k_tasks_prefix.size());
  }
  return sidecar_dir / name;
}

std::string
new_session_id()
{
  std::string hex = platform::random_hex(16);
  hex[12] = '4';                                                   // version 4
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3]; // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

} // namespace ccsync::sync
