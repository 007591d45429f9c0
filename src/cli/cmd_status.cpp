// ccsync status [--format table|json]: machine id, remote (redacted), the repository as of the
// last fetch or push, registered machines, last pull and push times, the outbox, the hooks, the
// daemon. Offline: it never contacts the remote nor opens the repository (cli/status_report.hpp;
// the `ccsync` front answers the same itself).
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/status_report.hpp"
#include "cli/sync_view.hpp"

#include <ostream>

namespace ccsync::cli {

Invocation
parse_status_command(const Args& args)
{
  Format format = Format::table;
  CLI::App app("Show this machine's sync status (offline: as of the last pull or push).");
  add_format_option(app, format);
  parse_args(app, "status", args);
  return {Needs{.config = true, .initialised = true}, [format](Context& context) {
            const nlohmann::json status =
              collect_status(context.dirs, context.config.config, context.env);
            if (format == Format::json) {
              context.out << status.dump(2) << "\n";
            } else {
              print_status_table(context.out, status);
            }
            return 0;
          }};
}

} // namespace ccsync::cli
