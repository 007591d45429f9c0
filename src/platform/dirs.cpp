// Resolution of the user's home, the ccsync home and Claude's configuration directory.
#include "platform/dirs.hpp"

#include "util/error.hpp"

#include <pwd.h>
#include <unistd.h>

namespace ccsync::platform {
namespace {

std::filesystem::path
home_from_passwd()
{
  const passwd* entry = getpwuid(getuid());
  if (entry == nullptr || entry->pw_dir == nullptr) {
    throw Error(ErrorKind::config, "cannot determine the home directory", "set HOME");
  }
  return entry->pw_dir;
}

} // namespace

Dirs
resolve_dirs(const Environment& env)
{
  Dirs dirs;
  const auto home = env.get("HOME");
  dirs.home = home ? std::filesystem::path(*home) : home_from_passwd();
  const auto ccsync_home = env.get("CCSYNC_HOME");
  dirs.ccsync_home =
    ccsync_home ? std::filesystem::path(*ccsync_home) : dirs.home / ".claude-session-sync";
  const auto claude_dir = env.get("CLAUDE_CONFIG_DIR");
  dirs.claude_dir = claude_dir ? std::filesystem::path(*claude_dir) : dirs.home / ".claude";
  dirs.ccsync_home_from_env = ccsync_home.has_value();
  dirs.claude_dir_from_env = claude_dir.has_value();
  dirs.ssh_agent = env.get("SSH_AUTH_SOCK").has_value();
  dirs.session_bus = !env.get("DBUS_SESSION_BUS_ADDRESS").value_or("").empty();
  return dirs;
}

} // namespace ccsync::platform
