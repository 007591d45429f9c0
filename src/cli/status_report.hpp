// What `ccsync status` shows, from files alone: the configuration, the sync state, the outbox,
// Claude's settings, the daemon's state and the repository view (sync/local/repository_view.hpp,
// the repository as of this machine's last fetch or push). No repository is opened and no network
// touched, so the `ccsync` front answers it in a few milliseconds (cli/front.hpp); the engine's
// `status` command prints the same.
#pragma once

#include "config/config.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace ccsync::cli {

nlohmann::json collect_status(const platform::Dirs& dirs, const config::Config& config,
                              const platform::Environment& env);

void print_status_table(std::ostream& out, const nlohmann::json& status);

// `status`'s arguments (after the command name): [--format table|json] ("text" is table), -v.
struct StatusOptions {
  bool json = false;
  bool help = false; // -h or --help: print status_help() instead
};

// The one parser of `status` (the front and the engine's command table both use it). Throws
// Error{usage} for anything else.
StatusOptions parse_status_options(const std::vector<std::string>& args);
std::string status_help();

// Prints `status` as `options` ask (a table, or JSON).
void print_status(const StatusOptions& options, const nlohmann::json& status, std::ostream& out);

// `status` in the front: the configuration loaded, warnings on `err`, the status on `out`. Its exit
// code (1 with an error on `err` when ccsync is not set up or the configuration is damaged).
int run_status(const StatusOptions& options, const platform::Environment& env, std::ostream& out,
               std::ostream& err);

} // namespace ccsync::cli
