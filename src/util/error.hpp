// The one error type of ccsync: a message, a kind that decides the exit code, and an optional
// hint that tells the user what to do next. Expected outcomes are return values, not Errors.
#pragma once

#include <stdexcept>
#include <string>

namespace ccsync {

enum class ErrorKind {
  usage,    // bad command line or argument
  config,   // malformed or inconsistent configuration
  io,       // file system
  git,      // repository content or libgit2 failure
  auth,     // credentials refused
  network,  // remote unreachable, timed out: try again later
  conflict, // remote moved, retries exhausted: try again later
  busy,     // a lock is held by someone else: try again later
  internal, // a bug
};

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message, std::string hint = {})
      : std::runtime_error(message)
      , m_kind(kind)
      , m_hint(std::move(hint))
  {}

  ErrorKind
  kind() const noexcept
  {
    return m_kind;
  }
  const std::string&
  hint() const noexcept
  {
    return m_hint;
  }

private:
  ErrorKind m_kind;
  std::string m_hint;
};

// Name of `kind` for logs ("network", "auth", ...).
const char* to_string(ErrorKind kind) noexcept;

} // namespace ccsync
