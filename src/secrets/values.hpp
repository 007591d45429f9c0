// Tests on candidate secret values (already unescaped) that keep the scanner quiet about what is
// not a secret: placeholders, words and identifiers, paths, UUIDs, hashes, base64 of prose, and
// the measures (entropy, character classes) that tell random strings from names.
// Internal to the module.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ccsync::secrets {

// True for values that stand for a secret without being one: "xxx", "<your-key>", "${VAR}",
// "$VAR", "%VAR%", "{{...}}" (redaction markers included), "changeme", "****", "REDACTED",
// "example", "your_token_here", runs of one character...
bool is_placeholder(std::string_view value);

// True for letters only, possibly split by single '_', '-', '.' or ' ' (words, identifiers,
// dotted names such as "process.env.API_KEY").
bool is_pure_words(std::string_view value);

// True when more than half of the characters sit in runs that read like words (4+ lowercase
// letters, optionally after one capital): "user-service-2024-prod".
bool is_wordy(std::string_view value);

// True for file paths and URLs: "/x", "./x", "~/x", "C:\x", "a/b/c.txt", "https://...".
bool looks_like_path(std::string_view value);

// True for a UUID (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view value);

// True for hex digits only (git object ids, digests).
bool is_hex(std::string_view value);

// `value` decoded from base64 (standard or URL-safe alphabet; '=' padding ignored), or nothing
// if a byte is outside the alphabet.
std::optional<std::string> decode_base64(std::string_view value);

// True when `value` is base64 whose decoded bytes are printable text with spaces.
bool is_base64_of_text(std::string_view value);

// Shannon entropy of the bytes of `value`, in bits per byte.
double entropy_bits(std::string_view value);

// How many of lowercase, uppercase, digits and other bytes `value` contains (0 to 4).
int char_classes(std::string_view value);

// True if `value` has lowercase letters, uppercase letters and digits.
bool has_mixed_case_and_digits(std::string_view value);

} // namespace ccsync::secrets
