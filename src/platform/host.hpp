// Facts about this machine and process.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::platform {

std::string hostname();
// The operating system as a lowercase word: "linux", "darwin", "windows", ...
std::string os_name();
long process_id();

// The absolute path of the running executable, symbolic links resolved (Linux: /proc/self/exe).
// Throws Error{io} when it cannot be found, or when the file was removed or replaced since the
// process started.
std::filesystem::path executable_path();

// The name of ccsync's engine: the binary that runs every command the `ccsync` program does not
// run itself (cli/front.hpp).
inline constexpr const char* k_engine_name = "ccsync-engine";

// The engine: this executable when it is the engine, else the engine beside it (a build tree)
// or in ../libexec/ccsync/ (an installation). Error{io} naming where it looked when it is
// nowhere.
std::filesystem::path engine_path();

// How the `ccsync` front tells the engine its version: an engine of another version (a
// half-finished upgrade) refuses to run (cli/run.hpp engine_main).
inline constexpr const char* k_front_version_variable = "CCSYNC_FRONT_VERSION";

// A call of the engine prepared in full before it is made, so that a forked child only execs:
// `args` (after the program name) and this process's environment with k_front_version_variable
// set to `front_version`.
class EngineCall {
public:
  EngineCall(const std::vector<std::string>& args, const std::string& front_version);
  EngineCall(const EngineCall&) = delete;
  EngineCall& operator=(const EngineCall&) = delete;
  EngineCall(EngineCall&&) = delete;
  EngineCall& operator=(EngineCall&&) = delete;
  ~EngineCall() = default;

  // Replaces this process by the engine; returns only when that fails (errno says why).
  void exec() const;

  const std::string&
  engine() const
  {
    return m_strings.front();
  }

private:
  std::vector<std::string> m_strings; // the engine, its arguments, then the environment
  std::vector<char*> m_argv;
  std::vector<char*> m_envp;
};

// The `ccsync` program a person or Claude's hooks run: this executable, or, when this is the
// engine, the program beside it or in ../../bin/ (what install-hooks registers).
std::filesystem::path program_path();

// True when both standard input and standard error are terminals (a person can be asked).
bool interactive_terminal();

// True when standard error is a terminal (progress lines may be drawn there).
bool stderr_terminal();

// The width of the terminal on stdout, or nothing when stdout is no terminal.
std::optional<int> terminal_width();

} // namespace ccsync::platform
