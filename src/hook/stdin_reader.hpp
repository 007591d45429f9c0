// Reading the hook payload from stdin without ever hanging: Claude writes one JSON object and a
// newline and should close the pipe, but several versions left it open, and a hook blocked on
// stdin is not killed by its timeout (claude-code.md §8). So: read until the first newline (the
// object is written on one line), or EOF, under a hard deadline and a size cap.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace ccsync::hook {

inline constexpr std::size_t k_max_payload_bytes = std::size_t{4} * 1024 * 1024;

// The payload text from `fd`, or nothing when the deadline passed, the size cap was reached, or
// the stream ended with nothing (then `why` says which).
std::optional<std::string> read_payload(int fd, std::chrono::milliseconds deadline,
                                        std::string& why,
                                        std::size_t max_bytes = k_max_payload_bytes);

} // namespace ccsync::hook
