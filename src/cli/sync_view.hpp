// What push and pull share on the command line: the engine's set-up from the configuration and
// the shared placeholder table, and the per-session report lines.
#pragma once

#include "cli/context.hpp"
#include "sync/engine.hpp"

#include <memory>

namespace ccsync::cli {

struct EngineSetup {
  std::unique_ptr<paths::Placeholders> placeholders;
  sync::SyncSetup setup;
};

// This machine's placeholders: the repository's table for this machine, overridden by
// custom_placeholders from the configuration.
EngineSetup engine_setup(const Context& context);

void print_sessions(std::ostream& out, const std::vector<sync::SessionReport>& sessions);

// "<heading>" with the changed sessions and shared files, then "<left_heading>" with the
// skipped ones (if any), then "<N> session(s)" for the caller to finish the line.
void print_report(std::ostream& out, const std::string& heading,
                  const std::vector<sync::SessionReport>& changed,
                  const std::vector<sync::SessionReport>& shared, const std::string& left_heading,
                  const std::vector<sync::SessionReport>& skipped);

} // namespace ccsync::cli
