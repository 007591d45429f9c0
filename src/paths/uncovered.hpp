// The report of absolute paths that no mapping covers: they arrive verbatim on other machines.
#pragma once

#include "paths/placeholders.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ccsync::paths {

// Distinct uncovered paths in first-seen order with how often each was seen. Memory is bounded:
// after k_max_entries distinct paths, new ones are only counted in `dropped`.
class UncoveredReport {
public:
  static constexpr std::size_t k_max_entries = 10000;

  struct Entry {
    std::string path;
    std::size_t count = 0;
  };

  void add(std::string_view path);

  const std::vector<Entry>&
  entries() const noexcept
  {
    return m_entries;
  }
  std::size_t
  dropped() const noexcept
  {
    return m_dropped;
  }

private:
  std::vector<Entry> m_entries;
  std::unordered_map<std::string, std::size_t> m_index;
  std::size_t m_dropped = 0;
};

// Adds every absolute path in the untranslated `text` that no mapping of `placeholders` covers to
// `report`: POSIX paths ("/opt/x") and Windows drive paths ("D:\x", "D:\\x", "D:/x"), as written
// (a JSON-escaped path is reported escaped). A path ends where a mapped path would end.
void find_uncovered(const Placeholders& placeholders, std::string_view text,
                    UncoveredReport& report);

// Uncovered paths under one directory (the path's first two components: "/opt/data"), for a
// report worth reading.
struct UncoveredGroup {
  std::string directory;
  std::size_t count = 0;                     // occurrences of all its paths
  std::vector<UncoveredReport::Entry> paths; // most frequent first
};

// The top directory of an absolute path ("/opt" of "/opt/data/x.csv", "D:\\shared" of
// "D:\\shared\\x"), and the directory it is grouped under ("/opt/data"; a path of one or two
// components is grouped under its top directory).
std::string_view top_directory(std::string_view path);
std::string_view group_directory(std::string_view path);

// `entries` grouped by group_directory, most frequent group first, keeping only paths whose top
// directory `is_real` accepts: on the machine that wrote them, "/babysit-prs" (a slash command)
// has no such directory and "/usr/share/x" has.
std::vector<UncoveredGroup>
group_uncovered(const std::vector<UncoveredReport::Entry>& entries,
                const std::function<bool(std::string_view top)>& is_real);

} // namespace ccsync::paths
