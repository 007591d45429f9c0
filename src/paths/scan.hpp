// Byte classes that decide where paths start and end, and a fast search for candidate bytes.
// Internal to the paths module.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ccsync::paths {

// Bytes that continue a file name: a match must not end before one of them.
bool is_name_byte(char c) noexcept;

// Bytes of a Windows path component when converting separators ('\' and '/' excluded).
bool is_component_byte(char c) noexcept;

// True if a path may start at `pos` in `text`: at the start, after a byte that cannot be part of a
// path, after a JSON escape such as "\n" or "\t", or after "file://".
bool is_path_start(std::string_view text, std::size_t pos) noexcept;

// True if a path that ends just before `pos` ends at a boundary: the end of `text`, a separator,
// a quote, whitespace or other punctuation; a '.' counts when no name byte follows it.
bool is_path_end(std::string_view text, std::size_t pos) noexcept;

// Finds the next occurrence of any of a small set of bytes. Uses SSE2 for up to 8 distinct bytes.
class ByteFinder {
public:
  explicit ByteFinder(std::string_view needles);

  // Index of the first needle byte in `text` at or after `from`, or text.size().
  std::size_t find(std::string_view text, std::size_t from) const noexcept;

private:
  std::size_t find_table(std::string_view text, std::size_t from) const noexcept;

  std::array<bool, 256> m_table{};
  std::array<char, 8> m_needles{};
  std::size_t m_count = 0; // distinct needles; > 8 means table only
};

} // namespace ccsync::paths
