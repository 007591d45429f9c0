// The byte-pair table of the prefilter and its kernels. Pairs are chosen inside each anchor so
// that they are rare in transcripts (JSON keys, prose, code, paths) and cheap to confirm: a probe
// first compares a few bytes around the hit, and only then runs a pattern. The vector kernel's
// buckets group the pairs so that each bucket is (almost) exactly a product of nibble sets: its
// candidates are nearly all real pairs, and the table check after it is rarely wasted.
#include "secrets/prefilter.hpp"

#include "secrets/text.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define CCSYNC_PREFILTER_AVX2
#endif

namespace ccsync::secrets {

namespace {

char
flip_case(char c)
{
  if (is_lower(c)) {
    return static_cast<char>(c - ('a' - 'A'));
  }
  return is_upper(c) ? fold(c) : c;
}

#ifdef CCSYNC_PREFILTER_AVX2

__attribute__((target("avx2"))) __m256i
table_of(const std::array<std::uint8_t, 16>& nibbles)
{
  return _mm256_broadcastsi128_si256(
    _mm_loadu_si128(reinterpret_cast<const __m128i*>(nibbles.data())));
}

struct VectorTables {
  __m256i lo1, hi1, lo2, hi2;
};

// Bucket bits of the pairs starting at the 32 bytes of `first` (`second` is the same bytes
// moved by one).
__attribute__((target("avx2"))) inline __m256i
buckets(const VectorTables& t, __m256i first_lo, __m256i first_hi, __m256i second_lo,
        __m256i second_hi)
{
  const __m256i a =
    _mm256_and_si256(_mm256_shuffle_epi8(t.lo1, first_lo), _mm256_shuffle_epi8(t.hi1, first_hi));
  const __m256i b =
    _mm256_and_si256(_mm256_shuffle_epi8(t.lo2, second_lo), _mm256_shuffle_epi8(t.hi2, second_hi));
  return _mm256_and_si256(a, b);
}

__attribute__((target("avx2"))) inline std::uint32_t
mask32(const VectorTables (&t)[2], const unsigned char* p)
{
  const __m256i low = _mm256_set1_epi8(0x0f);
  const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1));
  const __m256i first_lo = _mm256_and_si256(first, low);
  const __m256i first_hi = _mm256_and_si256(_mm256_srli_epi16(first, 4), low);
  const __m256i second_lo = _mm256_and_si256(second, low);
  const __m256i second_hi = _mm256_and_si256(_mm256_srli_epi16(second, 4), low);
  const __m256i any = _mm256_or_si256(buckets(t[0], first_lo, first_hi, second_lo, second_hi),
                                      buckets(t[1], first_lo, first_hi, second_lo, second_hi));
  const __m256i none = _mm256_cmpeq_epi8(any, _mm256_setzero_si256());
  return ~static_cast<std::uint32_t>(_mm256_movemask_epi8(none));
}

__attribute__((target("avx2"))) void
avx2_masks(const Prefilter& table, const unsigned char* p, std::size_t blocks, std::uint64_t* masks)
{
  VectorTables t[2];
  for (std::size_t i = 0; i < 2; ++i) {
    const Prefilter::Nibbles& n = table.nibbles()[i];
    t[i] = {table_of(n.lo1), table_of(n.hi1), table_of(n.lo2), table_of(n.hi2)};
  }
  for (std::size_t b = 0; b < blocks; ++b, p += 64) {
    masks[b] = mask32(t, p) | (static_cast<std::uint64_t>(mask32(t, p + 32)) << 32);
  }
}

#endif

} // namespace

