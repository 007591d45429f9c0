// Piece-by-piece readers of local transcripts and of chunked transcripts in the repository.
#include "sync/store/line_reader.hpp"

#include "git/repository.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ccsync::sync {
namespace {

constexpr std::size_t k_piece_bytes = std::size_t{1024} * 1024;

} // namespace

std::string
line_limit_words(std::size_t max_line)
{
  return "a line longer than " + std::to_string(max_line >> 20U) +
         " MiB: not a transcript ccsync can store";
}

FileSource::FileSource(const std::filesystem::path& file, std::uint64_t offset,
                       std::uint64_t length)
    : m_path(file)
    , m_fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC))
    , m_offset(offset)
    , m_left(length)
{
  if (!m_fd) {
    throw Error(ErrorKind::io, "opening '" + file.string() + "': " + std::strerror(errno));
  }
}

std::string_view
FileSource::next()
{
  m_buffer.resize(static_cast<std::size_t>(std::min<std::uint64_t>(m_left, k_piece_bytes)));
  for (;;) {
    if (m_buffer.empty()) {
      return {};
    }
    const ssize_t n =
      ::pread(m_fd.get(), m_buffer.data(), m_buffer.size(), static_cast<off_t>(m_offset));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw Error(ErrorKind::io, "reading '" + m_path.string() + "': " + std::strerror(errno));
    }
    const auto got = static_cast<std::size_t>(n);
    m_offset += got;
    m_left = got == 0 ? 0 : m_left - got;
    return std::string_view(m_buffer.data(), got);
  }
}

ChunkSource::ChunkSource(const Snapshot& snapshot, const SessionMeta& meta, std::size_t first)
    : m_snapshot(snapshot)
    , m_meta(meta)
    , m_next(first)
{}

std::string_view
ChunkSource::next()
{
  if (m_next >= m_meta.chunks.size()) {
    return {};
  }
  const Chunk& chunk = m_meta.chunks[m_next++];
  // The chunk file's blob id is its content's checksum: compared with meta's before reading, it
  // vouches for the bytes without hashing them again.
  const std::string path = chunk_path(m_meta.session_id, chunk.name);
  const auto id = m_snapshot.entry_id(path);
  auto content = id && (chunk.hash.empty() || *id == chunk.hash) ? m_snapshot.read_blob(*id, path)
                                                                 : std::nullopt;
  if (!content || content->size() != chunk.bytes || content->size() > k_max_file_bytes) {
    throw Error(ErrorKind::git,
                "session " + m_meta.session_id + ": chunk " + chunk.name +
                  " is missing or damaged in the sync repository",
                "another machine may still be pushing it; if it persists, restore the session "
                "from the repository's history");
  }
  m_chunk = std::move(*content);
  return m_chunk;
}

bool
LineReader::fill()
{
  if (m_end) {
    return false;
  }
  const std::string_view piece = m_source.next();
  if (piece.empty()) {
    m_end = true;
    return false;
  }
  if (m_start > 0) {
    m_buffer.erase(0, m_start); // keep only the unfinished line
    m_last_start = m_last_start >= m_start ? m_last_start - m_start : 0;
    m_start = 0;
  }
  m_buffer.append(piece);
  return true;
}

std::optional<std::string_view>
LineReader::take(std::size_t end)
{
  m_last_start = m_start;
  m_last_size = end - m_start;
  m_start = end;
  m_consumed += m_last_size;
  const std::string_view line = std::string_view(m_buffer).substr(m_last_start, m_last_size);
  if (m_observer) {
    m_observer(line);
  }
  return line;
}

std::optional<std::string_view>
LineReader::next()
{
  if (m_unread) {
    m_unread = false;
    m_consumed += m_last_size;
    return std::string_view(m_buffer).substr(m_last_start, m_last_size);
  }
  std::size_t searched = m_start;
  for (;;) {
    const std::size_t newline = std::string_view(m_buffer).find('\n', searched);
    if (newline != std::string_view::npos) {
      return take(newline + 1);
    }
    const std::size_t unfinished = m_buffer.size() - m_start;
    if (unfinished > m_max_line) {
      if (m_on_over_limit == OverLimit::fail) {
        throw Error(ErrorKind::io, line_limit_words(m_max_line));
      }
      m_over_limit = true;
      m_end = true;
      m_buffer.clear();
      m_start = m_last_start = m_last_size = 0;
      return std::nullopt;
    }
    if (!fill()) {
      return unfinished > 0 ? take(m_buffer.size()) : std::nullopt;
    }
    searched = m_start + unfinished;
  }
}

void
LineReader::unread()
{
  m_unread = true;
  m_consumed -= m_last_size;
}

} // namespace ccsync::sync
