// Reading "= value" after a secret name by hand (see assignment.hpp).
#include "secrets/assignment.hpp"

#include "secrets/text.hpp"

#include <algorithm>
#include <array>

namespace ccsync::secrets {

namespace {

// Assignment operators, longest first; then as URL-encoded JSON and forms write them.
constexpr std::array<std::string_view, 8> k_operators = {"=>",  ":=",  "=",   ":",
                                                         "%3A", "%3a", "%3D", "%3d"};

// How an escape character is written: ESC raw, or behind backslashes (\u001b, \x1b, \033, \e).
constexpr std::array<std::string_view, 4> k_escape_names = {"u001b", "x1b", "033", "e"};

// Past blanks, raw or URL-encoded ("%20").
std::size_t
skip_blanks(std::string_view s, std::size_t i)
{
  for (;;) {
    if (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    } else if (has_at(s, i, "%20")) {
      i += 3;
    } else {
      return i;
    }
  }
}

// Past a quote at `i`: behind up to 7 backslashes (JSON-escaped), or URL-encoded ("%22",
// "%27"); `i` if there is none.
std::size_t
skip_quote(std::string_view s, std::size_t i)
{
  if (has_at(s, i, "%22") || has_at(s, i, "%27")) {
    return i + 3;
  }
  std::size_t j = i;
  while (j < s.size() && j - i < 7 && s[j] == '\\') {
    ++j;
  }
  return j < s.size() && (s[j] == '"' || s[j] == '\'' || s[j] == '`') ? j + 1 : i;
}

// Length of the escape character at `pos`, raw or written out; 0 if there is none.
std::size_t
escape_length(std::string_view text, std::size_t pos)
{
  if (pos < text.size() && text[pos] == '\x1b') {
    return 1;
  }
  std::size_t slashes = 0;
  while (pos + slashes < text.size() && text[pos + slashes] == '\\' && slashes < 3) {
    ++slashes;
  }
  for (const std::string_view name : k_escape_names) {
    if (slashes > 0 && equals_folded(text, pos + slashes, name)) {
      return slashes + name.size();
    }
  }
  return 0;
}

bool
is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t
skip_scheme(std::string_view text, std::size_t i, bool& scheme)
{
  for (const std::string_view word : {"bearer", "basic", "token"}) {
    const std::size_t after = skip_blanks(text, i + word.size());
    if (equals_folded(text, i, word) && after > i + word.size() && after < text.size()) {
      scheme = true;
      return after;
    }
  }
  return i;
}

} // namespace

std::optional<Assignment>
read_operator(std::string_view text, std::size_t name_end, bool blank_operator)
{
  std::size_t i = skip_quote(text, name_end);
  if (i < text.size() && text[i] == ']') {
    ++i;
  }
  const std::size_t blanks_from = i;
  i = skip_blanks(text, i);
  const auto* const op = std::find_if(k_operators.begin(), k_operators.end(),
                                      [&](std::string_view o) { return has_at(text, i, o); });
  if (has_at(text, i, "==")) {
    return std::nullopt;
  }
  Assignment result;
  if (op != k_operators.end()) {
    result.url_encoded = op->front() == '%' || has_at(text, name_end, "%2");
    i = skip_blanks(text, i + op->size());
  } else if (!blank_operator || i == blanks_from || i >= text.size() || text[i] == '-') {
    return std::nullopt; // no operator; after a flag, the next flag is no value
  }
  const std::size_t opened = skip_quote(text, i);
  result.open = text.substr(i, opened - i);
  i = opened + sgr_length(text, opened);
  i = skip_scheme(text, i, result.scheme);
  result.value = i + sgr_length(text, i);
  return result;
}

std::size_t
sgr_length(std::string_view text, std::size_t pos)
{
  const std::size_t escape = escape_length(text, pos);
  std::size_t i = pos + escape;
  if (escape == 0 || i >= text.size() || text[i] != '[') {
    return 0;
  }
  ++i;
  while (i < text.size() && i - pos < 24 && (is_digit(text[i]) || text[i] == ';')) {
    ++i;
  }
  return i < text.size() && text[i] == 'm' ? i + 1 - pos : 0;
}

bool
sgr_before(std::string_view text, std::size_t pos)
{
  if (pos < 3 || text[pos - 1] != 'm') {
    return false;
  }
  std::size_t i = pos - 1;
  while (i > 0 && pos - i < 24 && (is_digit(text[i - 1]) || text[i - 1] == ';')) {
    --i;
  }
  if (i < 2 || text[i - 1] != '[') {
    return false;
  }
  const std::size_t bracket = i - 1;
  for (std::size_t start = bracket; start > 0 && bracket - start < 9; --start) {
    if (escape_length(text, start - 1) == bracket - (start - 1)) {
      return true;
    }
  }
  return false;
}

std::optional<std::string_view>
quoted_value(std::string_view text, std::size_t begin, std::string_view open, std::size_t window,
             std::size_t* stop)
{
  const std::size_t end = std::min(text.size(), begin + window);
  for (std::size_t j = begin; j < end; ++j) {
    if (is_blank(text[j])) {
      *stop = j;
      return std::nullopt;
    }
    if (has_at(text, j, open) && (j == begin || text[j - 1] != '\\')) {
      return text.substr(begin, j - begin);
    }
  }
  *stop = end;
  return std::nullopt;
}

std::size_t
unquoted_limit(std::string_view text, std::size_t begin, std::size_t window)
{
  const std::size_t end = std::min(text.size(), begin + window);
  for (std::size_t j = begin; j < end; ++j) {
    const char c = text[j];
    if (is_blank(c) || std::string_view("\"'`,;)]}|>").find(c) != std::string_view::npos ||
        (c == '&' && starts_parameter(text, j))) {
      return j;
    }
  }
  return end;
}

bool
takes_blank_operator(std::string_view text, std::size_t begin, std::size_t end)
{
  if (has_at(text, begin, "--") && end > begin + 2) {
    return true;
  }
  const std::size_t from = begin > 96 ? begin - 96 : 0;
  const std::string_view before = text.substr(from, begin - from);
  const std::size_t set = before.rfind(" set ");
  return set != std::string_view::npos && before.find('\n', set) == std::string_view::npos &&
         before.find("\\n", set) == std::string_view::npos;
}

std::string
percent_decode(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int high = i + 2 < text.size() && text[i] == '%' ? hex_value(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

bool
inside_arn(std::string_view text, std::size_t begin)
{
  const std::size_t from = begin > 128 ? begin - 128 : 0;
  const std::string_view before = text.substr(from, begin - from);
  const std::size_t arn = before.rfind("arn:");
  return arn != std::string_view::npos &&
         before.find_first_of(" \t\"'\\", arn) == std::string_view::npos;
}

bool
starts_parameter(std::string_view text, std::size_t pos)
{
  std::size_t i = pos + 1;
  while (i < text.size() && (is_alnum(text[i]) || text[i] == '_' || text[i] == '-')) {
    ++i;
  }
  return i > pos + 1 && i < text.size() && text[i] == '=';
}

} // namespace ccsync::secrets
