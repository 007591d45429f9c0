// The placeholder engine: translate (push: local paths -> "{{NAME}}") and expand (pull: the
// reverse for this machine). expand(translate(x)) == x for every byte string x on one machine.
#pragma once

#include "paths/matcher.hpp"
#include "paths/profile.hpp"
#include "paths/scan.hpp"

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::paths {

// How a Windows machine writes a path that was pushed from a POSIX machine, whose spelling says
// nothing about escaping: JSON-escaped ("C:\\x", for transcript lines) or raw ("C:\x").
enum class PathContext : unsigned char { json, raw };

class Placeholders {
public:
  explicit Placeholders(Profile profile);

  const Profile&
  profile() const noexcept
  {
    return m_profile;
  }
  const Matcher&
  matcher() const noexcept
  {
    return m_matcher;
  }

  // Appends `in` with every mapped directory replaced by its placeholder and every literal token
  // escaped to `out`. Lines are independent: translating line by line gives the same bytes.
  void translate(std::string_view in, std::string& out) const;
  std::string translate(std::string_view in) const;

  // Appends `in` with placeholders replaced by this machine's directories and escapes undone to
  // `out`. A placeholder whose NAME has no mapping here (or whose flags are unknown) is kept as is
  // and its name added to `missing`. `context` only matters on Windows (see PathContext).
  void expand(std::string_view in, std::string& out, std::set<std::string>& missing,
              PathContext context = PathContext::json) const;
  std::string expand(std::string_view in, std::set<std::string>* missing = nullptr) const;

  // The machine-independent key of the local directory `local` (for example a session's cwd):
  // its placeholder form without flags and with '/' after the placeholder, so that the same
  // project gives the same key on every machine ("{{HOME}}/src/app").
  std::string portable_path(std::string_view local) const;

  // The local directory of a key made by portable_path() (configured spellings, raw separators),
  // or nothing, with the unmapped names added to `missing`.
  std::optional<std::string> local_path(std::string_view portable,
                                        std::set<std::string>& missing) const;

private:
  std::size_t emit_placeholder(std::string_view in, std::size_t pos, const Spelling& s,
                               std::string& out) const;
  std::size_t expand_placeholder(std::string_view in, std::size_t pos, const Token& t,
                                 std::string& out, std::set<std::string>& missing,
                                 PathContext context) const;
  const std::string& spelled(std::size_t mapping, bool canonical, PathStyle style) const;

  Profile m_profile;
  Matcher m_matcher;
  ByteFinder m_translate_finder; // first bytes of spellings and '{'
  ByteFinder m_expand_finder;    // '{'
  // Per mapping: [canonical][style] spellings, so expand does not allocate per placeholder.
  std::vector<std::array<std::array<std::string, 3>, 2>> m_spelled;
};

// Adds the NAME of every placeholder (not escaped text) in the translated `text` to `names`.
void collect_placeholder_names(std::string_view text, std::set<std::string>& names);

} // namespace ccsync::paths
