// Helpers the POSIX file-system implementations share (fs.cpp, atomic_file.cpp); not an
// interface for other modules.
#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace ccsync::platform {

// Error{io}: "<activity> '<path>': <strerror(err)>".
Error io_error(const std::string& activity, const std::filesystem::path& path, int err);

// Writes all of `content` to `fd` (retrying short writes and EINTR); Error{io} naming `path`.
void write_all(int fd, std::string_view content, const std::filesystem::path& path);

} // namespace ccsync::platform
