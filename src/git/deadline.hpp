// A deadline for network steps, the backstop behind the socket stream's timeouts. libgit2 1.5's
// ssh transport owns its socket privately (it cannot use ccsync's stream), so nothing inside a
// blocked read can time it out. An armed deadline that sees no progress for the configured time
// fires a SIGALRM whose handler shuts down every socket of the process (shutdown(2) and fstat(2)
// are async-signal-safe): the blocked read returns, libgit2 fails the step with an error, and
// git::check reports it as the deadline's ("no progress for N s"). The git layer never ends the
// process; the caller decides what a network error means (exit 75, a hook's silence, a retry).
// Only network steps run while it is armed, so the only sockets are the step's own.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ccsync::git {

// Sets the inactivity allowed during an armed network step (0 s: no deadline, the default) and
// what the steps talk to (`target`, "'git://host/x.git'", already redacted) for the message.
void set_network_deadline(std::chrono::seconds inactivity, std::string_view target);

// Signals progress (bytes moved, a callback called): pushes an armed deadline back.
void network_progress() noexcept;

// What the deadline did since it was last asked ("talking to X: no progress for 30 s ..."), or
// nothing when it did not fire. Reading it clears it.
std::optional<std::string> take_deadline_note();

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
