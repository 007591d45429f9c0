// Reading and classifying secret-like identifiers. The last word decides: names that end in a
// secret word carry a secret, names that merely contain one ("password_hash", "token_type",
// "max_tokens") do not.
#include "secrets/names.hpp"

#include "secrets/text.hpp"

#include <algorithm>
#include <array>

namespace ccsync::secrets {

namespace {

constexpr std::size_t k_max_name_side = 64;

bool
is_name_byte(char c)
{
  return is_alnum(c) || c == '_' || c == '-' || c == '.';
}

// The words of a name, as views into it: split at non-alphanumerics and camelCase
// ("APIKey" -> API, Key). Fixed capacity, no allocation: this runs for every keyword hit.
class Words {
public:
  explicit Words(std::string_view name);

  std::size_t
  size() const noexcept
  {
    return m_count;
  }
  std::string_view
  from_end(std::size_t i) const noexcept
  {
    return i < m_count ? m_items[m_count - 1 - i] : std::string_view();
  }
  bool contains(std::string_view lower) const noexcept;

  // Splits the last word at a known suffix: "apikey" -> "api", "key".
  void split_last(const std::string_view* suffixes, std::size_t count) noexcept;

private:
  void push(std::string_view word) noexcept;

  std::array<std::string_view, 24> m_items{};
  std::size_t m_count = 0;
};

bool
word_is(std::string_view word, std::string_view lower)
{
  return word.size() == lower.size() && equals_folded(word, 0, lower);
}

Words::Words(std::string_view name)
{
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    const bool end = i == name.size() || !is_alnum(name[i]);
    const bool lower_to_upper =
      !end && i > start && is_upper(name[i]) && (is_lower(name[i - 1]) || is_digit(name[i - 1]));
    const bool acronym_end = !end && i > start && is_upper(name[i]) && is_upper(name[i - 1]) &&
                             i + 1 < name.size() && is_lower(name[i + 1]);
    if (end || lower_to_upper || acronym_end) {
      if (i > start) {
        push(name.substr(start, i - start));
      }
      start = end ? i + 1 : i;
    }
  }
}

void
Words::push(std::string_view word) noexcept
{
  if (m_count == m_items.size()) { // keep the last words
    std::move(m_items.begin() + 1, m_items.end(), m_items.begin());
    --m_count;
  }
  m_items[m_count++] = word;
}

bool
Words::contains(std::string_view lower) const noexcept
{
  return std::any_of(m_items.begin(), m_items.begin() + static_cast<std::ptrdiff_t>(m_count),
                     [&](std::string_view w) { return word_is(w, lower); });
}

void
Words::split_last(const std::string_view* suffixes, std::size_t count) noexcept
{
  if (m_count == 0) {
    return;
  }
  const std::string_view last = m_items[m_count - 1];
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view suffix = suffixes[i];
    if (last.size() > suffix.size() && equals_folded(last, last.size() - suffix.size(), suffix)) {
      m_items[m_count - 1] = last.substr(0, last.size() - suffix.size());
      push(last.substr(last.size() - suffix.size()));
      return;
    }
  }
}

template <std::size_t N> bool
one_of(std::string_view word, const std::array<std::string_view, N>& set)
{
  return std::any_of(set.begin(), set.end(), [&](std::string_view s) { return word_is(word, s); });
}

constexpr std::array<std::string_view, 5> k_password_words = {"password", "passwd", "pwd", "pass",
                                                              "passphrase"};
constexpr std::array<std::string_view, 5> k_token_secret_prefixes = {"client", "app", "consumer",
                                                                     "api", "oauth"};
constexpr std::array<std::string_view, 12> k_token_key_prefixes = {
  "api",    "secret", "access",  "private", "signing", "encryption",
  "master", "auth",   "service", "license", "app",     "client"};
constexpr std::array<std::string_view, 4> k_generic_words = {"credential", "credentials", "cred",
                                                             "creds"};
