// The worker's network steps, each meant to run in a child process (platform::run_in_child):
// they open the sync repository, do one thing, and return an exit code. A network step that
// times out fails as any network error does; the worker then simply tries again later.
#pragma once

#include "hook/hook_env.hpp"
#include "hook/launch.hpp"

#include <string>

namespace ccsync::hook {

// SessionStart: pull (every session but this one, which Claude has loaded already), read this
// session's lock, write one JSON line to `start.ready_fd` ({"message": "..."} when another live
// machine holds it, else {}), then take the lock unless another machine holds it, and drain what
// the outbox has due.
int first_step(const HookEnv& env, const WorkerStart& start);

// Extends this machine's lock of the session (a heartbeat); 0 when held, 3 when another machine
// holds it now.
int heartbeat_step(const HookEnv& env, const WorkerStart& start);

// Drains the outbox (`final`: everything, ignoring the debounce and the backoff).
int drain_step(const HookEnv& env, bool final);

} // namespace ccsync::hook
