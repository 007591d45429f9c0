// Token grammar of placeholders: matching "{{!*NAME[:FLAGS]}}" at a position and writing tokens in
// their single canonical form. Translate and expand both match with match_token(), which is what
// makes the escape injective: every span that expand would interpret is escaped on push.
#include "paths/token.hpp"

namespace ccsync::paths {

namespace {

bool
is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}

bool
is_name_char(char c)
{
  return is_upper(c) || (c >= '0' && c <= '9') || c == '_';
}

bool
is_flag_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool
is_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// Length of the run of chars in `text` from `pos` that satisfy `pred`.
template <typename Pred> std::size_t
run_length(std::string_view text, std::size_t pos, Pred pred)
{
  std::size_t n = 0;
  while (pos + n < text.size() && pred(text[pos + n])) {
    ++n;
  }
  return n;
}

// Consumes `c` at the front of `rest` if present.
bool
take(std::string_view& rest, char c)
{
  if (!rest.empty() && rest.front() == c) {
    rest.remove_prefix(1);
    return true;
  }
  return false;
}

} // namespace

bool
is_valid_name(std::string_view name)
{
  return run_length(name, 0, is_name_char) == name.size() && !name.empty() && is_upper(name[0]);
}

std::optional<Token>
match_token(std::string_view text, std::size_t pos)
{
  if (text.substr(pos, 2) != "{{") {
    return std::nullopt;
  }
  Token t;
  std::size_t p = pos + 2;
  t.bangs = run_length(text, p, [](char c) { return c == '!'; });
  p += t.bangs;
  if (p >= text.size() || !is_upper(text[p])) {
    return std::nullopt;
  }
  t.name = text.substr(p, run_length(text, p, is_name_char));
  p += t.name.size();
  if (p < text.size() && text[p] == ':') {
    t.flags = text.substr(p + 1, run_length(text, p + 1, is_flag_char));
    if (t.flags.empty()) {
      return std::nullopt;
    }
    p += 1 + t.flags.size();
  }
  if (text.substr(p, 2) != "}}") {
    return std::nullopt;
  }
  t.length = p + 2 - pos;
  return t;
}

std::optional<TokenFlags>
parse_flags(std::string_view flags)
{
  TokenFlags f;
  std::string_view rest = flags;
  f.canonical = take(rest, 'r');
  f.windows = take(rest, 'w');
  if (take(rest, 'j')) {
    f.style = PathStyle::json;
  } else if (take(rest, 's')) {
    f.style = PathStyle::slash;
  }
  f.verbatim = take(rest, 'v');
  if (take(rest, 'x')) {
    if (rest.empty() || rest.back() == '0' || run_length(rest, 0, is_hex) != rest.size()) {
      return std::nullopt;
    }
    f.case_mask = std::string(rest);
    rest = {};
  }
  const bool slash_needs_windows = f.style != PathStyle::slash || f.windows;
  if (!rest.empty() || !slash_needs_windows) {
    return std::nullopt;
  }
  return f;
}

void
append_placeholder(std::string& out, std::string_view name, const TokenFlags& flags)
{
  out += "{{";
  out += name;
  std::string text;
  if (flags.canonical) {
    text += 'r';
  }
  if (flags.windows) {
    text += 'w';
  }
  if (flags.style == PathStyle::json) {
    text += 'j';
  }
  if (flags.style == PathStyle::slash) {
    text += 's';
  }
  if (flags.verbatim) {
    text += 'v';
  }
  if (!flags.case_mask.empty()) {
    text += 'x';
    text += flags.case_mask;
  }
  if (!text.empty()) {
    out += ':';
    out += text;
  }
  out += "}}";
}

void
append_escaped(std::string& out, const Token& token)
{
  out += "{{!";
  out.append(token.bangs, '!');
  out += token.name;
  if (!token.flags.empty()) {
    out += ':';
    out += token.flags;
  }
  out += "}}";
}

void
append_unescaped(std::string& out, const Token& token)
{
  out += "{{";
  out.append(token.bangs - 1, '!');
  out += token.name;
  if (!token.flags.empty()) {
    out += ':';
    out += token.flags;
  }
  out += "}}";
}

} // namespace ccsync::paths
