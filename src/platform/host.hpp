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

// The name of ccsync's engine: the binary that runs every command the `ccsync` program does not
// run itself (cli/front.hpp).
inline constexpr const char* k_engine_name = "ccsync-engine";

// The engine: this executable when it is the engine, else the engine beside it (a build tree)
// or in ../libexec/ccsync/ (an installation). Error{io} naming where it looked when it is
// nowhere.
std::filesystem::path engine_path();

// The `ccsync` program a person or Claude's hooks run: this executable, or, when this is the
// engine, the program beside it or in ../../bin/ (what install-hooks registers).
std::filesystem::path program_path();

// True when both standard input and standard error are terminals (a person can be asked).
bool interactive_terminal();

// The width of the terminal on stdout, or nothing when stdout is no terminal.
std::optional<int> terminal_width();

} // namespace ccsync::platform
