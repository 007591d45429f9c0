// Argument parsing shared by the command files (CLI11 stays inside cli/, and out of the command
// table and the dispatcher): one way to parse options, sub-actions and --format.
#pragma once

#include "cli/invocation.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace ccsync::cli {

// Parses `args` (without the command name) into the options of `app`, the CLI11 app of
// `command`. Throws HelpRequested for --help, and Error{usage} for anything CLI11 refuses.
void parse_args(CLI::App& app, const std::string& command, const Args& args);

// Output formats of the commands that print data.
enum class Format { table, json };

// Adds "--format table|json" to `app`.
void add_format_option(CLI::App& app, Format& format);

// Adds a sub-action (`ccsync lock release`, `ccsync config show`) to `app`. Commands with
// sub-actions declare each one this way and ask `chosen_action` which one ran.
CLI::App* add_action(CLI::App& app, const std::string& name, const std::string& summary);

// The name of the sub-action of `app` that was given, or `fallback` when none was.
std::string chosen_action(const CLI::App& app, const std::string& fallback);

} // namespace ccsync::cli
