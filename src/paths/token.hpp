// The placeholder token grammar shared by translate (push) and expand (pull).
//
//   token := "{{" "!"* NAME [":" FLAGS] "}}"      NAME := [A-Z][A-Z0-9_]*
//   FLAGS := ["r"] ["w"] ["j" | "s"] ["v"] ["x" HEX+]   (this order, HEX lowercase, last digit !=
//   0)
//
// A token with no '!' is a placeholder; with k > 0 it is the escaped form of the literal text with
// k - 1. Anything after "{{" that is not a token is plain text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ccsync::paths {

// One token found in text. Views point into the scanned text.
struct Token {
  std::size_t bangs = 0;  // number of '!' after "{{"
  std::string_view name;  // NAME
  std::string_view flags; // FLAGS without ':', empty when absent
  std::size_t length = 0; // bytes from "{{" through "}}"
};

// How the separators of a matched path were written.
enum class PathStyle : unsigned char {
  raw,   // as is: '/' on POSIX, '\' on Windows
  json,  // JSON-escaped: '\\' on Windows, '\"' etc. on both
  slash, // Windows path written with '/'
};

// The decoded FLAGS of a placeholder.
struct TokenFlags {
  bool canonical = false; // r: the realpath spelling of the mapped directory matched
  bool windows = false;   // w: pushed from a Windows machine
  PathStyle style = PathStyle::raw;
  bool verbatim = false; // v: the rest of the path was left as is (not converted to '/')
  std::string case_mask; // x: hex digits; bit k set = k-th ASCII letter had flipped case

  bool operator==(const TokenFlags&) const = default;
};

// True if `name` is a valid placeholder NAME.
bool is_valid_name(std::string_view name);

// The token starting at `pos` in `text` (which must hold "{{" there), or nothing.
std::optional<Token> match_token(std::string_view text, std::size_t pos);

// Decodes FLAGS; nothing if `flags` is not in canonical form.
std::optional<TokenFlags> parse_flags(std::string_view flags);

// Appends the canonical token "{{NAME[:FLAGS]}}" for `name` and `flags` to `out`.
void append_placeholder(std::string& out, std::string_view name, const TokenFlags& flags);

// Appends `token` with one more '!' (push-side escape of literal text) to `out`.
void append_escaped(std::string& out, const Token& token);

// Appends `token` with one '!' less (pull-side unescape; `token.bangs` > 0) to `out`.
void append_unescaped(std::string& out, const Token& token);

} // namespace ccsync::paths
