// Seeded randomness for gen_corpus: a portable PRNG (xoshiro256**, same numbers on every
// platform and standard library, unlike std:: distributions), identifiers in Claude Code's
// formats, and ISO-8601 timestamps. Header-only.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace corpus {

inline std::uint64_t
splitmix(std::uint64_t& state)
{
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Combines seeds: mix(seed, i) gives independent streams per session, per project...
inline std::uint64_t
mix(std::uint64_t a, std::uint64_t b)
{
  std::uint64_t state = a ^ (b * 0xd1b54a32d192ed03ULL);
  return splitmix(state);
}

inline std::uint64_t
fnv1a(std::string_view text)
{
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return h;
}

class Rng {
public:
  explicit Rng(std::uint64_t seed)
  {
    for (auto& word : m_s) {
      word = splitmix(seed);
    }
  }

  std::uint64_t
  next()
  {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }
  // Uniform in [0, n) (n > 0; the modulo bias is irrelevant here).
  std::size_t
  below(std::size_t n)
  {
    return n == 0 ? 0 : static_cast<std::size_t>(next() % n);
  }
  // Uniform in [lo, hi].
  std::size_t
  range(std::size_t lo, std::size_t hi)
  {
    return lo + below(hi - lo + 1);
  }
  double
  unit()
  {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
  }
  bool
  chance(double p)
  {
    return unit() < p;
  }
  double
  normal()
  {
    const double u1 = (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Log-normal with the given median and sigma of the underlying normal.
  double
  lognormal(double median, double sigma)
  {
    return median * std::exp(sigma * normal());
  }

  template <class T, std::size_t N> const T&
  pick(const T (&items)[N])
  {
    return items[below(N)];
  }
  template <class Container> auto&
  pick(Container& items)
  {
    return items[below(items.size())];
  }

private:
  static std::uint64_t
  rotl(std::uint64_t x, int k)
  {
    return (x << k) | (x >> (64 - k));
  }
  std::array<std::uint64_t, 4> m_s{};
};

inline std::string
hex(Rng& rng, std::size_t n)
{
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(n, '0');
  for (auto& c : out) {
    c = digits[rng.below(16)];
  }
  return out;
}

inline std::string
base62(Rng& rng, std::size_t n)
{
  static constexpr char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out(n, '0');
  for (auto& c : out) {
    c = digits[rng.below(62)];
  }
  return out;
}

inline std::string
base64(Rng& rng, std::size_t n)
{
  static constexpr char digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out(n, 'A');
  for (auto& c : out) {
    c = digits[rng.below(64)];
  }
  return out;
}

// A random (version 4) UUID, lower case, as Claude Code writes them.
inline std::string
uuid4(Rng& rng)
{
  std::string h = hex(rng, 32);
  h[12] = '4';
  h[16] = "89ab"[rng.below(4)];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

// 2026-11-02T09:14:09.402Z from milliseconds since the epoch (UTC, proleptic Gregorian).
inline std::string
iso_ms(std::int64_t ms)
{
  const std::int64_t seconds = ms / 1000;
  std::int64_t days = seconds / 86400;
  const std::int64_t rest = seconds % 86400;
  days += 719468;
  const std::int64_t era = days / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60),
                static_cast<long long>(ms % 1000));
  return buffer;
}

// Milliseconds since the epoch of "2026-11-02T09:14:09.402Z" (or of a bare date); -1 when the
// text is not such a timestamp.
inline std::int64_t
parse_iso_ms(std::string_view text)
{
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int milli = 0;
  const std::string copy(text);
  const int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &year, &month, &day,
                                 &hour, &minute, &second, &milli);
  if (fields < 3) {
    return -1;
  }
  const std::int64_t y = month <= 2 ? year - 1 : year;
  const std::int64_t era = y / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = month > 2 ? month - 3 : month + 9;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  return ((days * 86400) + hour * 3600 + minute * 60 + second) * 1000 + milli;
}

} // namespace corpus
