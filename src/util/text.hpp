// Small pure string helpers shared by several modules.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::util {

// Edit distance between `a` and `b`, a swap of two neighbouring letters counting as one edit
// (Damerau, optimal string alignment; for "did you mean" suggestions).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, or "" when none is close enough to be a plausible typo.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// `url` with any user:password@ part replaced by "***@", safe for logs and output.
std::string redact_url(std::string_view url);

// A machine-id slug of `text`: lowercase [a-z0-9-], no leading/trailing '-', at most 63 chars.
std::string slugify(std::string_view text);

// True when `id` is a valid machine id (what slugify produces, non-empty).
bool is_valid_machine_id(std::string_view id);

// `time` as UTC ISO 8601 with seconds ("2026-11-24T15:35:29Z").
std::string format_utc(std::chrono::system_clock::time_point time);

// Seconds since the epoch as UTC ISO 8601, and back; parse_utc gives nothing for other text.
std::string format_epoch(std::int64_t seconds);
std::optional<std::int64_t> parse_utc(std::string_view text);

// An ISO 8601 UTC time with or without fractions ("2026-11-24T15:35:29.123Z") in seconds since
// the epoch; nothing for other text.
std::optional<std::int64_t> parse_utc_lenient(std::string_view text);

// How long ago, for people: "just now", "12 min ago", "3 h ago", "5 days ago".
std::string relative_time(std::int64_t seconds_ago);

// A byte count for people: "812 B", "4.2 KB", "17.0 MB", "1.3 GB" (powers of 1024).
std::string human_size(std::uint64_t bytes);

// A count with its noun: "1 session", "3 sessions", "0 sessions"; `plural` when the noun does
// not take an s ("1 entry", "2 entries").
std::string counted(std::size_t n, std::string_view noun, std::string_view plural = {});

// At most `max_bytes` of `text`, never ending inside a UTF-8 character (a title cut in the
// middle of one is not valid JSON text).
std::string utf8_prefix(std::string_view text, std::size_t max_bytes);

// FNV-1a 64 of `text`: stable across runs and builds (std::hash is not).
std::uint64_t stable_hash(std::string_view text);

// `text` with every byte that is not an ASCII letter or digit written as %XX (a file name made
// from any text), and back; percent_decode gives nothing for a malformed escape.
std::string percent_encode(std::string_view text);
std::optional<std::string> percent_decode(std::string_view text);

} // namespace ccsync::util
