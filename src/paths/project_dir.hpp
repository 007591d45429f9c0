// Claude Code's project-directory name for a working directory (claude-code.md §2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ccsync::paths {

// Names longer than this many UTF-16 code units are cut and get a hash suffix.
inline constexpr std::size_t k_project_dir_max_units = 200;

// The UTF-16 code units of `utf8`. Invalid UTF-8 is decoded the way JavaScript runtimes decode
// OS strings (WHATWG): each maximal invalid subpart becomes one U+FFFD.
std::u16string utf16_units(std::string_view utf8);

// Java's String.hashCode over `units` (h = 31 * h + unit, wrapping in 32 bits).
std::int32_t java_hash(std::u16string_view units);

// Lowercase base-36 digits of `value` ("0" for zero).
std::string base36(std::uint64_t value);

// Claude's directory name under `projects/` for the absolute, already realpath'd `cwd`: every
// UTF-16 code unit outside [A-Za-z0-9] becomes '-'; a name over 200 units is cut to 200 and gets
// '-' plus base36(|java_hash(cwd)|). No case folding, no normalisation. Never decode such a name
// back.
std::string encode_project_dir(std::string_view cwd);

} // namespace ccsync::paths
