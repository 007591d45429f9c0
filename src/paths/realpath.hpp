// The one function of the paths module that touches the file system.
#pragma once

#include <optional>
#include <string>

namespace ccsync::paths {

// The canonical absolute form of `path` (symlinks resolved, as realpath(3) gives and as Claude
// Code encodes a cwd), or nothing if it does not exist or cannot be resolved.
std::optional<std::string> real_path(const std::string& path);

} // namespace ccsync::paths
