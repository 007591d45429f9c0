// The secrets policy per project: config `secrets_projects` ("{{HOME}}/clients/**=block") over
// config `secrets`. Push and pull ask for the redaction of each session's and each memory
// folder's project, so that both sides judge a line by the same redacted form, and no project is
// ever redacted under another's policy.
#pragma once

#include "secrets/redactor.hpp"
#include "sync/engine.hpp"

#include <optional>
#include <string>

namespace ccsync::sync {

// The policy name secrets_projects gives a project whose directory here is `cwd`: the first
// pattern that covers `cwd` (expanded with this machine's placeholders) or its placeholder form.
// Nothing when none does (or `cwd` is "", for CLAUDE.md): then config `secrets` applies.
std::optional<std::string> secrets_policy_for(const SyncSetup& setup, const std::string& cwd);

// The redaction of the project whose directory here is `cwd` ("": CLAUDE.md, no project's): the
// redactor under secrets_policy_for(setup, cwd), or under its own policy (config `secrets`). The
// policy off when the set-up has no redactor.
secrets::Redaction redaction_for(const SyncSetup& setup, const std::string& cwd);

} // namespace ccsync::sync
