// Streaming lines out of transcripts without holding them whole: a local file (read piece by
// piece, up to a size fixed when it was stat()ed) or a session's chunks in the sync repository
// (one chunk in memory at a time, each checked against its hash). Memory is bounded by one piece
// plus the longest line; a line longer than k_max_line_bytes is refused.
#pragma once

#include "platform/fs.hpp"
#include "sync/store/session_store.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ccsync::sync {

// The longest line a transcript may hold: longer lines are refused (a line over 50 MB is
// possible, a sparse file with no newline in gigabytes is not a transcript).
inline constexpr std::size_t k_max_line_bytes = std::size_t{64} * 1024 * 1024;

// Why a transcript with a line longer than `max_line` is refused, in the user's words.
std::string line_limit_words(std::size_t max_line = k_max_line_bytes);

// What a LineReader does at a line longer than its maximum.
enum class OverLimit {
  fail, // throws Error{io}: a stream read before, or one that cannot hold such a line
  stop, // stops there (the line and everything after it unread) and says so (over_limit()):
        // the first pass over a local transcript, whose caller refuses the session as a value
};

// Bytes read piece by piece.
class ByteSource {
public:
  ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  ByteSource(ByteSource&&) = delete;
  ByteSource& operator=(ByteSource&&) = delete;
  virtual ~ByteSource() = default;
  // The next piece, empty at the end; valid until the next call.
  virtual std::string_view next() = 0;
};

// Bytes [`offset`, `offset` + `length`) of a file (fewer if it is shorter).
class FileSource final : public ByteSource {
public:
  FileSource(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length);
  std::string_view next() override;

private:
  std::filesystem::path m_path;
  platform::Fd m_fd;
  std::uint64_t m_offset;
  std::uint64_t m_left;
  std::string m_buffer;
};

// The chunks of `meta` in `snapshot` from chunk index `first` (0-based) on. Throws Error{git}
// naming the session when a chunk is missing, too large or does not match its hash.
class ChunkSource final : public ByteSource {
public:
  ChunkSource(const Snapshot& snapshot, const SessionMeta& meta, std::size_t first = 0);
  std::string_view next() override;

private:
  const Snapshot& m_snapshot;
  const SessionMeta& m_meta;
  std::size_t m_next;
  std::string m_chunk;
};

// A string already in memory (tests, small files).
class StringSource final : public ByteSource {
public:
  explicit StringSource(std::string_view text)
      : m_text(text)
  {}
  std::string_view
  next() override
  {
    return std::exchange(m_text, std::string_view());
  }

private:
  std::string_view m_text;
};

// The lines of a ByteSource, '\n' included; the last one may lack it.
class LineReader {
public:
  explicit LineReader(ByteSource& source, std::size_t max_line = k_max_line_bytes,
                      OverLimit over_limit = OverLimit::fail)
      : m_source(source)
      , m_max_line(max_line)
      , m_on_over_limit(over_limit)
  {}

  // The next line, valid until the next call; nothing at the end. At a line longer than the
  // maximum: throws Error{io} (OverLimit::fail), or nothing from then on (OverLimit::stop).
  std::optional<std::string_view> next();

  // True when an OverLimit::stop reader stopped at a line longer than its maximum.
  bool
  over_limit() const noexcept
  {
    return m_over_limit;
  }

  // Makes the next call return the last line again.
  void unread();

  // Calls `observer` once with every line as it is first read (a re-read line is not repeated).
  void
  observe(std::function<void(std::string_view)> observer)
  {
    m_observer = std::move(observer);
  }

  // Bytes of every line returned so far (minus an unread one).
  std::uint64_t
  consumed() const noexcept
  {
    return m_consumed;
  }

private:
  bool fill();
  std::optional<std::string_view> take(std::size_t end);

  ByteSource& m_source;
  std::size_t m_max_line;
  OverLimit m_on_over_limit;
  bool m_over_limit = false;
  std::string m_buffer;
  std::size_t m_start = 0;      // first byte not yet returned
  std::size_t m_last_start = 0; // start of the last line returned (for unread)
  std::size_t m_last_size = 0;
  bool m_unread = false;
  bool m_end = false;
  std::uint64_t m_consumed = 0;
  std::function<void(std::string_view)> m_observer;
};

// True when `line` ends with '\n'.
inline bool
is_complete(std::string_view line)
{
  return !line.empty() && line.back() == '\n';
}

} // namespace ccsync::sync
