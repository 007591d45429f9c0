// Secrets recognised by what surrounds them: the value of a secret-like name ("DB_PASSWORD=",
// "\"api_key\": \"", "Authorization: Bearer "), a Bearer value, the password of a URL. The name
// decides the family (names.cpp); the value must look like a secret of that family (values.cpp).
#include "secrets/assignment.hpp"
#include "secrets/detect.hpp"
#include "secrets/kind.hpp"
#include "secrets/names.hpp"
#include "secrets/patterns.hpp"
#include "secrets/text.hpp"
#include "secrets/values.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace ccsync::secrets {

namespace {

// Longest value after a name or a scheme.
constexpr std::size_t k_value_window = 4096;
constexpr std::size_t k_min_assigned = 8; // shorter values are placeholders or examples
constexpr std::size_t k_min_random = 20;  // for names that say little (key, credential)
constexpr std::size_t k_min_bearer = 12;
constexpr std::size_t k_min_url_password = 6;
constexpr double k_min_entropy = 3.5; // bits per byte; random base62 of 20 bytes has about 4

// Secret words, the offset of the prefilter's byte pair in each, and what may follow the word
// when a name ends with it (classify_name looks at names that end with a secret word only:
// "pass" ends "password", "token" ends nothing longer).
struct Keyword {
  std::string_view word;
  std::size_t pair;
  std::array<std::string_view, 4> tails;
};
constexpr std::array<Keyword, 7> k_keywords = {{{"key", 0, {""}},
                                                {"token", 2, {""}},
                                                {"secret", 2, {""}},
                                                {"cred", 0, {"", "s", "ential", "entials"}},
                                                {"pass", 2, {"", "word", "wd", "phrase"}},
                                                {"pwd", 0, {""}},
                                                {"authorization", 6, {""}}}};

// Passwords that documentation and examples put in URLs.
constexpr std::array<std::string_view, 16> k_url_placeholders = {
  "password", "passwd", "pass",  "pwd",  "secret",   "changeme", "username", "user",
  "admin",    "root",   "guest", "test", "postgres", "mysql",    "redis",    "token"};

// True if `keyword` at `begin` may end a name: one of its tails follows, then no letter or
// digit. A keyword inside a longer word ("tokens", "keyboard", "passed") is no secret name, and
// is not worth reading the name for.
bool
ends_name(std::string_view text, std::size_t begin, const Keyword& keyword)
{
  const std::size_t end = begin + keyword.word.size();
  for (std::size_t i = 0; i < keyword.tails.size() && (i == 0 || !keyword.tails[i].empty()); ++i) {
    const std::string_view tail = keyword.tails[i];
    const std::size_t after = end + tail.size();
    if ((tail.empty() || equals_folded(text, end, tail)) &&
        (after >= text.size() || !is_alnum(text[after]))) {
      return true;
    }
  }
  return false;
}

bool
is_keyword_at(std::string_view text, std::size_t pos)
{
  const char first = fold(text[pos]);
  const char second = pos + 1 < text.size() ? fold(text[pos + 1]) : '\0';
  return std::any_of(k_keywords.begin(), k_keywords.end(), [&](const Keyword& k) {
    return k.word[k.pair] == first && k.word[k.pair + 1] == second && pos >= k.pair &&
           equals_folded(text, pos - k.pair, k.word) && ends_name(text, pos - k.pair, k);
  });
}

bool
is_code_reference(std::string_view value)
{
  // TypeScript's "process.env.TOKEN!", and words that base64 padding would not make a secret.
  while (!value.empty() && (value.back() == '!' || value.back() == '?' || value.back() == '=')) {
    value.remove_suffix(1);
  }
  return is_pure_words(value);
}

// Values that name or publish, never hold, a secret: an AWS ARN ("arn:aws:secretsmanager:..."),
// a Stripe publishable key (public by design).
bool
is_public_identifier(std::string_view value)
{
  return value.starts_with("arn:") || value.starts_with("pk_live_") ||
         value.starts_with("pk_test_");
}

bool
looks_assigned(std::string_view value)
{
  if (is_public_identifier(value)) {
    return false;
  }
  return value.size() >= k_min_assigned && !is_placeholder(value) && !is_code_reference(value) &&
         !looks_like_path(value) && !is_uuid(value);
}

bool
looks_random(std::string_view value)
{
  if (is_public_identifier(value)) {
    return false;
  }
  const bool digits = std::any_of(value.begin(), value.end(), is_digit);
  const bool letters = std::any_of(value.begin(), value.end(), is_alpha);
  return value.size() >= k_min_random && digits && letters && !is_placeholder(value) &&
         !looks_like_path(value) && !is_uuid(value) && !is_hex(value) && !is_wordy(value) &&
         !is_base64_of_text(value) && entropy_bits(value) >= k_min_entropy;
}

bool
is_aws_secret(std::string_view value)
{
  return value.size() == 40 && !is_placeholder(value) &&
         std::all_of(value.begin(), value.end(),
                     [](char c) { return is_alnum(c) || c == '/' || c == '+'; });
}

// The family of `value` (unescaped) assigned to a name of class `name`, if it is a secret.
std::optional<Kind>
assigned_kind(NameClass name, bool has_scheme, std::string_view value)
{
  if (has_scheme || name == NameClass::authorization) {
    return looks_assigned(value) ? std::optional(Kind::bearer) : std::nullopt;
  }
  switch (name) {
  case NameClass::password:
    return looks_assigned(value) ? std::optional(Kind::password) : std::nullopt;
  case NameClass::aws_secret:
    if (is_aws_secret(value)) {
      return Kind::aws_secret_key;
    }
    [[fallthrough]];
  case NameClass::token:
    return looks_assigned(value) && !is_wordy(value) ? std::optional(Kind::token) : std::nullopt;
  case NameClass::generic:
    return looks_random(value) ? std::optional(Kind::high_entropy) : std::nullopt;
  default: return std::nullopt;
  }
}

// The value span of an unquoted value: up to a separator or the next query parameter, nothing if
// it is an expression ("getpass()", "env['X']", "<%= x %>"). Returns its length.
std::optional<std::size_t>
unquoted_length(std::string_view value)
{
  std::size_t n = std::min(value.find_first_of(",;)]}|>"), value.size());
  for (std::size_t amp = value.find('&'); amp < n; amp = value.find('&', amp + 1)) {
    if (starts_parameter(value, amp)) {
      n = amp;
      break;
    }
  }
  if (value.substr(0, n).find_first_of("([{<") != std::string_view::npos) {
    return std::nullopt;
  }
  while (n > 0 && value[n - 1] == '.') { // the end of a sentence
    --n;
  }
  return n;
}

// True for a quoted value that is a JSON document or array (a value of its own, not a secret).
bool
is_document(std::string_view plain)
{
  return plain.size() >= 2 && ((plain.front() == '{' && plain.back() == '}') ||
                               (plain.front() == '[' && plain.back() == ']'));
}

// The value of `assignment`, quoted or not (nothing if it has none), and where reading it stopped
// (no later name starts before: each byte is read once).
std::optional<std::string_view>
value_of(std::string_view text, const Assignment& assignment, std::size_t& stop)
{
  if (!assignment.open.empty()) {
    const auto value = quoted_value(text, assignment.value, assignment.open, k_value_window, &stop);
    if (value) {
      stop = assignment.value + value->size();
    }
    return value;
  }
  stop = unquoted_limit(text, assignment.value, k_value_window);
  std::string_view run;
  if (!match_whole(patterns().value_run, text.substr(0, stop), assignment.value, k_value_window,
                   run)) {
    return std::nullopt;
  }
  const auto length = unquoted_length(run);
  return length ? std::optional(run.substr(0, *length)) : std::nullopt;
}

// Reads the value of `assignment` (after a name of class `name`) and records it if it is a
// secret.
void
read_assignment(ScanState& state, const Assignment& assignment, NameClass name)
{
  const std::string_view text = state.text;
  std::size_t stop = assignment.value;
  const auto value = value_of(text, assignment, stop);
  state.name_end = std::max(state.name_end, stop);
  if (!value || value->empty()) {
    return;
  }
  const std::string plain =
    assignment.url_encoded ? percent_decode(unescape(*value)) : unescape(*value);
  const auto kind =
    is_document(plain) ? std::nullopt : assigned_kind(name, assignment.scheme, plain);
  if (kind) {
    const std::size_t begin = offset_in(text, *value);
    state.add(begin, begin + value->size(), *kind);
  }
}

} // namespace

