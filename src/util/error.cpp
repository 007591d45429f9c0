// Names of error kinds, for logs and JSON output.
#include "util/error.hpp"

namespace ccsync {

const char*
to_string(ErrorKind kind) noexcept
{
  switch (kind) {
  case ErrorKind::usage: return "usage";
  case ErrorKind::config: return "config";
  case ErrorKind::io: return "io";
  case ErrorKind::git: return "git";
  case ErrorKind::auth: return "auth";
  case ErrorKind::network: return "network";
  case ErrorKind::conflict: return "conflict";
  case ErrorKind::busy: return "busy";
  case ErrorKind::internal: return "internal";
  }
  return "internal";
}

} // namespace ccsync
