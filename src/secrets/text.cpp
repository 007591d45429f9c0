// JSON escape decoding for secrets found in transcript lines. Decoding runs until nothing is left
// to decode so that the raw, the once-escaped and the twice-escaped spelling of one secret give
// the same bytes (and so the same redaction marker and the same allowlist verdict).
#include "secrets/text.hpp"

#include <cstdint>

namespace ccsync::secrets {

namespace {

// The code unit of "\uXXXX" at `pos` (which holds the backslash), or -1.
std::int32_t
unicode_unit(std::string_view text, std::size_t pos)
{
  if (pos + 6 > text.size() || text[pos + 1] != 'u') {
    return -1;
  }
  std::int32_t unit = 0;
  for (std::size_t i = pos + 2; i < pos + 6; ++i) {
    const int digit = hex_value(text[i]);
    if (digit < 0) {
      return -1;
    }
    unit = unit * 16 + digit;
  }
  return unit;
}

void
append_utf8(std::string& out, std::uint32_t cp)
{
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the "\u" escape at `pos` (a surrogate pair counts as one) into `out`; returns the bytes
// consumed, 0 if it is not a valid escape.
std::size_t
decode_unicode(std::string_view text, std::size_t pos, std::string& out)
{
  const std::int32_t unit = unicode_unit(text, pos);
  if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) {
    return 0;
  }
  if (unit < 0xD800 || unit > 0xDBFF) {
    append_utf8(out, static_cast<std::uint32_t>(unit));
    return 6;
  }
  const std::int32_t low =
    pos + 7 < text.size() && text[pos + 6] == '\\' ? unicode_unit(text, pos + 6) : -1;
  if (low < 0xDC00 || low > 0xDFFF) {
    return 0;
  }
  append_utf8(out, 0x10000 + ((static_cast<std::uint32_t>(unit) - 0xD800) << 10) +
                     (static_cast<std::uint32_t>(low) - 0xDC00));
  return 12;
}

char
simple_escape(char c)
{
  switch (c) {
  case '"': return '"';
  case '\\': return '\\';
  case '/': return '/';
  case 'b': return '\b';
  case 'f': return '\f';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  default: return 0;
  }
}

// One level of JSON unescaping; invalid escapes are copied as they are.
std::string
unescape_once(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    if (const char c = simple_escape(text[i + 1]); c != 0) {
      out += c;
      ++i;
    } else if (const std::size_t used = decode_unicode(text, i, out); used > 0) {
      i += used - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

} // namespace

int
hex_value(char c)
{
  if (is_digit(c)) {
    return c - '0';
  }
  const char f = fold(c);
  return f >= 'a' && f <= 'f' ? f - 'a' + 10 : -1;
}

std::string
unescape(std::string_view text)
{
  std::string current(text);
  while (current.find('\\') != std::string::npos) {
    std::string next = unescape_once(current);
    if (next == current) {
      break;
    }
    current = std::move(next);
  }
  return current;
}

std::size_t
value_escape_length(std::string_view text, std::size_t pos)
{
  std::size_t slashes = 0;
  while (pos + slashes < text.size() && text[pos + slashes] == '\\' && slashes < 4) {
    ++slashes;
  }
  if (slashes == 0 || slashes > 3 || pos + slashes >= text.size()) {
    return 0;
  }
  const std::size_t at = pos + slashes;
  if (text[at] == '/') {
    return slashes + 1;
  }
  const std::int32_t unit = unicode_unit(text, at - 1);
  const bool printable = unit > 0x20 && unit < 0x7F && unit != '"' && unit != '\\' && unit != '\'';
  return printable ? slashes + 5 : 0;
}

} // namespace ccsync::secrets
