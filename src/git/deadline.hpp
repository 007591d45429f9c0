// A process-level deadline for network steps, the backstop behind the socket stream's timeouts.
// libgit2 1.5's ssh transport owns its socket privately (it cannot use ccsync's stream), so
// nothing inside the process can interrupt a silent ssh server. Instead an armed deadline ends
// the whole process: when a network step shows no progress for the configured time, a SIGALRM
// handler writes "ccsync: error: ..." to stderr and calls _exit with the code the caller chose
// (both async-signal-safe): a command exits 75 (try again later), a hook 0, and the daemon runs
// its network steps in child processes so that it goes on.
// That is sound for ccsync because every state file is written atomically (temp + rename) and the
// repository lock is a kernel lock released with the process: a killed step changes nothing, as
// if it had run in a child process that was killed at its deadline.
#pragma once

#include <chrono>
#include <string_view>

namespace ccsync::git {

// Sets the inactivity allowed during an armed network step (0 s: no deadline, the default), what
// the steps talk to (`target`, "'git://host/x.git'", already redacted) for the message, and the
// exit code of the process when the deadline fires (the caller's policy, not the git layer's).
void set_network_deadline(std::chrono::seconds inactivity, std::string_view target, int exit_code);

// Signals progress (bytes moved, a callback called): pushes an armed deadline back.
void network_progress() noexcept;

// Arms the deadline for one network step; the destructor disarms it. Not nestable.
class NetworkDeadline {
public:
  NetworkDeadline();
  NetworkDeadline(const NetworkDeadline&) = delete;
  NetworkDeadline& operator=(const NetworkDeadline&) = delete;
  NetworkDeadline(NetworkDeadline&&) = delete;
  NetworkDeadline& operator=(NetworkDeadline&&) = delete;
  ~NetworkDeadline();
};

} // namespace ccsync::git
