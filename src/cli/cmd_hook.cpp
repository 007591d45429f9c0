// ccsync hook EVENT: what Claude Code runs (hook/dispatch.hpp). The parse step is written by
// hand, without CLI11: the hook path pays for no argument-parsing library, and takes whatever
// Claude passes (an unknown event is logged and ignored, never an error).
#include "cli/commands.hpp"
#include "hook/dispatch.hpp"
#include "hook/worker.hpp"
#include "util/error.hpp"

#include <unistd.h>

#include <ostream>

namespace ccsync::cli {

Invocation
parse_hook_command(const Args& args)
{
  if (!args.empty() && (args.front() == "--help" || args.front() == "-h")) {
    throw HelpRequested{
      "usage: ccsync hook EVENT   (run by Claude Code, the payload on stdin)\n\n"
      "EVENT: session-start, user-prompt-submit, stop, session-end (or Claude's names:\n"
      "SessionStart, UserPromptSubmit, Stop, SessionEnd). Always exits 0; writes nothing to\n"
      "stdout but a hook JSON message. Register it with 'ccsync install-hooks'.\n"};
  }
  if (!args.empty() && args.front() == "--worker") {
    const auto start = hook::parse_worker_arguments(args);
    if (!start) {
      throw Error(ErrorKind::usage, "hook --worker: malformed arguments",
                  "it is started by ccsync's hooks, not by hand");
    }
    return {Needs{.dirs = false},
            [start = *start](Context& context) { return hook::worker_main(context.env, start); }};
  }
  const std::string event = args.empty() ? "" : args.front();
  return {Needs{.dirs = false}, [event](Context& context) {
            return hook::run_hook(event, context.env, STDIN_FILENO, context.out);
          }};
}

} // namespace ccsync::cli
