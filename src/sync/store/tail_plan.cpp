// The merge rule of log-structured tails.
#include "sync/store/tail_plan.hpp"

#include "sync/store/session_store.hpp"

namespace ccsync::sync {
namespace {

// The first chunk after the last sealed one.
std::size_t
tail_start(const std::vector<ChunkShape>& chunks)
{
  std::size_t start = chunks.size();
  while (start > 0 && chunks[start - 1].level != k_sealed) {
    --start;
  }
  return start;
}

} // namespace

std::optional<TailMerge>
next_merge(const std::vector<ChunkShape>& chunks, std::size_t fanout)
{
  const std::size_t start = tail_start(chunks);
  if (start == chunks.size()) {
    return std::nullopt;
  }
  const int level = chunks.back().level;
  std::size_t run = chunks.size();
  std::uint64_t run_bytes = 0;
  while (run > start && chunks[run - 1].level == level) {
    run_bytes += chunks[--run].bytes;
  }
  if (chunks.size() - run < fanout) {
    return std::nullopt;
  }
  if (run_bytes >= k_chunk_bytes || level >= k_max_level) {
    return TailMerge{start, level + 1 > k_max_level ? k_max_level : level + 1, true};
  }
  return TailMerge{run, level + 1, false};
}

int
tail_level_of(int level, std::uint64_t last_bytes)
{
  return last_bytes >= k_chunk_bytes / 2 ? k_sealed : level;
}

bool
seals_at_once(std::uint64_t bytes)
{
  return bytes >= k_chunk_bytes;
}

} // namespace ccsync::sync
