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
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_directory()) {
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
  std::error_code error;
  for (const auto& project : fs::directory_iterator(claude_dir / "projects", error)) {
    if (!project.is_directory() || project.is_symlink()) {
      continue;
    }
    std::set<std::string> folders;
    const std::size_t first = sessions.size();
    for (const auto& entry : fs::directory_iterator(project.path(), error)) {
      const fs::path& file = entry.path();
      if (entry.is_directory()) {
        folders.insert(file.filename().string());
        continue;
      }
      const std::string id = file.stem().string();
      if (file.extension() == ".jsonl" && entry.is_regular_file() && !entry.is_symlink() &&
          lock::is_valid_session_id(id)) {
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

namespace {

// Claude Code's records of its running processes (claude-code.md: sessions/<pid>.json), those
// whose process is alive: (pid, session id).
std::vector<std::pair<long, std::string>>
live_processes(const fs::path& claude_dir)
{
  std::vector<std::pair<long, std::string>> live;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(claude_dir / "sessions", error)) {
    const auto text =
      entry.path().extension() == ".json" ? platform::read_file(entry.path()) : std::nullopt;
    const json record = text ? json::parse(*text, nullptr, false) : json();
    if (!record.is_object() || !record.contains("pid") || !record["pid"].is_number_integer() ||
        !record.contains("sessionId") || !record["sessionId"].is_string()) {
      continue;
    }
    const long pid = record["pid"].get<long>();
    if (platform::process_alive(pid, 0)) {
      live.emplace_back(pid, record["sessionId"].get<std::string>());
    }
  }
  return live;
}

} // namespace

std::set<std::string>
live_sessions(const fs::path& claude_dir)
{
  std::set<std::string> live;
  for (auto& process : live_processes(claude_dir)) {
    live.insert(std::move(process.second));
  }
  return live;
}

std::vector<long>
session_processes(const fs::path& claude_dir, const std::string& id)
{
  std::vector<long> pids;
  for (const auto& [pid, session] : live_processes(claude_dir)) {
    if (session == id) {
      pids.push_back(pid);
    }
  }
  return pids;
}

std::vector<std::string>
sidecar_files(const fs::path& sidecar_dir)
{
  std::vector<std::string> files;
  std::error_code error;
  // The iterator's paths are sidecar_dir / <relative path>: cut the prefix off (fs::relative
  // would resolve both paths on the file system, for every file of every session).
  const std::size_t prefix = (sidecar_dir / "").native().size();
  for (auto it = fs::recursive_directory_iterator(sidecar_dir, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && !it->is_symlink() && it->path().native().size() > prefix) {
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
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(tasks_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && !entry.is_symlink() && entry.path().extension() == ".json" &&
        is_safe_relative_path(name)) {
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
