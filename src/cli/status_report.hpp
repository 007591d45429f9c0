// What `ccsync status` shows, from files alone: the configuration, the sync state, the outbox,
// Claude's settings, the daemon's state and the repository view (sync/repository_view.hpp, the
// repository as of this machine's last fetch or push). No repository is opened and no network
// touched, so the `ccsync` front answers it in a few milliseconds (cli/front.hpp); the engine's
// `status` command prints the same.
#pragma once

#include "config/config.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>

namespace ccsync::cli {

nlohmann::json collect_status(const platform::Dirs& dirs, const config::Config& config,
                              const platform::Environment& env);

void print_status_table(std::ostream& out, const nlohmann::json& status);

// The front's `status [--format table|json]`: the configuration loaded, warnings on `err`, the
// status on `out`; nothing when the arguments are not that (the engine then parses them). Its
// exit code otherwise (1 with an error on `err` when ccsync is not set up or the configuration
// is damaged).
std::optional<int> front_status(const std::vector<std::string>& args,
                                const platform::Environment& env, std::ostream& out,
                                std::ostream& err);

} // namespace ccsync::cli
