// Facts about this machine and process.
#pragma once

#include <string>

namespace ccsync::platform {

std::string hostname();
// The operating system as a lowercase word: "linux", "darwin", "windows", ...
std::string os_name();
long process_id();

} // namespace ccsync::platform
