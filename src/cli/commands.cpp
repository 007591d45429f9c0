// The table of commands. Adding a command: write cli/cmd_<name>.cpp with a pure parse step and a
// run step, declare its parse step in commands.hpp, and add a row here.
#include "cli/commands.hpp"

#include <array>

namespace ccsync::cli {
namespace {

constexpr std::array k_commands = {
  CommandSpec{"init", "Register this machine and create or join the sync repository",
              parse_init_command},
  CommandSpec{"push", "Push this machine's sessions to the sync repository", parse_push_command},
  CommandSpec{"pull", "Bring the sync repository's sessions to this machine", parse_pull_command},
  CommandSpec{"resume", "Pull, pick a session, run Claude Code on it, then push and release",
              parse_resume_command},
  CommandSpec{"list", "List sessions here, or in the sync repository (--remote)",
              parse_list_command},
  CommandSpec{"status", "Show machine, remote, repository and sync times", parse_status_command},
  CommandSpec{"update", "Push, then release the locks this machine left behind after a crash",
              parse_update_command},
  CommandSpec{"scan", "Report the secrets push would redact or refuse, without showing them",
              parse_scan_command},
  CommandSpec{"local", "Mark a session as never shared (push skips it, pull does not bring it)",
              parse_local_command},
  CommandSpec{"share", "Share a session again (undoes local and forget)", parse_share_command},
  CommandSpec{"forget",
              "Remove a project or session from the sync repository's tip (not its history)",
              parse_forget_command},
  CommandSpec{"lock", "Show, take, release or clean up session locks", parse_lock_command},
  CommandSpec{"machine", "Unregister a machine that is gone (machine remove MACHINE_ID)",
              parse_machine_command},
  CommandSpec{"key", "Export, import or rotate the key of an encrypted sync repository",
              parse_key_command},
  CommandSpec{"encrypt", "Encrypt the sync repository (every file at its tip, under a new key)",
              parse_encrypt_command},
  CommandSpec{"config", "Show the configuration or edit shared placeholders", parse_config_command},
  CommandSpec{"doctor", "Check the configuration, the remote, the hooks, Claude and the clocks",
              parse_doctor_command},
  CommandSpec{"daemon", "Sync in the background (push, pull, heartbeat) until stopped",
              parse_daemon_command},
  CommandSpec{"hook", "Run by Claude Code at its events (install with install-hooks)",
              parse_hook_command},
  CommandSpec{"install-hooks", "Register ccsync's hooks in Claude Code's settings",
              parse_install_hooks_command},
  CommandSpec{"uninstall-hooks", "Remove ccsync's hooks from Claude Code's settings",
              parse_uninstall_hooks_command},
};

} // namespace

std::span<const CommandSpec>
commands()
{
  return k_commands;
}

const CommandSpec*
find_command(std::string_view name)
{
  for (const auto& command : k_commands) {
    if (command.name == name) {
      return &command;
    }
  }
  return nullptr;
}

} // namespace ccsync::cli
