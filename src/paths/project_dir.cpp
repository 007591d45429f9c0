// Bit-exact re-implementation of Claude Code's cwd -> project-directory encoding (claude-code.md
// §2.1): a regex replace over UTF-16 code units plus a Java-hash suffix for long names. It does no
// I/O; the caller passes the realpath'd cwd. Invalid UTF-8 is decoded like a WHATWG decoder (what
// Node and Bun use for OS strings), so such a directory still gets the name Claude gives it.
#include "paths/project_dir.hpp"

#include <cstdlib>

namespace ccsync::paths {

namespace {

constexpr char16_t k_replacement = 0xFFFD;

void
append_code_point(std::u16string& out, std::uint32_t cp)
{
  if (cp < 0x10000) {
    out.push_back(static_cast<char16_t>(cp));
    return;
  }
  cp -= 0x10000;
  out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
  out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
}

// State of the WHATWG UTF-8 decoder between bytes.
struct Utf8State {
  std::uint32_t code_point = 0;
  int needed = 0;
  int seen = 0;
  unsigned lower = 0x80;
  unsigned upper = 0xBF;
};

// Starts a sequence with lead byte `b`; returns false for a byte that cannot start one.
bool
start_sequence(Utf8State& s, unsigned b)
{
  if (b >= 0xC2 && b <= 0xDF) {
    s.needed = 1;
    s.code_point = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    s.lower = b == 0xE0 ? 0xA0 : 0x80;
    s.upper = b == 0xED ? 0x9F : 0xBF;
    s.needed = 2;
    s.code_point = b & 0x0F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    s.lower = b == 0xF0 ? 0x90 : 0x80;
    s.upper = b == 0xF4 ? 0x8F : 0xBF;
    s.needed = 3;
    s.code_point = b & 0x07;
  } else {
    return false;
  }
  return true;
}

bool
is_ascii_alnum(char16_t unit)
{
  return (unit >= u'0' && unit <= u'9') || (unit >= u'A' && unit <= u'Z') ||
         (unit >= u'a' && unit <= u'z');
}

} // namespace

std::u16string
utf16_units(std::string_view utf8)
{
  std::u16string out;
  out.reserve(utf8.size());
  Utf8State s;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const unsigned b = static_cast<unsigned char>(utf8[i]);
    if (s.needed == 0) {
      if (b < 0x80) {
        out.push_back(static_cast<char16_t>(b));
      } else if (!start_sequence(s, b)) {
        out.push_back(k_replacement);
      }
      ++i;
      continue;
    }
    if (b < s.lower || b > s.upper) {
      // The maximal subpart ends before `b`, which is decoded again from scratch.
      s = Utf8State{};
      out.push_back(k_replacement);
      continue;
    }
    s.lower = 0x80;
    s.upper = 0xBF;
    s.code_point = (s.code_point << 6) | (b & 0x3F);
    if (++s.seen == s.needed) {
      append_code_point(out, s.code_point);
      s = Utf8State{};
    }
    ++i;
  }
  if (s.needed != 0) {
    out.push_back(k_replacement);
  }
  return out;
}

std::int32_t
java_hash(std::u16string_view units)
{
  std::uint32_t h = 0; // unsigned arithmetic wraps like Java's int
  for (char16_t unit : units) {
    h = 31 * h + unit;
  }
  return static_cast<std::int32_t>(h);
}

std::string
base36(std::uint64_t value)
{
  constexpr std::string_view k_digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.insert(out.begin(), k_digits[value % 36]);
    value /= 36;
  } while (value != 0);
  return out;
}

std::string
encode_project_dir(std::string_view cwd)
{
  const std::u16string units = utf16_units(cwd);
  std::string out;
  out.reserve(units.size());
  for (std::size_t i = 0; i < units.size() && i < k_project_dir_max_units; ++i) {
    out.push_back(is_ascii_alnum(units[i]) ? static_cast<char>(units[i]) : '-');
  }
  if (units.size() <= k_project_dir_max_units) {
    return out;
  }
  // Math.abs on a JS double: |INT32_MIN| fits only in 64 bits.
  const std::int64_t hash = java_hash(units);
  out += '-';
  out += base36(static_cast<std::uint64_t>(std::llabs(hash)));
  return out;
}

} // namespace ccsync::paths
