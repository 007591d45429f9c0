// Finding absolute paths that translate leaves alone, for `push --dry-run` and `doctor`. It walks
// the text like translate: a mapped directory is skipped together with the rest of its path, and
// anything else that looks like an absolute path is reported. Heuristic by nature: URLs are
// skipped ("//host"), and UNC paths are not reported.
#include "paths/uncovered.hpp"

#include "paths/scan.hpp"

#include <algorithm>
#include <map>

namespace ccsync::paths {

namespace {

bool
is_letter(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Length of a separator of `style` at `pos` ('/' always counts), 0 if none. For a POSIX path
// `style` is PathStyle::slash: a '\' there starts a JSON escape, not a separator.
std::size_t
separator_at(std::string_view text, std::size_t pos, PathStyle style)
{
  if (pos >= text.size()) {
    return 0;
  }
  if (text[pos] == '/') {
    return 1;
  }
  const std::string_view sep = style == PathStyle::json ? "\\\\" : "\\";
  return style != PathStyle::slash && text.substr(pos, sep.size()) == sep ? sep.size() : 0;
}

// Length of the rest of a path (separators and components) at `pos`.
std::size_t
tail_length(std::string_view text, std::size_t pos, PathStyle style)
{
  std::size_t q = pos;
  while (std::size_t sep = separator_at(text, q, style)) {
    q += sep;
    while (q < text.size() && is_component_byte(text[q])) {
      ++q;
    }
  }
  return q - pos;
}

// Length of the absolute path starting at `pos`, 0 if none starts there.
std::size_t
absolute_path_length(std::string_view text, std::size_t pos)
{
  std::size_t q = pos;
  PathStyle style = PathStyle::slash;
  if (text[pos] == '/') {
    if (pos + 1 >= text.size() || !is_component_byte(text[pos + 1])) {
      return 0;
    }
  } else if (is_letter(text[pos]) && pos + 2 < text.size() && text[pos + 1] == ':') {
    q = pos + 2;
    style = text.substr(q, 2) == "\\\\" ? PathStyle::json : PathStyle::raw;
    if (separator_at(text, q, style) == 0) {
      return 0;
    }
  } else {
    return 0;
  }
  q += tail_length(text, q, style);
  // A trailing '.' or ':' ends a sentence rather than the path.
  while (q > pos + 1 && (text[q - 1] == '.' || text[q - 1] == ':')) {
    --q;
  }
  return q - pos;
}

bool
is_separator(char c)
{
  return c == '/' || c == '\\';
}

// The prefix of `path` that ends after its `n`th component (all of it when it has fewer).
std::string_view
first_components(std::string_view path, std::size_t n)
{
  std::size_t pos = path.size() > 1 && path[1] == ':' ? 2 : 0;
  for (std::size_t seen = 0; pos < path.size();) {
    while (pos < path.size() && is_separator(path[pos])) {
      ++pos;
    }
    while (pos < path.size() && !is_separator(path[pos])) {
      ++pos;
    }
    if (++seen == n) {
      return path.substr(0, pos);
    }
  }
  return path;
}

} // namespace

std::string_view
top_directory(std::string_view path)
{
  return first_components(path, 1);
}

std::string_view
group_directory(std::string_view path)
{
  const std::string_view two = first_components(path, 2);
  return two.size() == path.size() ? top_directory(path) : two;
}

std::vector<UncoveredGroup>
group_uncovered(const std::vector<UncoveredReport::Entry>& entries,
                const std::function<bool(std::string_view top)>& is_real)
{
  std::map<std::string, UncoveredGroup, std::less<>> groups;
  for (const auto& entry : entries) {
    if (!is_real(top_directory(entry.path))) {
      continue;
    }
    UncoveredGroup& group = groups[std::string(group_directory(entry.path))];
    group.count += entry.count;
    group.paths.push_back(entry);
  }
  std::vector<UncoveredGroup> list;
  for (auto& [directory, group] : groups) {
    group.directory = directory;
    std::stable_sort(group.paths.begin(), group.paths.end(),
                     [](const auto& a, const auto& b) { return a.count > b.count; });
    list.push_back(std::move(group));
  }
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  return list;
}

void
UncoveredReport::add(std::string_view path)
{
  std::string key(path);
  if (auto it = m_index.find(key); it != m_index.end()) {
    ++m_entries[it->second].count;
  } else if (m_entries.size() < k_max_entries) {
    m_index.emplace(key, m_entries.size());
    m_entries.push_back(Entry{std::move(key), 1});
  } else {
    ++m_dropped;
  }
}

void
find_uncovered(const Placeholders& placeholders, std::string_view text, UncoveredReport& report)
{
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!is_path_start(text, pos)) {
      ++pos;
      continue;
    }
    if (const Spelling* s = placeholders.matcher().match(text, pos)) {
      // Skip the rest of the covered path too.
      pos += s->text.size();
      pos += tail_length(text, pos, s->windows ? s->style : PathStyle::slash);
      continue;
    }
    const std::size_t length = absolute_path_length(text, pos);
    if (length > 1 && text.substr(pos, 2) != "//") {
      report.add(text.substr(pos, length));
    }
    pos += length > 0 ? length : 1;
  }
}

} // namespace ccsync::paths
