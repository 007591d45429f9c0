// CLI11 glue: one place that turns CLI11's exceptions into ccsync's.
#include "cli/args.hpp"

#include "util/error.hpp"


namespace ccsync::cli {

void
parse_args(CLI::App& app, const std::string& command, const Args& args)
{
  app.name("ccsync " + command);
  std::vector<std::string> reversed(args.rbegin(), args.rend()); // CLI11 wants them backwards
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    throw HelpRequested{app.help()};
  } catch (const CLI::ParseError& e) {
    throw Error(ErrorKind::usage, e.what(), "see 'ccsync " + command + " --help'");
  }
}

} // namespace ccsync::cli
