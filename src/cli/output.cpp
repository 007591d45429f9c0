// Error rendering and the mapping from error kinds to exit codes.
#include "cli/output.hpp"

namespace ccsync::cli {

int
exit_code_for(ErrorKind kind) noexcept
{
  switch (kind) {
  case ErrorKind::usage: return k_exit_usage;
  case ErrorKind::auth: return k_exit_auth;
  case ErrorKind::network:
  case ErrorKind::conflict:
  case ErrorKind::busy: return k_exit_try_later;
  case ErrorKind::config:
  case ErrorKind::io:
  case ErrorKind::git:
  case ErrorKind::internal: return k_exit_error;
  }
  return k_exit_error;
}

std::string
render_error(const Error& error)
{
  std::string text = std::string("ccsync: error: ") + error.what() + "\n";
  if (!error.hint().empty()) {
    text += "hint: " + error.hint() + "\n";
  }
  return text;
}

void
print_warning(std::ostream& err, const std::string& message)
{
  err << "ccsync: warning: " << message << "\n";
}

} // namespace ccsync::cli
