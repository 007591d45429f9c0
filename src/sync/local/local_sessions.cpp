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
#include <map>

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
    std::map<std::string, std::vector<std::string>> beside;
    const std::size_t first = sessions.size();
    for (const auto& entry : platform::list_dir(project.path())) {
      const fs::path& file = entry.path();
      if (entry.is_directory(error)) {
        folders.insert(file.filename().string());
        continue;
      }
      const std::string id = file.stem().string();
      if (!entry.is_regular_file(error) || entry.is_symlink(error)) {
        continue;
      }
      if (auto name = beside_name(file.filename().string())) {
        beside[name->id].push_back(std::move(name->suffix));
      } else if (file.extension() == ".jsonl" && lock::is_valid_session_id(id)) {
        sessions.push_back({id,
                            file,
                            project.path() / id,
                            project.path().filename().string(),
                            claude_dir / "tasks" / id,
                            {}});
        sessions.back().may_have_tasks = tasks.contains(id);
      }
    }
    for (std::size_t i = first; i < sessions.size(); ++i) {
      sessions[i].may_have_sidecars = folders.contains(sessions[i].id);
      if (const auto it = beside.find(sessions[i].id); it != beside.end()) {
        sessions[i].beside = std::move(it->second);
        std::sort(sessions[i].beside.begin(), sessions[i].beside.end());
      }
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
  for (const auto& entry : platform::list_dir(claude_dir / "sessions")) {
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

std::optional<long>
other_session_process(const fs::path& claude_dir, const std::string& id, long except)
{
  for (const auto& [pid, session] : live_processes(claude_dir)) {
    if (session == id && pid != except) {
      return pid;
    }
  }
  return std::nullopt;
}

std::vector<std::string>
session_files(const LocalSession& session)
{
  return sync::session_files(session.may_have_sidecars ? session.sidecar_dir : fs::path(),
                             session.may_have_tasks ? session.tasks_dir : fs::path(),
                             session.beside);
}

fs::path
session_file_path(const LocalSession& session, const std::string& name)
{
  return sync::session_file_path(session.sidecar_dir, session.tasks_dir, name);
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