Prefilter::Prefilter()
{
  add('A', 'K', k_probe_aws, false);
  add('A', 'S', k_probe_aws, false);
  add('g', 'h', k_probe_github, false);
  add('b', '_', k_probe_github_pat, false);
  add('l', 'p', k_probe_gitlab, false);
  add('x', 'o', k_probe_slack, false);
  add('k', '.', k_probe_slack_hook, false);
  add('k', '_', k_probe_stripe, false);
  add('k', '-', k_probe_sk_dash, false);
  add('y', 'J', k_probe_jwt, false);
  add('-', 'B', k_probe_pem, false);
  add(':', '/', k_probe_url, false);
  add(':', '\\', k_probe_url, false);
  for (const char* pair : {"ke", "cr", "ss", "pw", "iz"}) {
    add(pair[0], pair[1], k_probe_keyword, true);
  }
  add('b', 'e', k_probe_bearer, true);
  add('L', 'S', k_probe_encoded, false);
  add('y', 'J', k_probe_encoded, false);
  // Other services' prefixes: the pair each entry of detect_vendors.cpp names.
  for (const char* pair : {"Iz", "a2", "hf", "pm", "Ag", "kr", "hv", "hs", "hp", "G.",
                           "q0", "PM", "1_", "AT", "AK", "xa", "k_", "r8", "v2", "AG"}) {
    add(pair[0], pair[1], k_probe_vendor, false);
  }

  // Every pair above in one of 16 buckets (tests check that none is missed).
  add_bucket(0, "kK", "eEr");
  add_bucket(1, "sS", "sS");
  add_bucket(2, "cC", "rR");
  add_bucket(3, "bB", "eE");
  add_bucket(4, "bkG1", "._-");
  add_bucket(5, "pP", "wWmM");
  add_bucket(6, "iI", "zZ");
  add_bucket(7, "A", "KSgGT");
  add_bucket(8, "g", "h");
  add_bucket(9, "l", "p");
  add_bucket(10, "x", "oa");
  add_bucket(11, "y", "J");
  add_bucket(12, "-L", "BS");
  add_bucket(13, ":", "/\\");
  add_bucket(14, "h", "vfsp");
  add_bucket(15, "aqrv", "208");
#ifdef CCSYNC_PREFILTER_AVX2
  __builtin_cpu_init(); // needed when this runs before main (a static Scanner)
  if (__builtin_cpu_supports("avx2")) {
    m_masks = &avx2_masks;
  }
#endif
}

void
Prefilter::add(char first, char second, std::uint16_t probes, bool any_case)
{
  for (const char a : {first, any_case ? flip_case(first) : first}) {
    for (const char b : {second, any_case ? flip_case(second) : second}) {
      const unsigned pair =
        static_cast<unsigned char>(a) | (static_cast<unsigned>(static_cast<unsigned char>(b)) << 8);
      m_hits[pair] = 1;
      m_probes[pair] = static_cast<std::uint16_t>(m_probes[pair] | probes);
    }
  }
}

void
Prefilter::add_bucket(unsigned bucket, std::string_view firsts, std::string_view seconds)
{
  Nibbles& n = m_nibbles[bucket / 8];
  const auto bit = static_cast<std::uint8_t>(1U << (bucket % 8));
  for (const char c : firsts) {
    const auto u = static_cast<unsigned char>(c);
    n.lo1[u & 15U] |= bit;
    n.hi1[u >> 4U] |= bit;
  }
  for (const char c : seconds) {
    const auto u = static_cast<unsigned char>(c);
    n.lo2[u & 15U] |= bit;
    n.hi2[u >> 4U] |= bit;
  }
}

void
Prefilter::scalar_masks(const Prefilter& table, const unsigned char* p, std::size_t blocks,
                        std::uint64_t* masks)
{
  for (std::size_t b = 0; b < blocks; ++b, p += k_block) {
    std::uint64_t mask = 0;
    for (std::size_t j = 0; j < k_block; ++j) {
      mask |= static_cast<std::uint64_t>(table.m_hits[pair_at(p + j)]) << j;
    }
    masks[b] = mask;
  }
}

const Prefilter&
prefilter()
{
  static const Prefilter table;
  return table;
}

} // namespace ccsync::secrets
