// Facts about this machine and process.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace ccsync::platform {

std::string hostname();
// The operating system as a lowercase word: "linux", "darwin", "windows", ...
std::string os_name();
long process_id();

// The absolute path of the running executable, symbolic links resolved (Linux: /proc/self/exe).
// Throws Error{io} when it cannot be found, or when the file was removed or replaced since the
// process started.
std::filesystem::path executable_path();

// True when both standard input and standard error are terminals (a person can be asked).
bool interactive_terminal();

// The width of the terminal on stdout, or nothing when stdout is no terminal.
std::optional<int> terminal_width();

} // namespace ccsync::platform
