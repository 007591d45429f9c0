// The front: --version and the hooks here, everything else in the engine.
#include "cli/front.hpp"

#include "cli/output.hpp"
#include "cli/status_report.hpp"
#include "hook/dispatch.hpp"
#include "platform/env.hpp"
#include "platform/host.hpp"
#include "util/error.hpp"
#include "version.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string_view>
#include <vector>

namespace ccsync::cli {
namespace {

// Replaces this process by the engine with the same arguments; returns only when that fails.
int
exec_engine(int argc, char** argv)
{
  try {
    const platform::EngineCall call(std::vector<std::string>(argv + 1, argv + argc), k_version);
    call.exec();
    std::cerr << "ccsync: error: cannot run " << call.engine() << ": " << std::strerror(errno)
              << "\nhint: reinstall ccsync (./install/install.sh)\n";
  } catch (const Error& e) {
    std::cerr << render_error(e);
  }
  return 1;
}

// `status`, parsed and answered here (cli/status_report.hpp).
int
status(const std::vector<std::string>& args)
{
  StatusOptions options;
  try {
    options = parse_status_options(args);
  } catch (const Error& e) {
    std::cerr << render_error(e);
    return exit_code_for(e.kind());
  }
  if (options.help) {
    std::cout << status_help();
    return 0;
  }
  return run_status(options, platform::Environment::from_process(), std::cout, std::cerr);
}

} // namespace

int
front(int argc, char** argv)
{
  const std::string_view first = argc > 1 ? argv[1] : "";
  if (argc == 2 && (first == "--version" || first == "version")) {
    std::cout << "ccsync " << k_version << "\n";
    return 0;
  }
  if (argc == 3 && first == "hook" && std::string_view(argv[2]) != "--help" &&
      std::string_view(argv[2]) != "-h") {
    return hook::run_hook(argv[2], platform::Environment::from_process(), STDIN_FILENO, std::cout);
  }
  if (first == "status") {
    return status(std::vector<std::string>(argv + 2, argv + argc));
  }
  return exec_engine(argc, argv);
}

} // namespace ccsync::cli
