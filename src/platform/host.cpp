// Host facts from uname(2), gethostname(2) and /proc/self.
#include "platform/host.hpp"

#include "platform/env.hpp"
#include "util/error.hpp"

#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ccsync::platform {

std::string
hostname()
{
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) {
    return "localhost";
  }
  return name.data();
}

std::string
os_name()
{
  utsname info{};
  if (::uname(&info) != 0) {
    return "unknown";
  }
  std::string name = info.sysname;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

long
process_id()
{
  return static_cast<long>(::getpid());
}

std::filesystem::path
executable_path()
{
  std::error_code error;
  const std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", error);
  // The kernel appends " (deleted)" when the file was unlinked or replaced after exec.
  if (error || path.empty() || path.string().ends_with(" (deleted)")) {
    throw Error(ErrorKind::io,
                "cannot find this program's own file (/proc/self/exe" +
                  (error ? ": " + error.message() : std::string(": ") + path.string()) + ")",
                "run the installed ccsync by its full path");
  }
  const std::filesystem::path real = std::filesystem::canonical(path, error);
  return error ? path : real;
}

namespace {

bool
is_executable_file(const std::filesystem::path& path)
{
  std::error_code error;
  return std::filesystem::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

} // namespace

std::filesystem::path
engine_path()
{
  std::filesystem::path self = executable_path();
  if (self.filename() == k_engine_name) {
    return self;
  }
  const std::filesystem::path beside = self.parent_path() / k_engine_name;
  const std::filesystem::path installed =
    self.parent_path().parent_path() / "libexec" / "ccsync" / k_engine_name;
  for (const auto& candidate : {beside, installed}) {
    if (is_executable_file(candidate)) {
      return candidate;
    }
  }
  throw Error(ErrorKind::io,
              "ccsync's engine is missing (looked for " + beside.string() + " and " +
                installed.string() + ")",
              "reinstall ccsync (./install/install.sh)");
}

std::filesystem::path
program_path()
{
  std::filesystem::path self = executable_path();
  if (self.filename() != k_engine_name) {
    return self;
  }
  const std::filesystem::path beside = self.parent_path() / "ccsync";
  const std::filesystem::path installed =
    self.parent_path().parent_path().parent_path() / "bin" / "ccsync";
  for (const auto& candidate : {beside, installed}) {
    if (is_executable_file(candidate)) {
      return candidate;
    }
  }
  return self;
}

bool
interactive_terminal()
{
  return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1;
}

bool
stderr_terminal()
{
  return ::isatty(STDERR_FILENO) == 1;
}

std::optional<int>
terminal_width()
{
  winsize size{};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return static_cast<int>(size.ws_col);
  }
  return std::nullopt;
}

EngineCall::EngineCall(const std::vector<std::string>& args, const std::string& front_version)
{
  m_strings.push_back(engine_path().string());
  m_strings.insert(m_strings.end(), args.begin(), args.end());
  const std::size_t arg_count = m_strings.size();
  Environment env = Environment::from_process();
  env.set(k_front_version_variable, front_version);
  for (auto& entry : env.entries()) {
    m_strings.push_back(std::move(entry));
  }
  for (std::size_t i = 0; i < m_strings.size(); ++i) {
    (i < arg_count ? m_argv : m_envp).push_back(m_strings[i].data());
  }
  m_argv.push_back(nullptr);
  m_envp.push_back(nullptr);
}

void
EngineCall::exec() const
{
  ::execve(m_argv.front(), m_argv.data(), m_envp.data());
}

} // namespace ccsync::platform
