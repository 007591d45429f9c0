// The secrets policy per project: config `secrets_projects` ("{{HOME}}/clients/**=block") over
// config `secrets`. Push and pull set the redactor's policy from it before each session and each
// memory folder, so that both sides judge a line by the same redacted form.
#pragma once

#include "sync/engine.hpp"

#include <optional>
#include <string>

namespace ccsync::sync {

// The policy name secrets_projects gives a project whose directory here is `cwd`: the first
// pattern that covers `cwd` (expanded with this machine's placeholders) or its placeholder form.
// Nothing when none does (or `cwd` is "", for CLAUDE.md): then config `secrets` applies.
std::optional<std::string> secrets_policy_for(const SyncSetup& setup, const std::string& cwd);

// Sets the redactor's policy (when there is a redactor) to secrets_policy_for(setup, cwd), or to
// the redactor's own (config `secrets`).
void use_secrets_policy_of(const SyncSetup& setup, const std::string& cwd);

} // namespace ccsync::sync
