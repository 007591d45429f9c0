// The sharing facts this machine keeps on its own disk, read without the repository (the hooks
// ask them on their way in, in the `ccsync` front):
//   <ccsync home>/local-sessions.json   {"<session id>": "<when marked>"}   (ccsync local / share)
//   .ccsync-ignore                        in a project directory or one above it
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace ccsync::sync {

inline constexpr const char* k_ignore_file = ".ccsync-ignore";

// <ccsync home>/local-sessions.json
std::filesystem::path local_ids_file(const std::filesystem::path& ccsync_home);

// The sessions marked local on this machine. A damaged file throws Error{config}: reading it as
// empty would share what the person asked to keep.
std::set<std::string> load_local_ids(const std::filesystem::path& ccsync_home);

// Marks `id` local (`local` true) or shared again, atomically. True when that changed anything.
bool mark_local(const std::filesystem::path& ccsync_home, const std::string& id, bool local);

// True when `cwd` or a directory above it holds a .ccsync-ignore file.
bool has_ignore_file(const std::string& cwd);

} // namespace ccsync::sync
