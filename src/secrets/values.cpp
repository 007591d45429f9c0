// Value tests for the secret scanner. They decide the false positives, so each rule is small and
// named; the unit tests hold examples for each.
#include "secrets/values.hpp"

#include "secrets/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace ccsync::secrets {

namespace {

// Lowercase words that, anywhere in a value, mark it as a stand-in.
constexpr std::array<std::string_view, 13> k_placeholder_words = {
  "xxxx", "****",        "....",  "changeme", "change_me", "change-me",   "redacted",
  "your", "placeholder", "dummy", "<",        ">",         "\xE2\x80\xA6"};

std::string
lowercase(std::string_view value)
{
  std::string out(value);
  std::transform(out.begin(), out.end(), out.begin(), fold);
  return out;
}

// The longest run of one repeated character, base64's '/', '+' and '=' aside (an AWS session
// token holds "//////////", and is no mask).
std::size_t
longest_run(std::string_view value)
{
  std::size_t best = 0;
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    run = i > 0 && value[i] == value[i - 1] ? run + 1 : 1;
    if (std::string_view("/+=").find(value[i]) == std::string_view::npos) {
      best = std::max(best, run);
    }
  }
  return best;
}

// An identifier as variables are named: lowercase or uppercase words, digits and '_' ("db_pass",
// "DB_PASS"); mixed case with digits reads as a password ("ecretPa55").
bool
is_variable_name(std::string_view name)
{
  const bool lower = std::all_of(name.begin(), name.end(),
                                 [](char c) { return is_lower(c) || is_digit(c) || c == '_'; });
  const bool upper = std::all_of(name.begin(), name.end(),
                                 [](char c) { return is_upper(c) || is_digit(c) || c == '_'; });
  return !name.empty() && !is_digit(name.front()) && (lower || upper);
}

bool
starts_like_reference(std::string_view value)
{
  if (value.empty()) {
    return false;
  }
  switch (value.front()) {
  case '$': // $X, ${X}, $(cmd), $env:X
    return value.size() == 1 || value[1] == '{' || value[1] == '(' ||
           is_variable_name(value.substr(1)) || value.starts_with("$env:");
  case '%': // %X%
    return value.size() > 2 && value.back() == '%' &&
           is_variable_name(value.substr(1, value.size() - 2));
  case '@': // @variable, @Annotation
    return is_variable_name(value.substr(1)) || is_pure_words(value.substr(1));
  case '*': // a mask
    return std::all_of(value.begin(), value.end(), [](char c) { return c == '*'; });
  case '{': // templates
  case '<': // markup
  case '[': return true;
  default: return false;
  }
}

// True if "example" in `lower` reads as the word: at an end of the value (AWS's
// "...EXAMPLEKEY" included) or next to a separator, not inside random characters.
bool
says_example(std::string_view lower)
{
  constexpr std::string_view word = "example";
  for (std::size_t at = lower.find(word); at != std::string_view::npos;
       at = lower.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    const std::string_view after = lower.substr(end);
    if (at == 0 || !is_alnum(lower[at - 1]) || after.empty() || after == "key" ||
        !is_alnum(after.front())) {
      return true;
    }
  }
  return false;
}

int
base64_value(char c)
{
  if (is_upper(c)) {
    return c - 'A';
  }
  if (is_lower(c)) {
    return c - 'a' + 26;
  }
  if (is_digit(c)) {
    return c - '0' + 52;
  }
  if (c == '+' || c == '-') {
    return 62;
  }
  if (c == '/' || c == '_') {
    return 63;
  }
  return -1;
}

} // namespace

