// Sessions as Claude Code keeps them on this machine (claude-code.md §1, §2.5):
//   <claude dir>/projects/<enc(cwd)>/<id>.jsonl   the transcript
//   <claude dir>/projects/<enc(cwd)>/<id>/        sidecars (subagents/, tool-results/)
//   <claude dir>/sessions/<pid>.json              live processes and the session each runs
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

struct LocalSession {
  std::string id;
  std::filesystem::path transcript;
  std::filesystem::path sidecar_dir;
  std::string project_dir;         // the encoded directory name
  std::filesystem::path tasks_dir; // <claude dir>/tasks/<id>
  // False when the listing that found the session showed no such folder (nothing to list);
  // true when unknown.
  bool may_have_sidecars = true;
  bool may_have_tasks = true;
};

// A session's other files, named relative to the session: "subagents/agent-1.jsonl" and
// "tool-results/x.txt" in its sidecar folder, "@tasks/1.json" for <claude dir>/tasks/<id>/1.json
// (task lists, without their .lock files).
inline constexpr std::string_view k_tasks_prefix = "@tasks/";
std::vector<std::string> session_files(const std::filesystem::path& sidecar_dir,
                                       const std::filesystem::path& tasks_dir);
std::filesystem::path session_file_path(const std::filesystem::path& sidecar_dir,
                                        const std::filesystem::path& tasks_dir,
                                        const std::string& name);

// Every transcript under `claude_dir`/projects whose name is a session id (regular files only).
std::vector<LocalSession> find_local_sessions(const std::filesystem::path& claude_dir);

// The session's working directory from its transcript: the last `relocated` record wins, else the
// first `cwd` whose encoding is `project_dir`, else the first `cwd` at all. Never decoded from the
// directory name.
std::optional<std::string> transcript_cwd(std::string_view transcript,
                                          const std::string& project_dir);

// Ids of sessions a live Claude Code process on this machine is running.
std::set<std::string> live_sessions(const std::filesystem::path& claude_dir);

// The pids of the live Claude Code processes on this machine that run session `id` (the same
// session resumed in two terminals has two).
std::vector<long> session_processes(const std::filesystem::path& claude_dir, const std::string& id);

// Sidecar files of a session: paths relative to its sidecar folder, sorted.
std::vector<std::string> sidecar_files(const std::filesystem::path& sidecar_dir);

// A new random session id (UUID version 4).
std::string new_session_id();

} // namespace ccsync::sync
