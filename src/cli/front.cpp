// The front: --version and the hooks here, everything else in the engine.
#include "cli/front.hpp"

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
exec_engine(char** argv)
{
  std::string engine;
  try {
    engine = platform::engine_path().string();
  } catch (const Error& e) {
    std::cerr << "ccsync: error: " << e.what() << "\nhint: " << e.hint() << "\n";
    return 1;
  }
  argv[0] = engine.data();
  ::execv(engine.c_str(), argv);
  std::cerr << "ccsync: error: cannot run " << engine << ": " << std::strerror(errno)
            << "\nhint: reinstall ccsync (./install/install.sh)\n";
  return 1;
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
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (const auto code =
          front_status(args, platform::Environment::from_process(), std::cout, std::cerr)) {
      return *code;
    }
  }
  return exec_engine(argv);
}

} // namespace ccsync::cli
