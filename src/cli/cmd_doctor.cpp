// ccsync doctor [--format text|json]: checks what sync depends on (cli/doctor_checks.hpp), one
// line each, with what to do about a failure. Exit 1 when a check fails.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/doctor_checks.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace ccsync::cli {
namespace {

const char*
verdict_word(Verdict verdict)
{
  return verdict == Verdict::ok ? "ok" : verdict == Verdict::warn ? "warn" : "FAIL";
}

int
run_doctor(Context& context, Format format)
{
  const std::vector<Check> checks = run_checks(context);
  bool failed = false;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : checks) {
    failed = failed || c.verdict == Verdict::fail;
    list.push_back({{"check", c.name},
                    {"result", verdict_word(c.verdict)},
                    {"detail", c.detail},
                    {"hint", c.hint.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.hint)}});
    if (format != Format::json) {
      context.out << verdict_word(c.verdict) << (c.verdict == Verdict::ok ? "    " : "  ") << c.name
                  << ": " << c.detail << "\n";
      if (c.verdict != Verdict::ok && !c.hint.empty()) {
        context.out << "      hint: " << c.hint << "\n";
      }
    }
  }
  if (format == Format::json) {
    context.out << list.dump(2) << "\n";
  }
  return failed ? 1 : 0;
}

} // namespace

Invocation
parse_doctor_command(const Args& args)
{
  Format format = Format::table;
  CLI::App app("Check the configuration, the remote, the hooks, Claude and the clocks.");
  add_format_option(app, format);
  parse_args(app, "doctor", args);
  // The configuration is loaded by the set-up (a broken one is its error); the repository is
  // opened by the remote check, so that an unreachable remote is a finding, not an exit.
  return {Needs{.config = true, .initialised = true},
          [format](Context& context) { return run_doctor(context, format); }};
}

} // namespace ccsync::cli
