// ccsync's libgit2 socket stream with a connect timeout and an inactivity timeout, and the
// per-process network set-up. Does have: IPv4/IPv6 through getaddrinfo, one overall connect
// deadline across all addresses, MSG_NOSIGNAL writes. Does not have: proxies (libgit2 1.5 does
// not use them for the standard stream either) or TLS (mbedTLS wraps this stream).
#include "git/stream.hpp"

#include "git/deadline.hpp"
#include "git/error.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <git2.h>
#include <git2/sys/stream.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <netdb.h>
#include <type_traits>

namespace ccsync::git {
namespace {

using Clock = std::chrono::steady_clock;

// Process-wide like libgit2's stream registry itself, whose stream constructor gets no user
// data; written by configure_network only.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): see above
int g_timeout_ms = 30000;

struct TimedStream {
  git_stream parent; // first member: libgit2 holds a git_stream* to it
  int fd;
  int timeout_ms;
  char host[256];
  char port[32];
};
static_assert(std::is_standard_layout_v<TimedStream>);

TimedStream*
self(git_stream* stream)
{
  return reinterpret_cast<TimedStream*>(stream); // NOLINT: first member of a standard-layout type
}

int
fail(int klass, const std::string& message)
{
  git_error_set_str(klass, message.c_str());
  return -1;
}

int
timed_out(const TimedStream& stream, const char* what)
{
  const std::string note = "no answer from " + std::string(stream.host) + " within " +
                           std::to_string(stream.timeout_ms / 1000) + " s while " + what +
                           " (network_timeout_seconds)";
  note_timeout(note);
  return fail(GIT_ERROR_NET, note);
}

int
remaining_ms(Clock::time_point deadline)
{
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(left.count(), 0));
}

// Connects a non-blocking socket to `address` by `deadline`: the fd, or -1 with errno set
// (ETIMEDOUT when the deadline passed).
int
connect_one(const addrinfo& address, Clock::time_point deadline)
{
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          address.ai_protocol);
  if (fd < 0) {
    return -1;
  }
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0 && errno != EINPROGRESS) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  pollfd waiting{fd, POLLOUT, 0};
  int ready = 0;
  do {
    ready = ::poll(&waiting, 1, remaining_ms(deadline));
  } while (ready < 0 && errno == EINTR);
  int error = ready == 0 ? ETIMEDOUT : errno;
  socklen_t length = sizeof error;
  if (ready > 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
    error = errno;
  }
  if (ready <= 0 || error != 0) {
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

// Back to blocking mode, with every read and write bounded by `timeout_ms` of inactivity.
int
set_inactivity_timeout(int fd, int timeout_ms)
{
  const timeval limit{timeout_ms / 1000, static_cast<suseconds_t>((timeout_ms % 1000) * 1000)};
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) != 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit) != 0) {
    return -1;
  }
  return 0;
}

int
stream_connect(git_stream* base)
{
  TimedStream& stream = *self(base);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(stream.host, stream.port, &hints, &found); rc != 0) {
    return fail(GIT_ERROR_NET, "failed to resolve address for " + std::string(stream.host) + ": " +
                                 ::gai_strerror(rc));
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(stream.timeout_ms);
  int error = ECONNREFUSED;
  for (const addrinfo* address = found; address != nullptr && stream.fd < 0;
       address = address->ai_next) {
    stream.fd = connect_one(*address, deadline);
    error = stream.fd < 0 ? errno : 0;
  }
  if (stream.fd < 0) {
    return error == ETIMEDOUT
             ? timed_out(stream, "connecting")
             : fail(GIT_ERROR_OS, "failed to connect to " + std::string(stream.host) + ": " +
                                    std::strerror(error));
  }
  if (set_inactivity_timeout(stream.fd, stream.timeout_ms) != 0) {
    return fail(GIT_ERROR_OS,
                std::string("failed to set socket timeouts: ") + std::strerror(errno));
  }
  network_progress();
  return 0;
}

ssize_t
stream_read(git_stream* base, void* data, size_t length)
{
  TimedStream& stream = *self(base);
  ssize_t got = 0;
  do {
    got = ::recv(stream.fd, data, length, 0);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    return errno == EAGAIN || errno == EWOULDBLOCK
             ? timed_out(stream, "reading")
             : fail(GIT_ERROR_OS, "failed to read from " + std::string(stream.host) + ": " +
                                    std::strerror(errno));
  }
  network_progress();
  return got;
}