// Words before "key" that make it no secret: public keys and the keys of caches, maps and
// tables ("publicKey", "cacheKey", "partition_key", "idempotency-key").
constexpr std::array<std::string_view, 16> k_not_secret_key_prefixes = {
  "public", "pub",  "cache",  "sort",        "partition", "primary", "foreign", "lookup",
  "map",    "hash", "object", "idempotency", "dedupe",    "row",     "shard",   "routing"};
// Suffixes that split one word ("apikey" -> api + key, "dbpassword" -> db + password).
constexpr std::array<std::string_view, 6> k_split_suffixes = {"password", "passwd", "passphrase",
                                                              "secret",   "token",  "key"};

// Words a secret name can end with (classify_words looks at nothing else first).
constexpr std::array<std::string_view, 15> k_last_words = {
  "authorization", "password", "passwd", "pwd",   "pass",       "passphrase",  "token",   "apikey",
  "secret",        "key",      "cred",   "creds", "credential", "credentials", "key_base"};

// True if the last run of letters and digits of `name` ends with one of k_last_words: a cheap
// test that spares most names ("input_tokens", "keyboard") the split into words.
bool
may_be_secret_name(std::string_view name)
{
  while (!name.empty() && !is_alnum(name.back())) {
    name.remove_suffix(1);
  }
  return std::any_of(k_last_words.begin(), k_last_words.end(), [&](std::string_view word) {
    return name.size() >= word.size() && equals_folded(name, name.size() - word.size(), word);
  });
}

NameClass
classify_words(const Words& words)
{
  const std::string_view last = words.from_end(0);
  const std::string_view prev = words.from_end(1);
  if (word_is(last, "authorization")) {
    return NameClass::authorization;
  }
  if (one_of(last, k_password_words)) {
    return NameClass::password;
  }
  if (word_is(last, "base") && word_is(prev, "key") && words.contains("secret")) {
    return NameClass::token; // Rails' secret_key_base
  }
  if (word_is(last, "token") || word_is(last, "apikey")) {
    return NameClass::token;
  }
  if (word_is(last, "secret")) {
    if (one_of(prev, k_token_secret_prefixes)) {
      return NameClass::token;
    }
    return words.contains("aws") ? NameClass::aws_secret : NameClass::password;
  }
  if (word_is(last, "key")) {
    if (one_of(prev, k_not_secret_key_prefixes)) {
      return NameClass::none;
    }
    if (words.contains("secret") && (words.contains("aws") || words.contains("access"))) {
      return NameClass::aws_secret;
    }
    return one_of(prev, k_token_key_prefixes) ? NameClass::token : NameClass::generic;
  }
  return one_of(last, k_generic_words) ? NameClass::generic : NameClass::none;
}

} // namespace

Name
read_name(std::string_view text, std::size_t pos)
{
  Name name{pos, pos};
  const std::size_t min_begin = pos > k_max_name_side ? pos - k_max_name_side : 0;
  while (name.begin > min_begin && is_name_byte(text[name.begin - 1])) {
    --name.begin;
  }
  const std::size_t max_end = std::min(text.size(), pos + k_max_name_side);
  while (name.end < max_end && is_name_byte(text[name.end])) {
    ++name.end;
  }
  // "\nTOKEN" or "\tkey": the letter belongs to the escape.
  if (name.begin > 0 && text[name.begin - 1] == '\\' && name.begin < pos &&
      std::string_view("nrtbf").find(text[name.begin]) != std::string_view::npos) {
    ++name.begin;
  }
  return name;
}

NameClass
classify_name(std::string_view name)
{
  if (!may_be_secret_name(name)) {
    return NameClass::none;
  }
  Words words(name);
  if (words.size() == 0) {
    return NameClass::none;
  }
  words.split_last(k_split_suffixes.data(), k_split_suffixes.size());
  return classify_words(words);
}

} // namespace ccsync::secrets
