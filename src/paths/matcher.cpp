// Spellings of mapped directories and the matcher over them. Each mapped directory is matched in
// its configured and its realpath spelling, and on Windows raw ("C:\x"), JSON-escaped ("C:\\x")
// and with forward slashes ("C:/x"), case-insensitively. A two-byte filter and an 8-byte compare
// reject almost every candidate position before a full comparison.
#include "paths/matcher.hpp"

#include "paths/scan.hpp"

#include <algorithm>
#include <cstring>

namespace ccsync::paths {

namespace {

bool
is_letter(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

char
lower(char c)
{
  return is_letter(c) ? static_cast<char>(c | 0x20) : c;
}

std::uint64_t
load8(const char* p, std::size_t available) noexcept
{
  char buf[8] = {};
  std::memcpy(buf, p, std::min<std::size_t>(available, 8));
  std::uint64_t w = 0;
  std::memcpy(&w, buf, 8);
  return w;
}

void
prepare_quick(Spelling& s)
{
  char fold[8] = {};
  char mask[8] = {};
  for (std::size_t i = 0; i < 8 && i < s.text.size(); ++i) {
    fold[i] = s.windows && is_letter(s.text[i]) ? 0x20 : 0;
    mask[i] = static_cast<char>(0xFF);
  }
  std::memcpy(&s.fold, fold, 8);
  std::memcpy(&s.mask, mask, 8);
  s.quick = (load8(s.text.data(), s.text.size()) | s.fold) & s.mask;
}

// True if `text` holds spelling `s` (whose first 8 bytes already matched) at its start.
bool
equal_tail(const Spelling& s, std::string_view text)
{
  if (!s.windows) {
    return text.substr(8, s.text.size() - 8) == std::string_view(s.text).substr(8);
  }
  for (std::size_t i = 8; i < s.text.size(); ++i) {
    if (lower(text[i]) != lower(s.text[i]) || is_letter(text[i]) != is_letter(s.text[i])) {
      return false;
    }
  }
  return true;
}

int
hex_value(char c)
{
  return c <= '9' ? c - '0' : c - 'a' + 10;
}

} // namespace

std::string
spell(Os os, std::string_view dir, PathStyle style)
{
  std::string out;
  for (char c : dir) {
    if (style == PathStyle::json && (c == '"' || c == '\\')) {
      out += '\\';
    }
    out += os == Os::windows && style == PathStyle::slash && c == '\\' ? '/' : c;
  }
  return out;
}

std::string
case_mask(std::string_view spelling, std::string_view matched)
{
  std::string mask;
  std::size_t letter = 0;
  for (std::size_t i = 0; i < spelling.size(); ++i) {
    if (!is_letter(spelling[i])) {
      continue;
    }
    if (letter % 4 == 0) {
      mask += '0';
    }
    if (spelling[i] != matched[i]) {
      const int digit = hex_value(mask.back()) | (1 << (letter % 4));
      mask.back() = "0123456789abcdef"[digit];
    }
    ++letter;
  }
  while (!mask.empty() && mask.back() == '0') {
    mask.pop_back();
  }
  return mask;
}

void
apply_case_mask(std::string& text, std::string_view mask)
{
  std::size_t letter = 0;
  for (char& c : text) {
    if (!is_letter(c)) {
      continue;
    }
    const std::size_t digit = letter / 4;
    if (digit < mask.size() && (hex_value(mask[digit]) >> (letter % 4) & 1) != 0) {
      c = static_cast<char>(c ^ 0x20);
    }
    ++letter;
  }
}

Matcher::Matcher(const Profile& profile)
{
  const auto& mappings = profile.mappings();
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    add(profile, i, false);
    add(profile, i, true);
  }
  std::stable_sort(
    m_spellings.begin(), m_spellings.end(),
    [](const Spelling& a, const Spelling& b) { return a.text.size() > b.text.size(); });
  for (const Spelling& s : m_spellings) {
    const auto b0 = static_cast<unsigned char>(lower(s.text[0]));
    const auto b1 = static_cast<unsigned char>(lower(s.text[1]));
    m_pairs.set(b0 << 8 | b1);
    const char other_case = is_letter(s.text[0]) ? static_cast<char>(s.text[0] ^ 0x20) : s.text[0];
    for (char c : {s.text[0], s.windows ? other_case : s.text[0]}) {
      if (m_first_bytes.find(c) == std::string::npos) {
        m_first_bytes += c;
      }
    }
  }
}

void
Matcher::add(const Profile& profile, std::size_t mapping, bool canonical)
{
  const Mapping& m = profile.mappings()[mapping];
  const bool windows = profile.os() == Os::windows;
  for (PathStyle style : {PathStyle::raw, PathStyle::json, PathStyle::slash}) {
    if (style == PathStyle::slash && !windows) {
      continue;
    }
    Spelling s;
    s.text = spell(profile.os(), canonical ? m.canonical : m.path, style);
    s.mapping = mapping;
    s.canonical = canonical;
    s.windows = windows;
    s.style = style;
    const bool seen = std::any_of(m_spellings.begin(), m_spellings.end(),
                                  [&](const Spelling& old) { return old.text == s.text; });
    if (seen) {
      continue;
    }
    TokenFlags flags;
    flags.canonical = canonical;
    flags.windows = windows;
    flags.style = style;
    append_placeholder(s.placeholder, m.name, flags);
    prepare_quick(s);
    m_spellings.push_back(std::move(s));
  }
}

const Spelling*
Matcher::match(std::string_view text, std::size_t pos) const noexcept
{
  if (pos + 1 >= text.size() || !is_path_start(text, pos)) {
    return nullptr;
  }
  const auto b0 = static_cast<unsigned char>(lower(text[pos]));
  const auto b1 = static_cast<unsigned char>(lower(text[pos + 1]));
  if (!m_pairs.test(b0 << 8 | b1)) {
    return nullptr;
  }
  const std::string_view rest = text.substr(pos);
  const std::uint64_t word = load8(rest.data(), rest.size());
  for (const Spelling& s : m_spellings) {
    if (((word | s.fold) & s.mask) != s.quick || s.text.size() > rest.size()) {
      continue;
    }
    if (s.text.size() > 8 && !equal_tail(s, rest)) {
      continue;
    }
    if (is_path_end(text, pos + s.text.size())) {
      return &s;
    }
  }
  return nullptr;
}

} // namespace ccsync::paths
