// The RE2 patterns of the scanner, compiled once per process, and a helper that runs one of them
// anchored at a candidate position over a bounded window. Every pattern accepts the raw spelling
// and the JSON-escaped spellings (one and two levels) of what it matches: escaped slashes
// ("\/", "\\/"), "\uXXXX" escapes, and "\n" or "\\n" line breaks inside PEM blocks.
// Internal to the module.
#pragma once

#include <re2/re2.h>

#include <array>
#include <cstddef>
#include <memory>
#include <string_view>

namespace ccsync::secrets {

struct Patterns {
  RE2 aws_access_key;
  RE2 github_token;
  RE2 github_pat;
  RE2 gitlab_token;
  RE2 slack_token;
  RE2 slack_webhook;
  RE2 stripe_key;
  RE2 anthropic_key;
  RE2 openai_key;
  RE2 jwt;
  RE2 pem_block;       // group 1: the block type ("RSA PRIVATE KEY"); through the END line
  RE2 pem_open;        // BEGIN line and the body that follows, for blocks without an END line
  RE2 value_run;       // an unquoted value after a name (assignment.hpp reads up to it)
  RE2 bearer;          // 1 value
  RE2 url_credentials; // from the scheme: 1 user, 2 password

  Patterns();
};

// `pattern` compiled as the scanner's patterns are (bytes, no logging); throws an internal error
// when it does not compile.
std::unique_ptr<RE2> compile_pattern(std::string_view pattern);

// The patterns, compiled on first use (thread-safe).
const Patterns& patterns();

// Submatches of an anchored match: [0] is the whole match. Views point into the scanned text.
struct Match {
  static constexpr int k_max_groups = 4;
  std::array<std::string_view, k_max_groups> groups{};

  std::string_view
  operator[](std::size_t i) const
  {
    return groups[i];
  }
};

// Matches `re` anchored at `pos` of `text`, looking at no more than `window` bytes. Fills `match`
// (group 0 and the first groups of `re`) and returns true on a match.
bool match_at(const RE2& re, std::string_view text, std::size_t pos, std::size_t window,
              Match& match);

// The first step of match_at: RE2's DFA alone finds the match anchored at `pos` (`whole`), which
// rejects almost every candidate cheaply. Returns false if there is none.
bool match_whole(const RE2& re, std::string_view text, std::size_t pos, std::size_t window,
                 std::string_view& whole);

// The second step: the groups of `re` in `whole` (a match of `re`), into `match`.
bool match_groups(const RE2& re, std::string_view whole, Match& match);

// Offset of `part` (a view into `text`) in `text`.
inline std::size_t
offset_in(std::string_view text, std::string_view part)
{
  return static_cast<std::size_t>(part.data() - text.data());
}

} // namespace ccsync::secrets
