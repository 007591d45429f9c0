// Streaming over lines. Neither a mapped path nor a token can contain '\n', and both scanners
// treat a line start or end like a text start or end, so per-line results concatenate to the
// whole-text result. Complete lines inside a chunk are processed in place, without copying.
#include "paths/line_stream.hpp"

namespace ccsync::paths {

LineStream::LineStream(const Placeholders& placeholders, Direction direction, Sink sink)
    : m_placeholders(placeholders)
    , m_direction(direction)
    , m_sink(std::move(sink))
{}

void
LineStream::feed(std::string_view chunk)
{
  while (!chunk.empty()) {
    const std::size_t newline = chunk.find('\n');
    if (newline == std::string_view::npos) {
      m_partial.append(chunk);
      return;
    }
    const std::string_view head = chunk.substr(0, newline + 1);
    chunk.remove_prefix(newline + 1);
    if (m_partial.empty()) {
      process(head);
    } else {
      m_partial.append(head);
      process(m_partial);
      m_partial.clear();
    }
  }
}

void
LineStream::finish()
{
  if (!m_partial.empty()) {
    process(m_partial);
    m_partial.clear();
  }
}

void
LineStream::process(std::string_view line)
{
  m_out.clear();
  if (m_direction == Direction::translate) {
    m_placeholders.translate(line, m_out);
  } else {
    m_placeholders.expand(line, m_out, m_missing);
  }
  m_sink(m_out);
}

} // namespace ccsync::paths
