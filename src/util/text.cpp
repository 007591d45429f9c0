// Pure string helpers: edit distance, URL redaction, slugs, time formatting.
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <numeric>

namespace ccsync::util {

std::size_t
edit_distance(std::string_view a, std::string_view b)
{
  // Optimal string alignment: Levenshtein plus the swap of two neighbours as one edit, so that
  // "lsit" is one edit from "list" (and not as near to "init").
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  std::iota(d[0].begin(), d[0].end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string
nearest(std::string_view word, const std::vector<std::string>& candidates)
{
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string
redact_url(std::string_view url)
{
  const auto scheme_end = url.find("://");
  const std::size_t authority = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", authority);
  const auto at =
    url.rfind('@', authority_end == std::string_view::npos ? url.size() : authority_end);
  if (scheme_end == std::string_view::npos || at == std::string_view::npos || at < authority) {
    return std::string(url);
  }
  return std::string(url.substr(0, authority)) + "***" + std::string(url.substr(at));
}

std::string
slugify(std::string_view text)
{
  std::string slug;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') {
    slug.pop_back();
  }
  return slug.substr(0, 63);
}

bool
is_valid_machine_id(std::string_view id)
{
  return !id.empty() && slugify(id) == id;
}

std::string
format_utc(std::chrono::system_clock::time_point time)
{
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return std::string(buffer, length);
}

std::string
format_epoch(std::int64_t seconds)
{
  return format_utc(std::chrono::system_clock::from_time_t(static_cast<std::time_t>(seconds)));
}

std::optional<std::int64_t>
parse_utc(std::string_view text)
{
  std::tm parts{};
  char zone = 0;
  const std::string copy(text);
  // NOLINTBEGIN(cert-err34-c): a field of 2 or 4 digits cannot overflow; the count is checked
  const int fields =
    std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &parts.tm_year, &parts.tm_mon,
                &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &zone);
  // NOLINTEND(cert-err34-c)
  if (fields != 7 || zone != 'Z' || copy.size() != 20) {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&parts));
}

std::optional<std::int64_t>
parse_utc_lenient(std::string_view text)
{
  if (text.size() > 20 && text[19] == '.' && text.back() == 'Z') {
    return parse_utc(std::string(text.substr(0, 19)) + "Z");
  }
  return parse_utc(text);
}

std::string
relative_time(std::int64_t seconds_ago)
{
  if (seconds_ago < 60) {
    return "just now";
  }
  if (seconds_ago < 3600) {
    return std::to_string(seconds_ago / 60) + " min ago";
  }
  if (seconds_ago < std::int64_t{2} * 86400) {
    return std::to_string(seconds_ago / 3600) + " h ago";
  }
  return std::to_string(seconds_ago / 86400) + " days ago";
}

std::string
human_size(std::uint64_t bytes)
{
  if (bytes < 1024) {
    return std::to_string(bytes) + " B";
  }
  const char* units[] = {"KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(units)) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  static_cast<void>(std::snprintf(text, sizeof text, "%.1f %s", value,
                                  units[unit])); // fits: 2^64 B is 16777216.0 TB
  return text;
}

std::string
counted(std::size_t n, std::string_view noun, std::string_view plural)
{
  const std::string many = plural.empty() ? std::string(noun) + "s" : std::string(plural);
  return std::to_string(n) + " " + (n == 1 ? std::string(noun) : many);
}

std::string
utf8_prefix(std::string_view text, std::size_t max_bytes)
{
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  std::size_t end = max_bytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the character that was cut.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
    --end;
  }
  return std::string(text.substr(0, end));
}

std::string
percent_encode(std::string_view text)
{
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4U];
      out += k_hex[u & 0xFU];
    }
  }
  return out;
}

std::optional<std::string>
percent_decode(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || std::isxdigit(static_cast<unsigned char>(text[i + 1])) == 0 ||
        std::isxdigit(static_cast<unsigned char>(text[i + 2])) == 0) {
      return std::nullopt;
    }
    out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

std::uint64_t
stable_hash(std::string_view text)
{
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return hash;
}

} // namespace ccsync::util
