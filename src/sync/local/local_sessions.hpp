// Sessions as Claude Code keeps them on this machine (claude-code.md §1, §2.5, §9.1):
//   <claude dir>/projects/<enc(cwd)>/<id>.jsonl   the transcript
//   <claude dir>/projects/<enc(cwd)>/<id>/        sidecars (subagents/, tool-results/, ...)
//   <claude dir>/projects/<enc(cwd)>/<id>.<sfx>   files beside the transcript (.ccr-tip.json, ...)
//   <claude dir>/sessions/<pid>.json              live processes and the session each runs
// Which of them travel, and under what names: session_family.hpp.
#pragma once

#include "sync/local/session_family.hpp"

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
  std::vector<std::string> beside; // suffixes of its files beside the transcript, sorted
  // False when the listing that found the session showed no such folder (nothing to list);
  // true when unknown.
  bool may_have_sidecars = true;
  bool may_have_tasks = true;
};

// The session's other files (session_family.hpp), without opening a folder its listing showed
// absent.
std::vector<std::string> session_files(const LocalSession& session);

// Where the session's file `name` is.
std::filesystem::path session_file_path(const LocalSession& session, const std::string& name);

// Every transcript under `claude_dir`/projects whose name is a session id (regular files only).
std::vector<LocalSession> find_local_sessions(const std::filesystem::path& claude_dir);

// The session's working directory from its transcript: the last `relocated` record wins, else the
// first `cwd` whose encoding is `project_dir`, else the first `cwd` at all. Never decoded from the
// directory name.
std::optional<std::string> transcript_cwd(std::string_view transcript,
                                          const std::string& project_dir);

// Ids of sessions a live Claude Code process on this machine is running.
std::set<std::string> live_sessions(const std::filesystem::path& claude_dir);

// A live Claude Code process on this machine, other than `except`, that runs session `id` (the
// same session resumed in a second terminal); none when there is no other.
std::optional<long> other_session_process(const std::filesystem::path& claude_dir,
                                          const std::string& id, long except);

// A new random session id (UUID version 4).
std::string new_session_id();

} // namespace ccsync::sync
