// The network deadline: ITIMER_REAL plus a SIGALRM handler that shuts the process's sockets down
// (see deadline.hpp). The state below is process-wide because a signal handler can reach nothing
// else; it is written only while the timer is stopped, and the handler reads it.
#include "git/deadline.hpp"

#include <spdlog/spdlog.h>

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <csignal>

namespace ccsync::git {
namespace {

// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables): the SIGALRM handler takes no
// argument, so what it reads (the highest descriptor) and sets (fired) is this file's own state.
std::chrono::seconds g_inactivity{0};
std::string g_target;
std::atomic<bool> g_armed{false};
std::atomic<long long> g_last_rearm_ms{0};
int g_highest_fd = 1024;
volatile std::sig_atomic_t g_fired = 0;
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

void
on_alarm(int /*signal*/)
{
  // Only async-signal-safe calls here (fstat, shutdown): every socket is shut down, so that the
  // read libgit2's transport is blocked in returns and the step fails with an error.
  g_fired = 1;
  for (int fd = 3; fd < g_highest_fd; ++fd) {
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISSOCK(info.st_mode)) {
      ::shutdown(fd, SHUT_RDWR);
    }
  }
}

void
start_timer(std::chrono::seconds after)
{
  itimerval timer{};
  timer.it_value.tv_sec = static_cast<time_t>(after.count());
  ::setitimer(ITIMER_REAL, &timer, nullptr);
}

void
stop_timer()
{
  const itimerval timer{};
  ::setitimer(ITIMER_REAL, &timer, nullptr);
}

long long
now_ms()
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

void
install_handler()
{
  struct sigaction action {};
  action.sa_handler = on_alarm;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGALRM, &action, nullptr);
}

// The descriptors the handler looks at: all there can be, bounded so the handler stays short.
int
highest_fd()
{
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return 1024;
  }
  return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 65536));
}

} // namespace

void
set_network_deadline(std::chrono::seconds inactivity, std::string_view target)
{
  g_inactivity = inactivity;
  g_target = target;
}

void
network_progress() noexcept
{
  if (!g_armed.load()) {
    return;
  }
  // Re-arming costs a system call: at most once a second is precise enough.
  const long long now = now_ms();
  if (now - g_last_rearm_ms.load() >= 1000) {
    g_last_rearm_ms.store(now);
    start_timer(g_inactivity);
  }
}

std::optional<std::string>
take_deadline_note()
{
  if (g_fired == 0) {
    return std::nullopt;
  }
  g_fired = 0;
  return "talking to " + g_target + ": no progress for " + std::to_string(g_inactivity.count()) +
         " s (network_timeout_seconds)";
}

NetworkDeadline::NetworkDeadline()
{
  if (g_inactivity.count() <= 0) {
    return;
  }
  stop_timer();
  g_highest_fd = highest_fd();
  g_fired = 0;
  install_handler();
  spdlog::debug("network deadline: {} s of inactivity talking to {}", g_inactivity.count(),
                g_target);
  g_last_rearm_ms.store(now_ms());
  g_armed.store(true);
  start_timer(g_inactivity);
}

NetworkDeadline::~NetworkDeadline()
{
  if (g_armed.exchange(false)) {
    stop_timer();
  }
}

} // namespace ccsync::git
