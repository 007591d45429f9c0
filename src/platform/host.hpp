// Facts about this machine and process.
#pragma once

#include <string>

namespace ccsync::platform {

std::string hostname();
// The operating system as a lowercase word: "linux", "darwin", "windows", ...
std::string os_name();
long process_id();

// True when both standard input and standard error are terminals (a person can be asked).
bool interactive_terminal();

} // namespace ccsync::platform
