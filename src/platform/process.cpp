// Process facts from kill(2) and /proc.
#include "platform/process.hpp"

#include "platform/fs.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

namespace ccsync::platform {

long
parent_process_id()
{
  return static_cast<long>(::getppid());
}

std::int64_t
process_start_time(long pid)
{
  std::optional<std::string> stat;
  try {
    stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  } catch (...) {
    return 0;
  }
  if (!stat) {
    return 0;
  }
  // The command name (field 2) may hold spaces and ')': count fields after the last ')'.
  std::size_t position = stat->rfind(')');
  for (int field = 2; field < 22 && position != std::string::npos; ++field) {
    position = stat->find(' ', position + 1);
  }
  if (position == std::string::npos) {
    return 0;
  }
  std::int64_t start = 0;
  const char* begin = stat->data() + position + 1;
  std::from_chars(begin, stat->data() + stat->size(), start);
  return start;
}

bool
process_alive(long pid, std::int64_t start_time)
{
  if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)) {
    return false;
  }
  return start_time == 0 || process_start_time(pid) == start_time;
}

} // namespace ccsync::platform
