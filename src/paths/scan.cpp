// Byte classification for path boundaries and the candidate-byte search that keeps translate and
// expand close to memchr speed: the hot loop only looks at bytes that can start a mapped path or
// a token, 16 at a time with SSE2 where available.
#include "paths/scan.hpp"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ccsync::paths {

namespace {

bool
is_alnum(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// True if `c` is one of the bytes in `set` (never for NUL, unlike a bare strchr).
bool
in_set(const char* set, char c)
{
  return c != 0 && std::strchr(set, c) != nullptr;
}

bool
is_high(char c)
{
  return static_cast<unsigned char>(c) >= 0x80;
}

// Bytes that, right before a position, make it the middle of a word or path.
bool
is_word_byte(char c)
{
  return is_alnum(c) || is_high(c) || in_set("_-.~/\\", c);
}

// True if the byte at `pos` - 1 is the letter of a JSON escape like "\n" (odd run of '\' before).
bool
follows_json_escape(std::string_view text, std::size_t pos)
{
  if (pos < 2 || !in_set("ntrbf", text[pos - 1])) {
    return false;
  }
  std::size_t backslashes = 0;
  while (backslashes + 2 <= pos && text[pos - 2 - backslashes] == '\\') {
    ++backslashes;
  }
  return backslashes % 2 == 1;
}

} // namespace

bool
is_name_byte(char c) noexcept
{
  return is_alnum(c) || is_high(c) || in_set("_-~+@%#$=&", c);
}

bool
is_component_byte(char c) noexcept
{
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u != 0x7F && !in_set(" \"'`<>|*?{};,\\/", c);
}

bool
is_path_start(std::string_view text, std::size_t pos) noexcept
{
  if (pos == 0 || !is_word_byte(text[pos - 1]) || follows_json_escape(text, pos)) {
    return true;
  }
  return text[pos - 1] == '/' && pos >= 7 && text.substr(pos - 7, 7) == "file://";
}

bool
is_path_end(std::string_view text, std::size_t pos) noexcept
{
  if (pos >= text.size()) {
    return true;
  }
  if (text[pos] == '.') {
    return pos + 1 == text.size() || (!is_name_byte(text[pos + 1]) && text[pos + 1] != '.');
  }
  return !is_name_byte(text[pos]);
}

ByteFinder::ByteFinder(std::string_view needles)
{
  for (char c : needles) {
    auto& seen = m_table[static_cast<unsigned char>(c)];
    if (!seen && m_count < m_needles.size()) {
      m_needles[m_count] = c;
    }
    m_count += seen ? 0 : 1;
    seen = true;
  }
}

std::size_t
ByteFinder::find_table(std::string_view text, std::size_t from) const noexcept
{
  for (std::size_t i = from; i < text.size(); ++i) {
    if (m_table[static_cast<unsigned char>(text[i])]) {
      return i;
    }
  }
  return text.size();
}

#if defined(__SSE2__)

std::size_t
ByteFinder::find(std::string_view text, std::size_t from) const noexcept
{
  if (m_count == 1) {
    const void* hit = from < text.size()
                        ? std::memchr(text.data() + from, m_needles[0], text.size() - from)
                        : nullptr;
    return hit != nullptr ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data())
                          : text.size();
  }
  if (m_count > m_needles.size()) {
    return find_table(text, from);
  }
  __m128i needles[8];
  for (std::size_t k = 0; k < m_count; ++k) {
    needles[k] = _mm_set1_epi8(m_needles[k]);
  }
  std::size_t i = from;
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i hits = _mm_cmpeq_epi8(block, needles[0]);
    for (std::size_t k = 1; k < m_count; ++k) {
      hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, needles[k]));
    }
    if (const int mask = _mm_movemask_epi8(hits); mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
  return find_table(text, i);
}

#else

std::size_t
ByteFinder::find(std::string_view text, std::size_t from) const noexcept
{
  return find_table(text, from);
}

#endif

} // namespace ccsync::paths