ssize_t
stream_write(git_stream* base, const char* data, size_t length, int /*flags*/)
{
  TimedStream& stream = *self(base);
  size_t sent = 0;
  while (sent < length) {
    const ssize_t put = ::send(stream.fd, data + sent, length - sent, MSG_NOSIGNAL);
    if (put < 0 && errno == EINTR) {
      continue;
    }
    if (put < 0) {
      return errno == EAGAIN || errno == EWOULDBLOCK
               ? timed_out(stream, "writing")
               : fail(GIT_ERROR_OS, "failed to write to " + std::string(stream.host) + ": " +
                                      std::strerror(errno));
    }
    sent += static_cast<size_t>(put);
    network_progress();
  }
  return static_cast<ssize_t>(sent);
}

int
stream_close(git_stream* base)
{
  TimedStream& stream = *self(base);
  if (stream.fd >= 0) {
    ::close(stream.fd);
    stream.fd = -1;
  }
  return 0;
}

void
stream_free(git_stream* base)
{
  stream_close(base);
  // Takes back what stream_connect handed to libgit2 (make_unique, then release()).
  const std::unique_ptr<TimedStream> owned(self(base));
}

bool
copy_text(char* out, std::size_t size, const char* text)
{
  if (text == nullptr) {
    return false;
  }
  const std::size_t length = std::strlen(text);
  if (length >= size) {
    return false;
  }
  std::memcpy(out, text, length + 1); // with its terminating null
  return true;
}

int
stream_init(git_stream** out, const char* host, const char* port)
{
  auto stream = std::make_unique<TimedStream>();
  stream->parent.version = GIT_STREAM_VERSION;
  stream->parent.connect = stream_connect;
  stream->parent.read = stream_read;
  stream->parent.write = stream_write;
  stream->parent.close = stream_close;
  stream->parent.free = stream_free;
  stream->fd = -1;
  stream->timeout_ms = g_timeout_ms;
  if (!copy_text(stream->host, sizeof stream->host, host) ||
      !copy_text(stream->port, sizeof stream->port, port)) {
    return fail(GIT_ERROR_NET, "host name or port too long");
  }
  *out = &stream.release()->parent;
  return 0;
}

bool
starts_with(const std::string& text, std::string_view prefix)
{
  return text.rfind(prefix, 0) == 0;
}

bool
uses_timed_stream(const std::string& url)
{
  return starts_with(url, "git://") || starts_with(url, "http://") || starts_with(url, "https://");
}

void
set_ca_file(const std::string& ca_file)
{
  if (ca_file.empty()) {
    return;
  }
  if (!std::filesystem::is_regular_file(ca_file)) {
    throw Error(ErrorKind::config, "the CA file '" + ca_file + "' does not exist",
                "set ca_file (or SSL_CERT_FILE) to a PEM file of trusted certificates");
  }
  // Replaces mbedTLS's CA chain: the system CAs are no longer trusted (the file must hold all).
  check(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca_file.c_str(), nullptr),
        "loading the CA file '" + ca_file + "'");
}

} // namespace

bool
is_ssh_url(const std::string& url)
{
  if (starts_with(url, "ssh://") || starts_with(url, "ssh+git://") ||
      starts_with(url, "git+ssh://")) {
    return true;
  }
  const auto colon = url.find(':');
  const auto slash = url.find('/');
  // scp-like user@host:path (libgit2 treats host:path as ssh too); not a scheme URL or a path
  return url.find("://") == std::string::npos && colon != std::string::npos && colon > 1 &&
         (slash == std::string::npos || colon < slash);
}

void
configure_network(const std::string& url, const NetworkSettings& settings)
{
  ensure_initialized();
  g_timeout_ms = static_cast<int>(settings.timeout.count() * 1000);
  take_timeout_note(); // a note of an earlier remote says nothing of this one
  if (uses_timed_stream(url)) {
    git_stream_registration registration{};
    registration.version = GIT_STREAM_VERSION;
    registration.init = stream_init;
    check(git_stream_register(GIT_STREAM_STANDARD, &registration), "registering the stream");
  } else {
    check(git_stream_register(GIT_STREAM_STANDARD, nullptr), "unregistering the stream");
  }
  // ssh: the deadline is the only bound; elsewhere a backstop well behind the stream's own.
  const auto deadline =
    is_ssh_url(url) ? settings.timeout : 2 * settings.timeout + std::chrono::seconds(5);
  std::string what = "'";
  what += util::redact_url(url); // appended, not operator+: GCC 12 -O2 warns falsely (-Wrestrict)
  what += "'";
  set_network_deadline(deadline, what);
  set_ca_file(settings.ca_file);
  spdlog::debug("network: timeout {} s, {} stream, deadline {} s", settings.timeout.count(),
                uses_timed_stream(url) ? "timed" : "default", deadline.count());
}

} // namespace ccsync::git
