// The fake GitHub's one process helper: run a program with extra environment, stdin from a
// file, stdout captured (git init, git http-backend).
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spawn.h>
#include <string>
#include <vector>

extern char** environ; // NOLINT

namespace fake_github {

// Runs `args` with `env_extra` added to the environment, stdin from `input` (a file, or
// /dev/null), and returns its exit status; its stdout goes to `output` when given.
inline int
run(const std::vector<std::string>& args, const std::vector<std::string>& env_extra,
    const std::string& input, std::string* output)
{
  int pipe_fds[2] = {-1, -1};
  if (output != nullptr && ::pipe(pipe_fds) != 0) {
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input.empty() ? "/dev/null" : input.c_str(),
                                   O_RDONLY, 0);
  if (output != nullptr) {
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  }
  std::vector<std::string> env_storage(env_extra);
  for (char** entry = environ; *entry != nullptr; ++entry) {
    env_storage.emplace_back(*entry);
  }
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::vector<std::string> arg_storage(args);
  for (auto& arg : arg_storage)
    argv.push_back(arg.data());
  for (auto& var : env_storage)
    envp.push_back(var.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (output != nullptr) {
    ::close(pipe_fds[1]);
    char buffer[65536];
    ssize_t got = 0;
    while (rc == 0 && (got = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
      output->append(buffer, static_cast<std::size_t>(got));
    }
    ::close(pipe_fds[0]);
  }
  if (rc != 0) {
    return -1;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace fake_github
