// Global flags (-v/--verbose, --version, -h/--help), `help [COMMAND]`, dispatch and error exit.
#include "cli/run.hpp"

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "platform/host.hpp"
#include "util/log.hpp"
#include "util/text.hpp"
#include "version.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace ccsync::cli {
namespace {

std::string
overview()
{
  std::string text = "usage: ccsync [-v|--verbose] [-q|--quiet] COMMAND [ARGS...]\n\n"
                     "Continue any Claude Code conversation on any of your machines.\n\n"
                     "Commands:\n";
  std::size_t width = 4; // "help"
  for (const auto& command : commands()) {
    width = std::max(width, command.name.size());
  }
  const auto row = [&](std::string name, std::string_view summary) {
    name.resize(width + 2, ' ');
    return "  " + name + std::string(summary) + "\n";
  };
  for (const auto& command : commands()) {
    text += row(std::string(command.name), command.summary);
  }
  text += row("help", "Show help for a command") +
          "\n"
          "Run 'ccsync COMMAND --help' for a command's options.\n";
  return text;
}

Error
unknown_command(const std::string& name)
{
  std::vector<std::string> names{"help"};
  for (const auto& command : commands()) {
    names.emplace_back(command.name);
  }
  const std::string guess = util::nearest(name, names);
  return Error(ErrorKind::usage, "unknown command '" + name + "'",
               guess.empty() ? "run 'ccsync help' for the list of commands"
                             : "did you mean '" + guess + "'?");
}

// Removes the global flag `short_name`/`long_name` (-v/--verbose, -q/--quiet) from `args`
// (anywhere before "--"); true when it was there.
bool
take_flag(std::vector<std::string>& args, std::string_view short_name, std::string_view long_name)
{
  const auto end = std::find(args.begin(), args.end(), "--");
  const auto kept = std::remove_if(args.begin(), end, [&](const std::string& arg) {
    return arg == short_name || arg == long_name;
  });
  const bool found = kept != end;
  args.erase(kept, end);
  return found;
}

int
dispatch(std::vector<std::string> args, Context& context)
{
  const std::string name = args.front();
  args.erase(args.begin());
  if (name == "help") {
    if (args.empty()) {
      context.out << overview();
      return k_exit_ok;
    }
    args.emplace_back("--help"); // `help lock acquire`: the action's help
    return dispatch(std::move(args), context);
  }
  const CommandSpec* command = find_command(name);
  if (command == nullptr) {
    throw unknown_command(name);
  }
  const Invocation invocation = command->parse(args);
  context.prepare(invocation.needs);
  std::string logged = name;
  for (const auto& arg : args) {
    logged += " " + util::redact_url(arg);
  }
  spdlog::info("ccsync {}", logged);
  return invocation.run(context);
}

int
run_guarded(std::vector<std::string> args, Context& context)
{
  if (args.empty()) {
    context.err << overview();
    return k_exit_usage;
  }
  if (args.front() == "--version" || args.front() == "version") {
    context.out << "ccsync " << k_version << "\n";
    return k_exit_ok;
  }
  if (args.front() == "-h" || args.front() == "--help") {
    context.out << overview();
    return k_exit_ok;
  }
  return dispatch(std::move(args), context);
}

} // namespace

int
run_with(const std::vector<std::string>& args, platform::Environment env, std::ostream& out,
         std::ostream& err)
{
  util::silence_logging();
  std::vector<std::string> rest = args;
  const bool verbose = take_flag(rest, "-v", "--verbose");
  const bool quiet = take_flag(rest, "-q", "--quiet");
  Context context(std::move(env), out, err, verbose, quiet);
  try {
    return run_guarded(std::move(rest), context);
  } catch (const HelpRequested& help) {
    out << help.text;
    return k_exit_ok;
  } catch (const Error& error) {
    spdlog::error("{} error: {}", to_string(error.kind()), error.what());
    err << render_error(error);
    return exit_code_for(error.kind());
  } catch (const std::exception& e) {
    spdlog::critical("internal error: {}", e.what());
    err << render_error(Error(ErrorKind::internal, std::string("internal error: ") + e.what(),
                              "please report this with the log file"));
    return k_exit_error;
  }
}

int
engine_main(int argc, char** argv)
{
  if (const char* front = std::getenv(platform::k_front_version_variable)) {
    const std::string front_version = front;
    ::unsetenv(platform::k_front_version_variable); // not for what the engine runs in turn
    if (front_version != k_version) {
      std::cerr << render_error(
        Error(ErrorKind::config,
              "ccsync " + front_version + " found its engine at version " + std::string(k_version) +
                " (an upgrade left half done)",
              "reinstall ccsync (./install/install.sh) so that both come from one build"));
      return k_exit_error;
    }
  }
  return run(argc, argv);
}

int
run(int argc, char** argv)
{
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  return run_with(args, platform::Environment::from_process(), std::cout, std::cerr);
}

} // namespace ccsync::cli
