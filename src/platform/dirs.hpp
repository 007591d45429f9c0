// Where things live on this machine: the user's home, the ccsync home and Claude's directory.
#pragma once

#include "platform/env.hpp"

#include <filesystem>

namespace ccsync::platform {

struct Dirs {
  std::filesystem::path home;        // $HOME (or the password database)
  std::filesystem::path ccsync_home; // $CCSYNC_HOME or ~/.claude-session-sync
  std::filesystem::path claude_dir;  // $CLAUDE_CONFIG_DIR or ~/.claude
  bool ccsync_home_from_env = false; // set by CCSYNC_HOME (for `config show`)
  bool claude_dir_from_env = false;  // set by CLAUDE_CONFIG_DIR
  bool ssh_agent = false;            // SSH_AUTH_SOCK names an agent to ask for ssh keys
  bool session_bus = false;          // DBUS_SESSION_BUS_ADDRESS: a desktop session (its keychain)

  std::filesystem::path
  config_file() const
  {
    return ccsync_home / "config.json";
  }
  std::filesystem::path
  state_file() const
  {
    return ccsync_home / "state.json";
  }
  std::filesystem::path
  log_file() const
  {
    return ccsync_home / "logs" / "ccsync.log";
  }
  std::filesystem::path
  repo_dir() const
  {
    return ccsync_home / "repo.git";
  }
  // The lock refs' cache (repo/cache.hpp says why it is a repository of its own).
  std::filesystem::path
  locks_repo_dir() const
  {
    return ccsync_home / "locks.git";
  }
  std::filesystem::path
  repo_lock_file() const
  {
    return ccsync_home / "repo.lock";
  }
  std::filesystem::path
  embedded_remote() const
  {
    return ccsync_home / "remote.git";
  }
  std::filesystem::path
  install_id_file() const
  {
    return ccsync_home / "install-id";
  }
  // The key of an encrypted sync repository (its recovery string, mode 0600).
  std::filesystem::path
  key_file() const
  {
    return ccsync_home / "key";
  }
};

// Resolves the directories from `env`; throws Error{config} when no home can be found.
Dirs resolve_dirs(const Environment& env);

} // namespace ccsync::platform
