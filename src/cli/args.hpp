// Argument parsing shared by the command files (CLI11 stays inside cli/, and out of the command
// table and the dispatcher): one way to parse options, sub-actions and --format.
#pragma once

#include "cli/invocation.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace ccsync::cli {

// Parses `args` (without the command name) into the options of `app`, the CLI11 app of
// `command`. Throws HelpRequested for --help, and Error{usage} for anything CLI11 refuses, in
// ccsync's words. Help shows an option's value by the word set with ->option_text("URL"), else
// by its long name in capitals; every positional needs a description.
void parse_args(CLI::App& app, const std::string& command, const Args& args);

// Output formats of the commands that print data.
enum class Format { table, json };

// Adds "--format table|json" to `app`.
void add_format_option(CLI::App& app, Format& format);

struct NumberRange {
  long min = 0;
  long max = 0;
};

// Adds an option taking a whole number within `range`, refused in ccsync's words otherwise.
// Give it a value word with ->option_text("SECONDS").
CLI::Option* add_number_option(CLI::App& app, const std::string& name, long& value,
                               const std::string& description, NumberRange range);

// Adds a sub-action (`ccsync lock release`, `ccsync config show`) to `app`. Commands with
// sub-actions declare each one this way and ask `chosen_action` which one ran.
CLI::App* add_action(CLI::App& app, const std::string& name, const std::string& summary);

// The name of the sub-action of `app` that was given, or `fallback` when none was.
std::string chosen_action(const CLI::App& app, const std::string& fallback);

} // namespace ccsync::cli
