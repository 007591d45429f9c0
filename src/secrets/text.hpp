// Byte helpers for text that may be JSON-escaped once or twice, as secrets are inside transcript
// lines: ASCII classes and case folding, and the decoding of escapes. Internal to the module.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ccsync::secrets {

inline bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}
inline bool
is_lower(char c)
{
  return c >= 'a' && c <= 'z';
}
inline bool
is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}
inline bool
is_alpha(char c)
{
  return is_lower(c) || is_upper(c);
}
inline bool
is_alnum(char c)
{
  return is_alpha(c) || is_digit(c);
}
inline char
fold(char c)
{
  return is_upper(c) ? static_cast<char>(c + ('a' - 'A')) : c;
}

// True if `text` holds `lower` at `pos`, ASCII letters compared without case. `lower` must be
// lowercase; false when it does not fit. Inline: the keyword probes call it at every hit.
inline bool
equals_folded(std::string_view text, std::size_t pos, std::string_view lower)
{
  if (pos > text.size() || text.size() - pos < lower.size()) {
    return false;
  }
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (fold(text[pos + i]) != lower[i]) {
      return false;
    }
  }
  return true;
}

// True if `text` holds `literal` at `pos` (false when it does not fit).
inline bool
has_at(std::string_view text, std::size_t pos, std::string_view literal)
{
  return pos <= text.size() && text.substr(pos, literal.size()) == literal;
}

// The value of the hex digit `c` (either case), or -1.
int hex_value(char c);

// `text` with JSON escapes decoded, repeatedly, until none is left: "\\n" -> "\n" -> newline,
// "\u003d" -> "=". Sequences that are not valid escapes stay as they are. A secret and its
// JSON-escaped forms (one or two levels) decode to the same bytes.
std::string unescape(std::string_view text);

// Length of the escape at `pos` that stands for a character secrets may contain: "\/" or
// "\uXXXX" behind one to three backslashes (one or two levels of escaping). 0 if there is none.
std::size_t value_escape_length(std::string_view text, std::size_t pos);

} // namespace ccsync::secrets
