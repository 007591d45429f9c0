// Process facts from kill(2) and /proc.
#include "platform/process.hpp"

#include "platform/fs.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

namespace ccsync::platform {

long
parent_process_id()
{
  return static_cast<long>(::getppid());
}

std::int64_t
process_start_time(long pid)
{
  std::optional<std::string> stat;
  try {
    stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  } catch (...) {
    return 0;
  }
  if (!stat) {
    return 0;
  }
  // The command name (field 2) may hold spaces and ')': count fields after the last ')'.
  std::size_t position = stat->rfind(')');
  for (int field = 2; field < 22 && position != std::string::npos; ++field) {
    position = stat->find(' ', position + 1);
  }
  if (position == std::string::npos) {
    return 0;
  }
  std::int64_t start = 0;
  const char* begin = stat->data() + position + 1;
  std::from_chars(begin, stat->data() + stat->size(), start);
  return start;
}

long
parent_of(long pid)
{
  std::optional<std::string> stat;
  try {
    stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  } catch (...) {
    return 0;
  }
  const std::size_t close = stat ? stat->rfind(')') : std::string::npos;
  if (close == std::string::npos || close + 4 >= stat->size()) {
    return 0;
  }
  long parent = 0; // after ") S " comes the parent pid
  std::from_chars(stat->data() + close + 4, stat->data() + stat->size(), parent);
  return parent;
}

std::string
process_name(long pid)
{
  try {
    auto comm = read_file("/proc/" + std::to_string(pid) + "/comm");
    if (comm && !comm->empty() && comm->back() == '\n') {
      comm->pop_back();
    }
    return comm.value_or("");
  } catch (...) {
    return "";
  }
}

namespace {

void
into_background(int keep_fd)
{
  ::setsid();
  const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd <= 2; ++fd) {
    ::dup2(null, fd);
  }
  rlimit limit{};
  const int most = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536
                     ? static_cast<int>(limit.rlim_cur)
                     : 1024;
  for (int fd = 3; fd < most; ++fd) {
    if (fd != keep_fd) {
      ::close(fd);
    }
  }
}

// The end of a forked child: `body`'s exit code (1 when it throws), without running the
// parent's exit handlers and destructors a second time.
[[noreturn]] void
exit_with(const std::function<int()>& body)
{
  int code = 1;
  try {
    code = body();
  } catch (...) {
    code = 1;
  }
  ::_exit(code);
}

} // namespace

void
spawn_detached(const std::function<int()>& body, int keep_fd)
{
  const pid_t middle = ::fork();
  if (middle < 0) {
    return;
  }
  if (middle == 0) {
    into_background(keep_fd);
    if (::fork() == 0) {
      exit_with(body);
    }
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
  }
}

namespace {

// Restores a signal's disposition when it goes out of scope.
class IgnoredSignal {
public:
  explicit IgnoredSignal(int signal)
      : m_signal(signal)
  {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(m_signal, &ignore, &m_previous);
  }
  IgnoredSignal(const IgnoredSignal&) = delete;
  IgnoredSignal& operator=(const IgnoredSignal&) = delete;
  IgnoredSignal(IgnoredSignal&&) = delete;
  IgnoredSignal& operator=(IgnoredSignal&&) = delete;
  ~IgnoredSignal() { ::sigaction(m_signal, &m_previous, nullptr); }

private:
  int m_signal;
  struct sigaction m_previous {};
};

[[noreturn]] void
exec_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
           const std::filesystem::path& cwd, int report_fd)
{
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str())); // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }
  args.push_back(nullptr);
  std::vector<char*> vars;
  vars.reserve(env.size() + 1);
  for (const auto& v : env) {
    vars.push_back(const_cast<char*>(v.c_str())); // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }
  vars.push_back(nullptr);
  int err = 0;
  if (::chdir(cwd.c_str()) != 0) {
    err = errno;
  } else {
    ::execvpe(args[0], args.data(), vars.data());
    err = errno;
  }
  const ssize_t written = ::write(report_fd, &err, sizeof err);
  static_cast<void>(written);
  ::_exit(127);
}

} // namespace

int
run_foreground(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::filesystem::path& cwd, const std::function<void(long)>& started)
{
  int fds[2];
  if (argv.empty() || ::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(ErrorKind::io, "cannot start a process");
  }
  const IgnoredSignal interrupt(SIGINT);
  const IgnoredSignal quit(SIGQUIT);
  const pid_t child = ::fork();
  if (child == 0) {
    static_cast<void>(::signal(SIGINT, SIG_DFL)); // cannot fail for these signals
    static_cast<void>(::signal(SIGQUIT, SIG_DFL));
    exec_child(argv, env, cwd, fds[1]);
  }
  ::close(fds[1]);
  const Fd report(fds[0]);
  if (child < 0) {
    throw Error(ErrorKind::io, "cannot start " + argv[0] + ": " + std::strerror(errno));
  }
  int exec_error = 0;
  const bool failed = ::read(report.get(), &exec_error, sizeof exec_error) == sizeof exec_error;
  if (!failed) {
    started(static_cast<long>(child));
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (failed) {
    throw Error(ErrorKind::usage,
                "cannot run '" + argv[0] + "' in " + cwd.string() + ": " +
                  std::strerror(exec_error),
                "install Claude Code, or name it with 'claude_command' in the configuration "
                "(or CCSYNC_CLAUDE)");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::optional<std::filesystem::path>
find_program(const std::string& name, const std::string& path)
{
  const auto runnable = [](const std::filesystem::path& file) {
    return ::access(file.c_str(), X_OK) == 0 && !std::filesystem::is_directory(file);
  };
  if (name.find('/') != std::string::npos) {
    return runnable(name) ? std::optional<std::filesystem::path>(name) : std::nullopt;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find(':', start), path.size());
    const std::string dir = path.substr(start, end - start);
    if (!dir.empty() && runnable(std::filesystem::path(dir) / name)) {
      return std::filesystem::path(dir) / name;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<int>
run_in_child(const std::function<int()>& body, std::chrono::milliseconds timeout)
{
  const pid_t child = ::fork();
  if (child < 0) {
    return std::nullopt;
  }
  if (child == 0) {
    exit_with(body);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) {
      return WIFEXITED(status) ? std::optional(WEXITSTATUS(status)) : std::nullopt;
    }
    if (done < 0 && errno != EINTR) {
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool
process_alive(long pid, std::int64_t start_time)
{
  if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)) {
    return false;
  }
  return start_time == 0 || process_start_time(pid) == start_time;
}

} // namespace ccsync::platform
