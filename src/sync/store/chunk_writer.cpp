// Streaming chunk cutting and blob writing, and the merges of tail pieces.
#include "sync/store/chunk_writer.hpp"

#include "sync/store/line_reader.hpp"
#include "sync/store/tail_plan.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <cstdio>

namespace ccsync::sync {

ChunkWriter::ChunkWriter(BlobWriter write_blob, std::string session_id, std::size_t first_number,
                         int level)
    : m_write_blob(std::move(write_blob))
    , m_session_id(std::move(session_id))
    , m_number(first_number)
    , m_level(level)
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
  chunk.hash = m_write_blob(chunk_path(m_session_id, chunk.name), m_buffer);
  chunk.level = m_level;
  m_chunks.push_back(std::move(chunk));
  m_buffer.clear();
}

std::vector<Chunk>
ChunkWriter::finish()
{
  const bool unfinished_line = !m_buffer.empty() && m_buffer.back() != '\n';
  flush();
  if (unfinished_line) {
    ++m_chunks.back().lines;
  }
  return std::move(m_chunks);
}

namespace {

// The bytes of chunks, read by their blob ids (a chunk this plan just wrote included).
class BlobChunks final : public ByteSource {
public:
  BlobChunks(const Snapshot& snapshot, const std::string& session_id,
             const std::vector<Chunk>& chunks, std::size_t first)
      : m_snapshot(snapshot)
      , m_session_id(session_id)
      , m_chunks(chunks)
      , m_next(first)
  {}

  std::string_view
  next() override
  {
    if (m_next >= m_chunks.size()) {
      return {};
    }
    const Chunk& chunk = m_chunks[m_next++];
    auto content = m_snapshot.read_blob(chunk.hash, chunk_path(m_session_id, chunk.name));
    if (!content || content->size() != chunk.bytes) {
      throw Error(ErrorKind::git,
                  "session " + m_session_id + ": chunk " + chunk.name +
                    " is missing or damaged in the sync repository",
                  "if it persists, restore the session from the repository's history");
    }
    m_chunk = std::move(*content);
    return m_chunk;
  }

private:
  const Snapshot& m_snapshot;
  const std::string& m_session_id;
  const std::vector<Chunk>& m_chunks;
  std::size_t m_next;
  std::string m_chunk;
};

std::vector<ChunkShape>
shapes_of(const std::vector<Chunk>& chunks)
{
  std::vector<ChunkShape> shapes;
  shapes.reserve(chunks.size());
  for (const auto& chunk : chunks) {
    shapes.push_back({chunk.bytes, chunk.level});
  }
  return shapes;
}

// Replaces chunks [merge.first, end) of `chunks` by their bytes cut again (tail_plan.hpp).
void
apply_merge(const BlobWriter& write_blob, const Snapshot& snapshot, const std::string& id,
            const TailMerge& merge, std::vector<Chunk>& chunks)
{
  ChunkWriter writer(write_blob, id, merge.first + 1, merge.seal ? k_sealed : merge.level);
  BlobChunks source(snapshot, id, chunks, merge.first);
  LineReader lines(source);
  while (const auto line = lines.next()) {
    writer.add(*line);
  }
  std::vector<Chunk> merged = writer.finish();
  if (merge.seal && !merged.empty()) {
    merged.back().level = tail_level_of(merge.level, merged.back().bytes);
  }
  chunks.resize(merge.first);
  chunks.insert(chunks.end(), std::make_move_iterator(merged.begin()),
                std::make_move_iterator(merged.end()));
}

} // namespace

void
merge_tail(const BlobWriter& write_blob, const Snapshot& snapshot, const std::string& id,
           std::uint64_t appended, std::vector<Chunk>& chunks)
{
  if (seals_at_once(appended)) {
    std::size_t start = chunks.size();
    while (start > 0 && chunks[start - 1].level != k_sealed) {
      --start;
    }
    apply_merge(write_blob, snapshot, id, TailMerge{start, 0, true}, chunks);
  }
  while (const auto merge = next_merge(shapes_of(chunks))) {
    apply_merge(write_blob, snapshot, id, *merge, chunks);
  }
}

} // namespace ccsync::sync
