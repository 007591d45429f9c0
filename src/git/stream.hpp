// Bounded network waits for libgit2 1.5, which has no network timeouts of its own.
// configure_network() registers ccsync's socket stream as libgit2's GIT_STREAM_STANDARD for
// git:// and http(s):// remotes (https too: libgit2's mbedTLS stream wraps the standard one). It
// connects without blocking, waits for the connection with poll(timeout), then sets
// SO_RCVTIMEO/SO_SNDTIMEO so that any read or write that sees no data for the timeout fails.
// For ssh the stream is unregistered (libgit2's ssh transport casts the stream to its private
// socket type) and the process deadline (git/deadline.hpp) bounds the wait instead.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace ccsync::git {

struct NetworkSettings {
  std::chrono::seconds timeout{30}; // connect, and inactivity of any read or write
  std::string ca_file;              // trusted CAs for https (PEM); empty: the system's
};

// Prepares libgit2 for network steps against `url` (call before fetching or pushing it): the
// timed stream or, for ssh, none; the process deadline as a backstop; the CA file. Throws
// Error{config} when `settings.ca_file` cannot be used.
void configure_network(const std::string& url, const NetworkSettings& settings);

// True when libgit2 would talk ssh to `url` (ssh://, ssh+git://, git+ssh://, user@host:path).
bool is_ssh_url(const std::string& url);

} // namespace ccsync::git
