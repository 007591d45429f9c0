// What a command's parse step produces, without any argument-parsing library: the arguments,
// the set-up the command needs and how to run it. CLI11 stays in cli/args.hpp and the command
// files that use it, so the command table, the dispatcher and the hook path never compile it.
#pragma once

#include "cli/context.hpp"

#include <functional>
#include <string>
#include <vector>

namespace ccsync::cli {

using Args = std::vector<std::string>;

// Thrown by a parse step when the user asked for help; cli::run prints `text` and exits 0.
struct HelpRequested {
  std::string text;
};

struct Invocation {
  Needs needs;
  std::function<int(Context&)> run;
};

} // namespace ccsync::cli
