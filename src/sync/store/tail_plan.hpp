// Log-structured transcript tails, the pure rule: which chunks an append merges. An append stores
// its new lines as tail pieces of level 0; when k_tail_fanout pieces of one level end the
// transcript, they are merged into one piece of the next level. Each appended byte is thus
// rewritten about log_fanout(4 MiB / append size) times, not once per append as when the last
// chunk grew, and a session keeps at most (fanout - 1) pieces per level. A merge that would reach
// a whole chunk (k_chunk_bytes) takes the whole tail instead and seals it: its bytes are cut
// greedily into chunks that are never merged again (tail_level_of says which stays a piece).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ccsync::sync {

inline constexpr std::size_t k_tail_fanout = 8;

// What the rule needs of a chunk.
struct ChunkShape {
  std::uint64_t bytes = 0;
  int level = -1; // k_sealed (session_store.hpp) or a piece's level
};

// One merge: chunks [first, end) become new chunks; `seal` says they are cut greedily and
// sealed (see tail_level_of), else they become one piece of `level`.
struct TailMerge {
  std::size_t first = 0;
  int level = 0;
  bool seal = false;
};

// The next merge the chunks call for, or nothing. Pieces before the last sealed chunk (only odd
// repository content has such) are never merged.
std::optional<TailMerge> next_merge(const std::vector<ChunkShape>& chunks,
                                    std::size_t fanout = k_tail_fanout);

// The level of the last chunk a sealing merge of `level` cuts, `last_bytes` long: a short last
// chunk stays a piece (so the next appends can still join it), a long one is sealed too.
int tail_level_of(int level, std::uint64_t last_bytes);

// True when appending `bytes` at once is better done as one sealing merge of the whole tail than
// as pieces of level 0 (an append of a whole chunk or more).
bool seals_at_once(std::uint64_t bytes);

} // namespace ccsync::sync
