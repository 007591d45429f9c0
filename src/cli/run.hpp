// The command-line entry point: global flags, command lookup, central set-up, and the one place
// (besides the hook dispatcher) that catches errors, prints them and picks the exit code.
#pragma once

#include "platform/env.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace ccsync::cli {

int run(int argc, char** argv);

// main() of `ccsync-engine`: run(), after refusing a front of another version (the `ccsync` front
// passes its version in platform::k_front_version_variable when it hands a command over).
int engine_main(int argc, char** argv);

// run() with everything injected: `args` without the program name.
int run_with(const std::vector<std::string>& args, platform::Environment env, std::ostream& out,
             std::ostream& err);

} // namespace ccsync::cli
