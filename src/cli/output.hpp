// The only place that knows exit codes and how errors look on the terminal.
#pragma once

#include "util/error.hpp"

#include <ostream>
#include <string>

namespace ccsync::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_held_back = 3; // done, but some sessions wait (listed)
inline constexpr int k_exit_auth = 4;
inline constexpr int k_exit_try_later = 75; // EX_TEMPFAIL

int exit_code_for(ErrorKind kind) noexcept;

// "ccsync: error: <message>" and, when there is one, "hint: <hint>".
std::string render_error(const Error& error);

// "ccsync: warning: <message>".
void print_warning(std::ostream& err, const std::string& message);

} // namespace ccsync::cli
