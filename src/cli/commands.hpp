// The command table: name, one-line summary and parse step of every command. A parse step is
// pure (argv in, options out); it returns what the command needs set up and how to run it.
#pragma once

#include "cli/invocation.hpp"

#include <span>
#include <string_view>

namespace ccsync::cli {

struct CommandSpec {
  std::string_view name;
  std::string_view summary;
  Invocation (*parse)(const Args& args);
};

std::span<const CommandSpec> commands();

// The command called `name`, or null.
const CommandSpec* find_command(std::string_view name);

// The parse steps, one per command file.
Invocation parse_init_command(const Args& args);
Invocation parse_config_command(const Args& args);
Invocation parse_status_command(const Args& args);
Invocation parse_pull_command(const Args& args);
Invocation parse_push_command(const Args& args);
Invocation parse_list_command(const Args& args);
Invocation parse_lock_command(const Args& args);
Invocation parse_update_command(const Args& args);
Invocation parse_hook_command(const Args& args);
Invocation parse_resume_command(const Args& args);
Invocation parse_daemon_command(const Args& args);
Invocation parse_doctor_command(const Args& args);
Invocation parse_install_hooks_command(const Args& args);
Invocation parse_uninstall_hooks_command(const Args& args);
Invocation parse_scan_command(const Args& args);
Invocation parse_local_command(const Args& args);
Invocation parse_share_command(const Args& args);
Invocation parse_forget_command(const Args& args);
Invocation parse_machine_command(const Args& args);
Invocation parse_key_command(const Args& args);
Invocation parse_encrypt_command(const Args& args);

} // namespace ccsync::cli
