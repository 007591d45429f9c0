// libgit2 error translation and lazy initialisation.
#include "git/error.hpp"

#include "util/error.hpp"

#include <git2.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <string>

namespace ccsync::git {
namespace {

bool
is_network_class(int klass)
{
  return klass == GIT_ERROR_NET || klass == GIT_ERROR_OS || klass == GIT_ERROR_SSL ||
         klass == GIT_ERROR_HTTP || klass == GIT_ERROR_SSH;
}

Error
translate(int rc, int klass, const std::string& message)
{
  switch (rc) {
  case GIT_EAUTH:
    return Error(ErrorKind::auth, message, "check the credentials for the remote");
  case GIT_ECERTIFICATE:
    return Error(ErrorKind::network, message,
                 "the server's certificate is not trusted; set SSL_CERT_FILE for a private CA");
  case GIT_ENONFASTFORWARD:
  case GIT_EMERGECONFLICT:
    return Error(ErrorKind::conflict, message, "another machine pushed meanwhile; run it again");
  case GIT_ELOCKED:
    return Error(ErrorKind::busy, message,
                 "a git lock file is left from a crash; remove the *.lock file named above if no "
                 "ccsync process is running");
  case GIT_EOWNER:
    return Error(ErrorKind::config, message, "the repository belongs to another user");
  default: break;
  }
  if (is_network_class(klass)) {
    return Error(ErrorKind::network, message,
                 "check that the remote is reachable; the command can be run again later");
  }
  return Error(ErrorKind::git, message);
}

} // namespace

void
check(int rc, std::string_view activity)
{
  if (rc >= 0) {
    return;
  }
  const git_error* last = git_error_last();
  const int klass = last != nullptr ? last->klass : GIT_ERROR_NONE;
  const std::string cause = last != nullptr && last->message != nullptr ? last->message
                                                                        : "unknown error";
  spdlog::error("libgit2: {}: rc={} class={} {}", activity, rc, klass, cause);
  throw translate(rc, klass, std::string(activity) + ": " + cause);
}

void
ensure_initialized()
{
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

} // namespace ccsync::git
