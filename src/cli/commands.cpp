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
  CommandSpec{"list", "List sessions here, or in the sync repository (--remote)",
              parse_list_command},
  CommandSpec{"status", "Show machine, remote, repository and sync times", parse_status_command},
  CommandSpec{"update", "Push, then release the locks this machine left behind after a crash",
              parse_update_command},
  CommandSpec{"scan", "Report the secrets push would redact or refuse, without showing them",
              parse_scan_command},
  CommandSpec{"lock", "Show, take, release or clean up session locks", parse_lock_command},
  CommandSpec{"config", "Show the configuration or edit shared placeholders", parse_config_command},
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
