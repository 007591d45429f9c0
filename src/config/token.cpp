// GitHub token discovery: --token-file, GH_TOKEN, GITHUB_TOKEN, the saved token, `gh auth token`.
// The gh CLI is run without a shell, with a deadline, and its stderr discarded.
#include "config/token.hpp"

#include "platform/fs.hpp"
#include "util/error.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <spawn.h>
#include <vector>

extern char** environ; // NOLINT: the child inherits the process environment (PATH, gh's config)

namespace ccsync::config {
namespace {

using Clock = std::chrono::steady_clock;

std::string
trimmed(const std::string& text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

Token
read_token_file(const std::filesystem::path& file)
{
  const auto text = platform::read_file(file);
  if (!text) {
    throw Error(ErrorKind::config, "the token file '" + file.string() + "' does not exist",
                "give a file that holds only the token");
  }
  std::string token = trimmed(*text);
  if (token.empty() || token.find_first_of(" \t\r\n") != std::string::npos) {
    throw Error(ErrorKind::config, "the token file '" + file.string() + "' holds no single token",
                "the file must hold only the token");
  }
  return {std::move(token), "--token-file"};
}

// Reads `fd` to its end; false when `deadline` passed first.
bool
read_all(int fd, std::string& out, Clock::time_point deadline)
{
  char buffer[4096];
  for (;;) {
    const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd waiting{fd, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready == 0) {
      return false;
    }
    const ssize_t got = ready > 0 ? ::read(fd, buffer, sizeof buffer) : -1;
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return true;
    }
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

} // namespace

std::optional<std::string>
capture_output(const std::string& program, const std::vector<std::string>& args,
               std::chrono::seconds timeout)
{
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return std::nullopt;
  }
  const platform::Fd read_end(pipe_fds[0]);
  platform::Fd write_end(pipe_fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> storage{program};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(storage.size() + 1);
  for (auto& arg : storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return std::nullopt; // not installed
  }
  write_end = platform::Fd();
  std::string output;
  const bool finished = read_all(read_end.get(), output, Clock::now() + timeout);
  if (!finished) {
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    spdlog::debug("{} did not give an answer", program);
    return std::nullopt;
  }
  return output;
}

std::optional<Token>
discover_token(const platform::Environment& env, const Config& config,
               const std::optional<std::filesystem::path>& token_file,
               std::chrono::seconds gh_timeout)
{
  if (token_file) {
    return read_token_file(*token_file);
  }
  for (const char* variable : {"GH_TOKEN", "GITHUB_TOKEN"}) {
    if (auto value = env.get(variable); value && !trimmed(*value).empty()) {
      return Token{trimmed(*value), variable};
    }
  }
  if (!config.github_token.value.text.empty()) {
    return Token{config.github_token.value.text, "config.json"};
  }
  if (auto output = capture_output("gh", {"auth", "token"}, gh_timeout)) {
    if (std::string token = trimmed(*output); !token.empty()) {
      return Token{std::move(token), "gh auth token"};
    }
  }
  return std::nullopt;
}

} // namespace ccsync::config
