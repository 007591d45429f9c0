// Glob matching by backtracking over the stars (patterns are short: a few stars at most).
#include "paths/glob.hpp"

#include <string>
#include <vector>

namespace ccsync::paths {
namespace {

std::string_view
without_trailing_slashes(std::string_view text)
{
  while (text.size() > 1 && text.back() == '/') {
    text.remove_suffix(1);
  }
  return text;
}

// The position in `pattern` and `path` to return to when the last star must eat one more
// character; `crosses` is true for "**".
struct Star {
  std::size_t pattern = 0;
  std::size_t path = 0;
  bool crosses = false;
};

bool
match_from(std::string_view pattern, std::string_view path)
{
  std::size_t p = 0;
  std::size_t s = 0;
  std::vector<Star> stars;
  while (true) {
    if (p < pattern.size() && pattern[p] == '*') {
      const bool crosses = p + 1 < pattern.size() && pattern[p + 1] == '*';
      p += crosses ? 2 : 1;
      stars.push_back({p, s, crosses});
      continue;
    }
    if (s == path.size() && p == pattern.size()) {
      return true;
    }
    if (s < path.size() && p < pattern.size() &&
        (pattern[p] == path[s] || (pattern[p] == '?' && path[s] != '/'))) {
      ++p;
      ++s;
      continue;
    }
    // Let the innermost star that can still grow take one more character.
    while (!stars.empty()) {
      Star& star = stars.back();
      if (star.path < path.size() && (star.crosses || path[star.path] != '/')) {
        ++star.path;
        p = star.pattern;
        s = star.path;
        break;
      }
      stars.pop_back();
    }
    if (stars.empty()) {
      return false;
    }
  }
}

} // namespace

bool
glob_match(std::string_view pattern, std::string_view path)
{
  if (match_from(pattern, path)) {
    return true;
  }
  if (pattern.size() >= 3 && pattern.substr(pattern.size() - 3) == "/**" &&
      glob_match(pattern.substr(0, pattern.size() - 3), path)) {
    return true;
  }
  // "/**/" also stands for no directory at all: "/a/**/b" matches "/a/b".
  for (auto at = pattern.find("/**/"); at != std::string_view::npos;
       at = pattern.find("/**/", at + 1)) {
    const std::string collapsed =
      std::string(pattern.substr(0, at)) + std::string(pattern.substr(at + 3));
    if (glob_match(collapsed, path)) {
      return true;
    }
  }
  return false;
}

bool
glob_covers(std::string_view pattern, std::string_view path)
{
  pattern = without_trailing_slashes(pattern);
  path = without_trailing_slashes(path);
  if (pattern.empty() || path.empty()) {
    return false;
  }
  for (std::string_view dir = path;;) {
    if (glob_match(pattern, dir)) {
      return true;
    }
    const auto slash = dir.rfind('/');
    if (slash == std::string_view::npos || slash == 0) {
      return false; // the root itself is never a project
    }
    dir = dir.substr(0, slash);
  }
}

} // namespace ccsync::paths
