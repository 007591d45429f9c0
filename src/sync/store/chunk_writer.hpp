// Writing a translated transcript into the repository as chunks, as it streams past: bytes go
// into blobs as soon as a chunk is full, so memory holds one chunk, whatever the file's size.
// The cutting rule is cut_chunks' (session_store.hpp): greedy from the first byte written, a
// chunk ends after a line when the next line would take it past k_chunk_bytes, and a line longer
// than k_chunk_bytes is cut into pieces of k_chunk_bytes (the repository's 50 MB limit holds for
// any line, and the pieces join back byte-exact).
#pragma once

#include "sync/store/session_store.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

// Stores bytes as the blob of repository path `path` (sealed there in an encrypted repository)
// and returns its id (SyncRepo::write_blob).
using BlobWriter = std::function<std::string(const std::string& path, std::string_view bytes)>;

class ChunkWriter {
public:
  // Chunks of `session_id`, named from number `first_number` (1 = "000001.jsonl") on, each of
  // `level` (k_sealed, or a tail piece's level).
  ChunkWriter(BlobWriter write_blob, std::string session_id, std::size_t first_number,
              int level = k_sealed);

  // Adds the next line (or the bytes of an earlier chunk being continued).
  void add(std::string_view line);

  // Closes the last chunk and returns every chunk written (their blobs are stored; the files
  // that change follow from the session's final chunk list, chunk_changes).
  std::vector<Chunk> finish();

  std::size_t
  bytes() const noexcept
  {
    return m_bytes;
  }

private:
  void flush();

  BlobWriter m_write_blob;
  std::string m_session_id;
  std::size_t m_number;
  std::string m_buffer;
  int m_level;
  std::vector<Chunk> m_chunks;
  std::size_t m_bytes = 0;
};

// After new tail pieces were added to `chunks` (`appended` bytes of them): the merges the tail
// rule (tail_plan.hpp) calls for, their bytes read from `snapshot`'s cache by blob id and
// written anew; or one sealing merge of the whole tail after an append of a whole chunk or more.
void merge_tail(const BlobWriter& write_blob, const Snapshot& snapshot, const std::string& id,
                std::uint64_t appended, std::vector<Chunk>& chunks);

} // namespace ccsync::sync
