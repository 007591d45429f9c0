// Host facts from uname(2) and gethostname(2).
#include "platform/host.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ccsync::platform {

std::string
hostname()
{
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) {
    return "localhost";
  }
  return name.data();
}

std::string
os_name()
{
  utsname info{};
  if (::uname(&info) != 0) {
    return "unknown";
  }
  std::string name = info.sysname;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

long
process_id()
{
  return static_cast<long>(::getpid());
}

bool
interactive_terminal()
{
  return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1;
}

} // namespace ccsync::platform
