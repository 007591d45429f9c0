// The compiled form of a profile: every spelling of every mapped directory, longest first, and
// a matcher that finds the longest one at a position. Internal to the paths module.
#pragma once

#include "paths/profile.hpp"
#include "paths/token.hpp"

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::paths {

// One way a mapped directory can be written in a transcript.
struct Spelling {
  std::string text;
  std::size_t mapping = 0; // index into Profile::mappings()
  bool canonical = false;  // realpath spelling rather than the configured one
  bool windows = false;    // ASCII letters match case-insensitively
  PathStyle style = PathStyle::raw;
  std::string placeholder; // the token for this spelling without case mask and 'v'
  // First 8 bytes for a quick reject: ((load8 | fold) & mask) == quick.
  std::uint64_t quick = 0;
  std::uint64_t fold = 0;
  std::uint64_t mask = 0;
};

// `dir` (normalised for `os`) written in `style`.
std::string spell(Os os, std::string_view dir, PathStyle style);

// Hex case mask of `matched` against `spelling` (same length, equal up to ASCII case): bit k set
// when the k-th letter differs. Empty when they are equal.
std::string case_mask(std::string_view spelling, std::string_view matched);

// Flips the case of the letters of `text` selected by the hex `mask` (see case_mask).
void apply_case_mask(std::string& text, std::string_view mask);

class Matcher {
public:
  explicit Matcher(const Profile& profile);

  // The longest spelling that matches `text` at `pos` with a path start before it and a path
  // end after it, or nullptr.
  const Spelling* match(std::string_view text, std::size_t pos) const noexcept;

  // The bytes a spelling can start with (both cases for Windows letters).
  const std::string&
  first_bytes() const noexcept
  {
    return m_first_bytes;
  }

private:
  void add(const Profile& profile, std::size_t mapping, bool canonical);

  std::vector<Spelling> m_spellings; // longest first
  std::bitset<65536> m_pairs;        // lowercased first two bytes of every spelling
  std::string m_first_bytes;
};

} // namespace ccsync::paths
