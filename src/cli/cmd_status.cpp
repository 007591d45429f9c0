// ccsync status [--format table|json]: machine id, remote (redacted), the repository as of the
// last fetch or push, registered machines, last pull and push times, the outbox, the hooks, the
// daemon. Offline: it never contacts the remote nor opens the repository. The `ccsync` front
// answers it itself; this row of the command table runs the same parser and report
// (cli/status_report.hpp).
#include "cli/commands.hpp"
#include "cli/status_report.hpp"

namespace ccsync::cli {

Invocation
parse_status_command(const Args& args)
{
  const StatusOptions options = parse_status_options(args);
  if (options.help) {
    throw HelpRequested{status_help()};
  }
  return {Needs{.config = true, .initialised = true}, [options](Context& context) {
            print_status(options, collect_status(context.dirs, context.config.config, context.env),
                         context.out);
            return 0;
          }};
}

} // namespace ccsync::cli
