// The first stage of the scanner: one pass over the text with a table of the 64 Ki byte pairs,
// marking those that can sit inside a secret's anchor ("AK" of AKIA, "yJ" of eyJ, "-B" of
// -----BEGIN, "ke" of key and token, any case...). A hit names the probes (second stage) worth
// running at that byte. On x86-64 CPUs with AVX2 a vector kernel classifies 32 bytes at a time
// by their nibbles (the "Teddy" technique of Hyperscan) and only its candidates are looked up in
// the table; elsewhere every byte costs one table lookup. Internal to the module.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ccsync::secrets {

// Second-stage probes, as bits: which check to run at a hit.
enum Probe : std::uint16_t {
  k_probe_aws = 1U << 0,        // "AK", "AS": AKIA..., ASIA...
  k_probe_github = 1U << 1,     // "gh": ghp_...
  k_probe_github_pat = 1U << 2, // "b_": github_pat_...
  k_probe_gitlab = 1U << 3,     // "lp": glpat-...
  k_probe_slack = 1U << 4,      // "xo": xoxb-...
  k_probe_slack_hook = 1U << 5, // "k.": hooks.slack.com/services/...
  k_probe_stripe = 1U << 6,     // "k_": sk_live_...
  k_probe_sk_dash = 1U << 7,    // "k-": sk-..., sk-proj-..., sk-ant-...
  k_probe_jwt = 1U << 8,        // "yJ": eyJ...
  k_probe_pem = 1U << 9,        // "-B": -----BEGIN ...
  k_probe_url = 1U << 10,       // ":/", ":\": scheme://user:password@host
  k_probe_keyword = 1U << 11,   // "ke", "cr", "ss", "pw", "iz" in any case: secret names
  k_probe_bearer = 1U << 12,    // "be" in any case: Bearer ...
  k_probe_vendor = 1U << 13,    // a pair inside another service's prefix (detect_vendors.cpp)
  k_probe_encoded = 1U << 14,   // "LS", "yJ": base64 of "-----BEGIN", of {"auths":
};

class Prefilter {
public:
  Prefilter();

  // Calls `on_hit(pos, probes)` for each position in [begin, text.size() - 1) where the byte
  // pair at `pos` is in the table, in increasing order.
  template <typename OnHit> void
  for_each_hit(std::string_view text, std::size_t begin, OnHit&& on_hit) const
  {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t last = text.size() < 2 ? 0 : text.size() - 1;
    std::size_t i = begin;
    // Blocks of 64 positions, a chunk of them at a time: candidate masks from the fastest
    // kernel this CPU has (see Masks), then one table check and call per candidate. Hits are
    // too frequent (a few per 100 bytes of prose) for a branch per byte to be predicted.
    std::array<std::uint64_t, k_chunk_blocks> masks{};
    while (i + k_block <= last) {
      const std::size_t blocks = std::min(k_chunk_blocks, (last - i) / k_block);
      m_masks(*this, bytes + i, blocks, masks.data());
      for (std::size_t b = 0; b < blocks; ++b) {
        for (std::uint64_t mask = masks[b]; mask != 0; mask &= mask - 1) {
          const std::size_t pos =
            i + b * k_block + static_cast<std::size_t>(std::countr_zero(mask));
          if (is_hit(pair_at(bytes + pos))) {
            on_hit(pos, m_probes[pair_at(bytes + pos)]);
          }
        }
      }
      i += blocks * k_block;
    }
    for (; i < last; ++i) {
      if (is_hit(pair_at(bytes + i))) {
        on_hit(i, m_probes[pair_at(bytes + i)]);
      }
    }
  }

  // Bit j of `masks[b]` set if the pair at `p + 64 * b + j` may be in the table (every pair
  // that is, and a few that are not), for `blocks` blocks; reads p[0 .. 64 * blocks].
  using Masks = void (*)(const Prefilter& table, const unsigned char* p, std::size_t blocks,
                         std::uint64_t* masks);

  // The portable kernel (exact masks), whatever the CPU; for tests.
  static void scalar_masks(const Prefilter& table, const unsigned char* p, std::size_t blocks,
                           std::uint64_t* masks);

  // The kernel for_each_hit uses on this CPU.
  Masks
  kernel() const noexcept
  {
    return m_masks;
  }

  // Nibble tables of the vector kernel: a byte pair (a, b) is a candidate of bucket k when bit
  // k is set in lo1[a & 15], hi1[a >> 4], lo2[b & 15] and hi2[b >> 4]. Two sets of 8 buckets.
  struct Nibbles {
    std::array<std::uint8_t, 16> lo1{}, hi1{}, lo2{}, hi2{};
  };
  const std::array<Nibbles, 2>&
  nibbles() const noexcept
  {
    return m_nibbles;
  }

private:
  static constexpr std::size_t k_block = 64;
  static constexpr std::size_t k_chunk_blocks = 64; // 4 KiB of text per kernel call

  static unsigned
  pair_at(const unsigned char* p) noexcept
  {
    return p[0] | (static_cast<unsigned>(p[1]) << 8);
  }

  bool
  is_hit(unsigned pair) const noexcept
  {
    return m_hits[pair] != 0;
  }

  void add(char first, char second, std::uint16_t probes, bool any_case);
  void add_bucket(unsigned bucket, std::string_view firsts, std::string_view seconds);

  std::array<std::uint8_t, 65536> m_hits{}; // 1 for a pair in the table (bytes, not bits: no shift)
  std::array<std::uint16_t, 65536> m_probes{};
  std::array<Nibbles, 2> m_nibbles{};
  Masks m_masks = &scalar_masks;
};

// The table, built on first use (thread-safe).
const Prefilter& prefilter();

} // namespace ccsync::secrets
