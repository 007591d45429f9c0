// The network deadline: ITIMER_REAL plus a SIGALRM handler that reports and exits with 75.
// The state below is process-wide because a signal handler can reach nothing else; it is written
// only while the timer is stopped, and the handler reads it (see deadline.hpp for why exiting is
// safe).
#include "git/deadline.hpp"

#include "platform/process.hpp"

#include <spdlog/spdlog.h>

#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <string>

namespace ccsync::git {
namespace {

constexpr std::size_t k_message_size = 1024;

// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables): the SIGALRM handler takes no
// argument, so what it reads (the prepared message, the exit code) is this file's own state.
std::chrono::seconds g_inactivity{0};
int g_exit_code = 1;
std::string g_target;
char g_message[k_message_size];
std::size_t g_message_length = 0;
std::atomic<bool> g_armed{false};
std::atomic<long long> g_last_rearm_ms{0};
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

void
on_alarm(int /*signal*/)
{
  // Only async-signal-safe calls here.
  const ssize_t written = ::write(STDERR_FILENO, g_message, g_message_length);
  static_cast<void>(written);
  platform::end_process_now(g_exit_code);
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

void
prepare_message()
{
  const std::string text = "ccsync: error: talking to " + g_target + ": no progress for " +
                           std::to_string(g_inactivity.count()) +
                           " s (network_timeout_seconds)\nhint: check that the remote is "
                           "reachable; the command can be run again later\n";
  g_message_length = std::min(text.size(), k_message_size);
  std::memcpy(g_message, text.data(), g_message_length);
}

} // namespace

void
set_network_deadline(std::chrono::seconds inactivity, std::string_view target, int exit_code)
{
  g_inactivity = inactivity;
  g_exit_code = exit_code;
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

NetworkDeadline::NetworkDeadline()
{
  if (g_inactivity.count() <= 0) {
    return;
  }
  stop_timer();
  prepare_message();
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
