// The command-line entry point: global flags, command lookup, central set-up, and the one place
// (besides the hook dispatcher) that catches errors, prints them and picks the exit code.
#pragma once

#include "platform/env.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace ccsync::cli {

int run(int argc, char** argv);

// run() with everything injected: `args` without the program name.
int run_with(const std::vector<std::string>& args, platform::Environment env, std::ostream& out,
             std::ostream& err);

} // namespace ccsync::cli
