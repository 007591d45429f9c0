// What push and pull share on the command line: the engine's set-up from the configuration and
// the shared placeholder table, and the per-session report lines.
#pragma once

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "secrets/redactor.hpp"
#include "sync/engine.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace ccsync::cli {

struct EngineSetup {
  std::unique_ptr<paths::Placeholders> placeholders;
  std::unique_ptr<secrets::Redactor> redactor; // config `secrets`, `secrets_allow`
  sync::SyncSetup setup;
};

// The secrets policy of the configuration, with this machine's marker key
// (<ccsync home>/secrets.key, created on first use). Throws Error{config} for a bad allowlist.
std::unique_ptr<secrets::Redactor> make_redactor(const Context& context);

// This machine's placeholders: the repository's table for this machine, overridden by
// custom_placeholders from the configuration.
EngineSetup engine_setup(const Context& context);

// The words a person reads for the outcome of `report` ("appended", "forked: diverged ...").
std::string outcome_words(const sync::SessionReport& report);

void print_sessions(std::ostream& out, const std::vector<sync::SessionReport>& sessions);

// "<heading>" with the changed sessions and shared files, then "<left_heading>" with the
// skipped ones (if any), then "<N> session(s)" for the caller to finish the line.
void print_report(std::ostream& out, const std::string& heading,
                  const std::vector<sync::SessionReport>& changed,
                  const std::vector<sync::SessionReport>& shared, const std::string& left_heading,
                  const std::vector<sync::SessionReport>& skipped);

// The reports as JSON (documented in the README): id, outcome, held_back, lines, bytes,
// message, and detail / fork / fork_reason when there are.
nlohmann::json report_json(const std::vector<sync::SessionReport>& sessions);

// 1 when something failed, 3 when sessions were held back, else 0.
int exit_code_for(const std::vector<sync::SessionReport>& skipped, bool failed);

} // namespace ccsync::cli
