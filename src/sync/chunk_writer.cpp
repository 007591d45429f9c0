// Streaming chunk cutting and blob writing.
#include "sync/chunk_writer.hpp"

#include <algorithm>
#include <cstdio>

namespace ccsync::sync {

ChunkWriter::ChunkWriter(BlobWriter write_blob, std::string session_id, std::size_t first_number)
    : m_write_blob(std::move(write_blob))
    , m_session_id(std::move(session_id))
    , m_number(first_number)
{}

void
ChunkWriter::add(std::string_view line)
{
  m_bytes += line.size();
  if (!m_buffer.empty() && m_buffer.size() + line.size() > k_chunk_bytes) {
    flush();
  }
  while (line.size() > k_chunk_bytes) { // only with an empty buffer, after the flush above
    m_buffer.assign(line.substr(0, k_chunk_bytes));
    flush();
    line.remove_prefix(k_chunk_bytes);
  }
  m_buffer.append(line);
}

void
ChunkWriter::flush()
{
  if (m_buffer.empty()) {
    return;
  }
  Chunk chunk;
  chunk.name = chunk_name(m_number++);
  chunk.bytes = m_buffer.size();
  chunk.lines = static_cast<std::size_t>(std::count(m_buffer.begin(), m_buffer.end(), '\n'));
  chunk.hash = m_write_blob(m_buffer);
  m_changes.push_back({chunk_path(m_session_id, chunk.name), std::nullopt, chunk.hash});
  m_chunks.push_back(std::move(chunk));
  m_buffer.clear();
}

std::vector<Chunk>
ChunkWriter::finish(std::vector<git::Change>& changes)
{
  const bool unfinished_line = !m_buffer.empty() && m_buffer.back() != '\n';
  flush();
  if (unfinished_line) {
    ++m_chunks.back().lines;
  }
  changes.insert(changes.end(), m_changes.begin(), m_changes.end());
  m_changes.clear();
  return std::move(m_chunks);
}

} // namespace ccsync::sync
