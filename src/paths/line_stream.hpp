// Line-by-line streaming of translate/expand with memory bounded by the longest line.
#pragma once

#include "paths/placeholders.hpp"

#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace ccsync::paths {

enum class Direction : unsigned char { translate, expand };

// Feeds arbitrary chunks of a byte stream through translate or expand one line ('\n' included) at
// a time and hands each result to `sink`. The output equals translate/expand of the whole stream.
// Holds only the current unfinished line and one output line.
class LineStream {
public:
  using Sink = std::function<void(std::string_view)>;

  LineStream(const Placeholders& placeholders, Direction direction, Sink sink);

  // Processes the complete lines of `chunk` (with what earlier chunks left unfinished).
  void feed(std::string_view chunk);

  // Processes a last line without '\n'. Call once at the end of the stream.
  void finish();

  // Names that expand found no mapping for (always empty for translate).
  const std::set<std::string>&
  missing() const noexcept
  {
    return m_missing;
  }

private:
  void process(std::string_view line);

  const Placeholders& m_placeholders;
  Direction m_direction;
  Sink m_sink;
  std::string m_partial;
  std::string m_out;
  std::set<std::string> m_missing;
};

} // namespace ccsync::paths