bool
is_placeholder(std::string_view value)
{
  if (value.empty() || starts_like_reference(value) || longest_run(value) >= 6) {
    return true;
  }
  const std::string lower = lowercase(value);
  return says_example(lower) ||
         std::any_of(k_placeholder_words.begin(), k_placeholder_words.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

bool
is_pure_words(std::string_view value)
{
  bool after_separator = true;
  for (const char c : value) {
    if (is_alpha(c)) {
      after_separator = false;
    } else if (!after_separator && (c == '_' || c == '-' || c == '.' || c == ' ')) {
      after_separator = true;
    } else {
      return false;
    }
  }
  return !value.empty() && !after_separator;
}

bool
is_wordy(std::string_view value)
{
  std::size_t in_words = 0;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t j = i + (is_upper(value[i]) ? 1 : 0);
    while (j < value.size() && is_lower(value[j])) {
      ++j;
    }
    const std::size_t lowers = j - i - (is_upper(value[i]) ? 1 : 0);
    if (lowers >= 4) {
      in_words += j - i;
    }
    i = std::max(j, i + 1);
  }
  return in_words * 2 > value.size();
}

bool
looks_like_path(std::string_view value)
{
  if (value.empty()) {
    return false;
  }
  if (value.front() == '/' || value.starts_with("./") || value.starts_with("../") ||
      value.starts_with("~/") || value.starts_with("~\\") || value.starts_with("\\\\") ||
      value.find("://") != std::string_view::npos) {
    return true;
  }
  if (value.size() >= 3 && is_alpha(value[0]) && value[1] == ':' &&
      (value[2] == '\\' || value[2] == '/')) {
    return true;
  }
  // a/b/name.ext: a relative path with an extension of letters.
  const std::size_t slash = value.rfind('/');
  const std::size_t dot = value.rfind('.');
  if (slash == std::string_view::npos || dot == std::string_view::npos || dot < slash) {
    return false;
  }
  const std::string_view ext = value.substr(dot + 1);
  return !ext.empty() && ext.size() <= 5 && std::all_of(ext.begin(), ext.end(), is_alpha);
}

bool
is_uuid(std::string_view value)
{
  if (value.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? value[i] != '-' : !is_hex(value.substr(i, 1))) {
      return false;
    }
  }
  return true;
}

bool
is_hex(std::string_view value)
{
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return is_digit(c) || (fold(c) >= 'a' && fold(c) <= 'f');
  });
}

std::optional<std::string>
decode_base64(std::string_view value)
{
  while (!value.empty() && value.back() == '=') {
    value.remove_suffix(1);
  }
  std::string decoded;
  unsigned bits = 0;
  int count = 0;
  for (const char c : value) {
    const int v = base64_value(c);
    if (v < 0) {
      return std::nullopt;
    }
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      decoded += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return decoded;
}

bool
is_base64_of_text(std::string_view value)
{
  while (!value.empty() && value.back() == '=') {
    value.remove_suffix(1);
  }
  const auto decoded = value.size() < 16 ? std::nullopt : decode_base64(value);
  if (!decoded) {
    return false;
  }
  const bool printable = std::all_of(decoded->begin(), decoded->end(), [](char c) {
    return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t' || c == '\r';
  });
  return printable && decoded->find(' ') != std::string::npos;
}

double
entropy_bits(std::string_view value)
{
  if (value.empty()) {
    return 0.0;
  }
  std::array<std::size_t, 256> counts{};
  for (const char c : value) {
    ++counts[static_cast<unsigned char>(c)];
  }
  double bits = 0.0;
  const auto n = static_cast<double>(value.size());
  for (const std::size_t count : counts) {
    if (count > 0) {
      const double p = static_cast<double>(count) / n;
      bits -= p * std::log2(p);
    }
  }
  return bits;
}

int
char_classes(std::string_view value)
{
  bool lower = false;
  bool upper = false;
  bool digit = false;
  bool other = false;
  for (const char c : value) {
    lower = lower || is_lower(c);
    upper = upper || is_upper(c);
    digit = digit || is_digit(c);
    other = other || !is_alnum(c);
  }
  return int(lower) + int(upper) + int(digit) + int(other);
}

bool
has_mixed_case_and_digits(std::string_view value)
{
  return std::any_of(value.begin(), value.end(), is_lower) &&
         std::any_of(value.begin(), value.end(), is_upper) &&
         std::any_of(value.begin(), value.end(), is_digit);
}

} // namespace ccsync::secrets
