// What `ccsync init` does around the registration itself: leaving the embedded default for a real
// remote (the ordinary second step after install.sh: no --force, this machine's sessions pushed
// to the new remote), and what it says comes next (the hooks, the other machine).
#pragma once

#include "cli/context.hpp"

#include <string>

namespace ccsync::cli {

// True when this machine is set up (config.json) on the embedded default, <ccsync home>/remote.git.
bool on_embedded_default(const Context& context);

// What a move off the embedded default needs to know before the switch: the sessions the embedded
// repository holds that this machine no longer has (they stay there). Opens that repository.
struct EmbeddedLeaving {
  std::string embedded;       // its path
  std::size_t only_there = 0; // sessions in it and not here
};
EmbeddedLeaving prepare_leaving_embedded(Context& context);

// After the switch (the configuration names the new remote, context.repo is it): pushes this
// machine's sessions there, as any push would, and says so. Returns the exit code (3 when some
// sessions were held back).
int push_after_leaving_embedded(Context& context, const EmbeddedLeaving& leaving);

// "Next:" lines: install-hooks when the hooks are not registered, and the init command for the
// other machine.
void print_next_steps(Context& context);

} // namespace ccsync::cli
