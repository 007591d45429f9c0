// A session is a family of files (claude-code.md §9.1), each named relative to the session the
// way meta.json's `files` lists them and the repository stores them under `files/`:
//   <project>/<id>.jsonl              the transcript (stored as chunks, not a file of the family)
//   <project>/<id>/<path>             "<path>": its folder, at any depth (subagents/,
//   tool-results/,
//                                     workflows/, remote-agents/, mcp-tasks/, ...)
//   <project>/<id>.<suffix>           "@beside/<suffix>": beside the transcript (.ccr-tip.json,
//                                     .precompact.json, .cast, ...)
//   <claude dir>/tasks/<id>/<n>.json  "@tasks/<n>.json": its task list (not the .lock)
// Names in the folder whose first part begins with '@' are left out: '@' starts ccsync's own
// namespaces, so no file of the folder can take a name of another place. Never part of a
// session: temporary and rotation names (is_transient_name), hidden or unsafe names
// (is_safe_relative_path), symbolic links, and anything else that is not a regular file.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

inline constexpr std::string_view k_tasks_prefix = "@tasks/";
inline constexpr std::string_view k_beside_prefix = "@beside/";

// True for the name of a file being written or set aside, never a session's own: Claude Code's
// `*.tmp.*` (`<id>.jsonl.compact.tmp.<hex>`, `<id>.ccr-tip.json.tmp.<n>`), its rotations
// (`<id>.jsonl.superseded-<ms>`), ccsync's `NAME.tmp-<pid>-<hex>`, a `*.tmp`, and `*.lock` files
// (claude-code.md §9.1).
bool is_transient_name(std::string_view file_name);

// For a file name in a project folder: the session id and suffix when it names a file beside that
// session's transcript (`<id>.<suffix>`, the suffix not the transcript's own `jsonl`, nor a
// derivative of it `jsonl.*`, nor transient, and a safe name).
struct BesideName {
  std::string id;
  std::string suffix; // "ccr-tip.json"
};
std::optional<BesideName> beside_name(std::string_view file_name);

// The suffixes of the files beside each session's transcript in `project` (a project folder):
// session id -> suffixes, sorted. Only regular files.
std::map<std::string, std::vector<std::string>> beside_files(const std::filesystem::path& project);

// True when a session file of this name is stored byte for byte: every kind but the text ccsync
// knows to carry paths (.jsonl, .json, .txt, .md), which is translated like the transcript.
bool is_verbatim_kind(std::string_view name);

// The regular files under `dir`, at any depth: '/'-separated paths relative to it that
// is_safe_relative_path accepts, sorted (a session's folder, a memory folder).
std::vector<std::string> sidecar_files(const std::filesystem::path& dir);

// The session's files (see above): those in `sidecar_dir`, in `tasks_dir`, and beside the
// transcript with the given `beside` suffixes; an empty directory path is not listed. Sorted.
std::vector<std::string> session_files(const std::filesystem::path& sidecar_dir,
                                       const std::filesystem::path& tasks_dir,
                                       const std::vector<std::string>& beside = {});

// Where the session file `name` is: in `sidecar_dir`, in `tasks_dir`, or beside the transcript
// (in `sidecar_dir`'s parent, named after `sidecar_dir`).
std::filesystem::path session_file_path(const std::filesystem::path& sidecar_dir,
                                        const std::filesystem::path& tasks_dir,
                                        const std::string& name);

} // namespace ccsync::sync
