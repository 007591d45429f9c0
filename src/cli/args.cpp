// CLI11 glue: one place that turns CLI11's exceptions into ccsync's, --format, sub-actions.
#include "cli/args.hpp"

#include "util/error.hpp"

#include <map>

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

void
add_format_option(CLI::App& app, Format& format)
{
  app.add_option("--format", format, "Output format: table or json")
    ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{
      {"table", Format::table}, {"text", Format::table}, {"json", Format::json}}));
}

CLI::App*
add_action(CLI::App& app, const std::string& name, const std::string& summary)
{
  app.require_subcommand(0, 1);
  return app.add_subcommand(name, summary);
}

std::string
chosen_action(const CLI::App& app, const std::string& fallback)
{
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? fallback : chosen.front()->get_name();
}

} // namespace ccsync::cli