void
probe_keyword(ScanState& state, std::size_t pos)
{
  if (pos < state.name_end || !is_keyword_at(state.text, pos)) {
    return;
  }
  const Name name = read_name(state.text, pos);
  state.name_end = name.end;
  const auto assignment =
    read_operator(state.text, name.end, takes_blank_operator(state.text, name.begin, name.end));
  if (!assignment) {
    return;
  }
  if (name.begin >= k_marker_prefix.size() &&
      has_at(state.text, name.begin - k_marker_prefix.size(), k_marker_prefix)) {
    return; // our own marker
  }
  const NameClass cls = classify_name(state.text.substr(name.begin, name.end - name.begin));
  if (cls != NameClass::none && !inside_arn(state.text, name.begin)) {
    read_assignment(state, *assignment, cls);
  }
}

void
probe_bearer(ScanState& state, std::size_t pos)
{
  if (!equals_folded(state.text, pos, "bearer") || !starts_word(state.text, pos)) {
    return;
  }
  Match match;
  if (!match_at(patterns().bearer, state.text, pos, k_value_window, match)) {
    return;
  }
  const std::string_view value = match[1];
  const std::size_t begin = offset_in(state.text, value);
  const std::string plain = unescape(value);
  if (plain.size() >= k_min_bearer && looks_assigned(plain) &&
      ends_word(state.text, begin + value.size())) {
    state.add(begin, begin + value.size(), Kind::bearer);
  }
}

void
probe_url(ScanState& state, std::size_t pos)
{
  const std::string_view text = state.text;
  const std::size_t slash =
    pos + 1 < text.size() && text[pos + 1] == '/' ? 1 : value_escape_length(text, pos + 1);
  if (slash == 0 || text[pos + slash] != '/') {
    return;
  }
  std::size_t scheme = pos;
  while (scheme > 0 && pos - scheme < 32 &&
         (is_alnum(text[scheme - 1]) ||
          std::string_view("+.-").find(text[scheme - 1]) != std::string_view::npos)) {
    --scheme;
  }
  while (scheme < pos && !is_alpha(text[scheme])) {
    ++scheme;
  }
  Match match;
  if (scheme == pos || !match_at(patterns().url_credentials, text, scheme, k_value_window, match)) {
    return;
  }
  const std::string password = unescape(match[2]);
  const bool placeholder = std::find(k_url_placeholders.begin(), k_url_placeholders.end(),
                                     password) != k_url_placeholders.end();
  if (password.size() < k_min_url_password || placeholder || is_placeholder(password) ||
      password == unescape(match[1])) {
    return;
  }
  const std::size_t begin = offset_in(text, match[2]);
  state.add(begin, begin + match[2].size(), Kind::connection_string);
}

} // namespace ccsync::secrets
