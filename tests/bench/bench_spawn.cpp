// Wall time of short commands, the way `hyperfine -N` measures them: no shell between the timer
// and the process (a fork of bash costs about a millisecond, a third of some targets).
//
// Usage: bench_spawn [--warmup N] [--runs N] -- COMMAND [ARG...]     (defaults: 3 and 20)
//
// Runs COMMAND --warmup times untimed, then --runs times, each with stdin, stdout and stderr on
// /dev/null, and prints one line per timed run: its wall time in seconds. Exit status: 0, or 1
// when a run did not exit 0 (its status is printed on stderr), 2 on a usage error.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <spawn.h>
#include <string>
#include <vector>

extern char** environ;

namespace {

int
usage()
{
  std::fprintf(stderr, "usage: bench_spawn [--warmup N] [--runs N] -- COMMAND [ARG...]\n");
  return 2;
}

// Runs `argv` once with its standard streams on /dev/null; returns its wait status, or -1.
int
run_once(char* const* argv)
{
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::fprintf(stderr, "bench_spawn: %s: %s\n", argv[0], std::strerror(rc));
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return -1;
  }
  return status;
}

} // namespace

int
main(int argc, char** argv)
{
  long warmup = 3;
  long runs = 20;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if ((arg == "--warmup" || arg == "--runs") && i + 1 < argc) {
      (arg == "--warmup" ? warmup : runs) = std::strtol(argv[++i], nullptr, 10);
    } else {
      return usage();
    }
  }
  if (i >= argc || warmup < 0 || runs < 1)
    return usage();
  char* const* command = argv + i;
  for (long n = 0; n < warmup; ++n) {
    run_once(command);
  }
  int failed = 0;
  for (long n = 0; n < runs; ++n) {
    const auto start = std::chrono::steady_clock::now();
    const int status = run_once(command);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("%.6f\n", took.count());
    if (status != 0) {
      std::fprintf(stderr, "bench_spawn: run %ld: wait status %d\n", n + 1, status);
      failed = 1;
    }
  }
  return failed;
}
