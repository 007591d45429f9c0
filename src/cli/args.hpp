// Argument parsing shared by the commands (CLI11 stays inside cli/).
#pragma once

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace ccsync::cli {

using Args = std::vector<std::string>;

// Thrown by a parse step when the user asked for help; cli::run prints `text` and exits 0.
struct HelpRequested {
  std::string text;
};

// Parses `args` (without the command name) into the options of `app`, the CLI11 app of
// `command`. Throws HelpRequested for --help, and Error{usage} for anything CLI11 refuses.
void parse_args(CLI::App& app, const std::string& command, const Args& args);

} // namespace ccsync::cli
