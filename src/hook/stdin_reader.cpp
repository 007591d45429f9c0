// poll(2)-bounded reads of one JSON object.
#include "hook/stdin_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace ccsync::hook {

std::optional<std::string>
read_payload(int fd, std::chrono::milliseconds deadline, std::string& why, std::size_t max_bytes)
{
  const auto end = std::chrono::steady_clock::now() + deadline;
  std::string text;
  char buffer[65536];
  for (;;) {
    const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      why = "no complete payload on stdin within " + std::to_string(deadline.count()) + " ms";
      return std::nullopt;
    }
    pollfd ready{fd, POLLIN, 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(left.count()));
    if (polled < 0 && errno != EINTR) {
      why = "stdin cannot be read";
      return std::nullopt;
    }
    if (polled <= 0) {
      continue; // the loop's deadline check ends it
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
      continue;
    }
    if (n <= 0) { // EOF or a broken pipe: what came is all there is
      if (text.empty()) {
        why = "stdin was closed with nothing on it";
        return std::nullopt;
      }
      return text;
    }
    const std::size_t before = text.size();
    text.append(buffer, static_cast<std::size_t>(n));
    // Claude writes the object on one line (JSON.stringify) and then a newline: the first
    // newline ends the payload, whatever may follow or never come.
    if (const std::size_t newline = text.find('\n', before); newline != std::string::npos) {
      text.resize(newline + 1);
      return text;
    }
    if (text.size() > max_bytes) {
      why = "more than " + std::to_string(max_bytes) + " bytes on stdin without a newline";
      return std::nullopt;
    }
  }
}

} // namespace ccsync::hook
