// What push and pull share on the command line: the engine's set-up from the configuration and
// the shared placeholder table, and the per-session report lines.
#pragma once

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "sync/engine.hpp"
#include "sync/outbox/drain.hpp"
#include "sync/setup/open.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace ccsync::cli {

// The engine's set-up for this command (sync::make_engine_setup).
using EngineSetup = sync::EngineSetup;
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

// The reports as JSON (documented in src/sync/README.md): id, outcome, held_back, lines, bytes,
// message, and detail / fork / fork_reason when there are.
nlohmann::json report_json(const std::vector<sync::SessionReport>& sessions);

// One secret as `scan --format json` and `push --dry-run --format json` list it: session_id
// (null for memory and CLAUDE.md), file, line, kind, preview.
nlohmann::json secret_json(const sync::SecretHit& hit);

// The secrets report of `scan` and `push --dry-run`: "file:line: kind (preview)" per secret,
// then what push does with them under the policy named `policy` (config `secrets`).
void print_secrets(std::ostream& out, const std::vector<sync::SecretHit>& hits,
                   const std::string& policy);

// Does at once what the hooks queued and no worker has done yet (the outbox: pushes, then lock
// releases). A failure stays queued and is reported on stderr; the command's result stands.
sync::DrainResult drain_queued_work(Context& context, const EngineSetup& engine);

// 1 when something failed, 3 when sessions were held back, else 0.
int exit_code_for(const std::vector<sync::SessionReport>& skipped, bool failed);

} // namespace ccsync::cli
