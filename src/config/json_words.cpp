// JSON problems in ccsync's words: see json_words.hpp.
#include "config/json_words.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace ccsync::config {
namespace {

// What the scan of the text up to the offending byte found.
struct Scan {
  bool in_string = false;
  std::size_t string_start = 0; // where the string it is in began
  int depth = 0;                // open '{' and '['
  std::string open;             // the '{' and '[' not closed yet, innermost last
  bool opened = false;          // a '{' or '[' was seen
  char last = 0; // the last byte outside strings that is not white space ('"' after a string)
};

Scan
scan_until(std::string_view text, std::size_t end)
{
  Scan scan;
  bool escaped = false;
  for (std::size_t i = 0; i < end && i < text.size(); ++i) {
    const char c = text[i];
    if (scan.in_string) {
      scan.in_string = escaped || c != '"';
      escaped = !escaped && c == '\\';
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      continue;
    }
    scan.in_string = c == '"';
    scan.string_start = i;
    scan.depth += (c == '{' || c == '[') ? 1 : (c == '}' || c == ']') ? -1 : 0;
    scan.opened = scan.opened || c == '{' || c == '[';
    if (c == '{' || c == '[') {
      scan.open += c;
    } else if ((c == '}' || c == ']') && !scan.open.empty()) {
      scan.open.pop_back();
    }
    scan.last = c;
  }
  return scan;
}

bool
is_word_byte(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' ||
         c == '+';
}

std::size_t
word_start(std::string_view text, std::size_t at)
{
  while (at > 0 && is_word_byte(text[at - 1])) {
    --at;
  }
  return at;
}

// true, false, null or a number: words JSON knows.
bool
is_literal(std::string_view word)
{
  return word == "true" || word == "false" || word == "null" ||
         std::isdigit(static_cast<unsigned char>(word.front())) != 0 || word.front() == '-';
}

std::string
hex_byte(char c)
{
  char text[8];
  static_cast<void>(
    std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned char>(c))); // 4 characters fit
  return text;
}

std::string
in_string_problem(std::string_view text, std::size_t at)
{
  if (at >= text.size()) {
    return "a string is not closed (a missing '\"')";
  }
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte < 0x20) {
    return "a line break or control character inside a string (write a line break as \\n)";
  }
  if (byte >= 0x80) {
    return "a byte that is not UTF-8 text (" + hex_byte(text[at]) + ") inside a string";
  }
  return "a backslash that starts no escape (write a backslash as \\\\)";
}

bool
ends_a_value(char c)
{
  return c == '"' || c == '}' || c == ']' || is_word_byte(c);
}

std::string
token_problem(std::string_view text, std::size_t at, const Scan& scan)
{
  const char c = text[at];
  if (scan.opened && scan.depth == 0) {
    return "text after the end of the configuration's last '}'";
  }
  if ((c == '}' || c == ']') && scan.last == ',') {
    return std::string("a comma before '") + c + "' (JSON allows none after the last entry)";
  }
  if ((c == '}' || c == ']') && !scan.open.empty() && (scan.open.back() == '{') != (c == '}')) {
    return std::string("'") + c + "' where '" + (scan.open.back() == '{' ? '}' : ']') +
           "' should close the " + (scan.open.back() == '{' ? "object" : "list") + " (a missing '" +
           (scan.open.back() == '{' ? '}' : ']') + "')";
  }
  if (c == '\'') {
    return "a single quote (JSON strings take double quotes)";
  }
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x80) {
    return "a byte that is not text (" + hex_byte(c) + "): the file must be UTF-8 JSON";
  }
  if ((c == '"' || c == '{' || c == '[' || is_word_byte(c)) && ends_a_value(scan.last)) {
    return std::string("a missing ',' or ':' before '") + c + "'";
  }
  if (is_word_byte(c)) {
    std::size_t end = at;
    while (end < text.size() && is_word_byte(text[end])) {
      ++end;
    }
    return "'" + std::string(text.substr(at, end - at)) +
           "' is not a value (text takes double quotes; the bare words are true, false and null)";
  }
  return std::string("unexpected '") + c + "'";
}

} // namespace

JsonProblem
json_syntax_problem(std::string_view text, std::size_t bytes_read)
{
  std::size_t at = std::min(bytes_read == 0 ? 0 : bytes_read - 1, text.size());
  const Scan read = scan_until(text, at);
  if (read.in_string && at < text.size() && text[at] == '"') {
    at = read.string_start;     // a whole string where none belongs: point at its start
  } else if (!read.in_string) { // a word the parser stopped in or after: point at its start
    const std::size_t start = word_start(text, at);
    const bool inside = at < text.size() && is_word_byte(text[at]);
    if (start < at && (inside || !is_literal(text.substr(start, at - start)))) {
      at = start;
    }
  }
  const Scan scan = scan_until(text, at);
  JsonProblem problem;
  const std::size_t end = std::min(at, text.size());
  problem.line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + end, '\n'));
  const auto line_start = text.rfind('\n', end == 0 ? 0 : end - 1);
  problem.column = line_start == std::string_view::npos || end == 0 ? end + 1 : end - line_start;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    problem.what = "the file is empty (an empty configuration is {})";
  } else if (scan.in_string) {
    problem.what = in_string_problem(text, at);
  } else if (at >= text.size()) {
    problem.what = "the text ends too early (a missing '}', ']' or value)";
  } else {
    problem.what = token_problem(text, at, scan);
  }
  return problem;
}

std::string
json_kind(const nlohmann::json& value)
{
  switch (value.type()) {
  case nlohmann::json::value_t::string: return "a string";
  case nlohmann::json::value_t::array: return "a list";
  case nlohmann::json::value_t::object: return "an object";
  case nlohmann::json::value_t::boolean: return "true or false";
  case nlohmann::json::value_t::null: return "null";
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
  case nlohmann::json::value_t::number_float: return "a number";
  default: return "a value of another kind";
  }
}

std::string
wrong_kind(const nlohmann::json& value, JsonShape shape)
{
  const char* expected = shape == JsonShape::string_map ? R"(an object of "NAME": "PATH" entries)"
                         : shape == JsonShape::string_list ? "a list of strings"
                                                           : "a string";
  std::string found = json_kind(value);
  if ((shape == JsonShape::string_map && value.is_object()) ||
      (shape == JsonShape::string_list && value.is_array())) {
    const auto bad = std::find_if(value.begin(), value.end(),
                                  [](const nlohmann::json& entry) { return !entry.is_string(); });
    if (bad != value.end()) {
      found += " with " + json_kind(*bad) + " in it";
    }
  }
  return std::string("it must be ") + expected + ", not " + found;
}

std::size_t
line_of_key(std::string_view text, std::string_view key)
{
  const std::string quoted = "\"" + std::string(key) + "\"";
  for (auto at = text.find(quoted); at != std::string_view::npos; at = text.find(quoted, at + 1)) {
    const auto next = text.find_first_not_of(" \t\r\n", at + quoted.size());
    if (next != std::string_view::npos && text[next] == ':') {
      return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
    }
  }
  return 1;
}

} // namespace ccsync::config
