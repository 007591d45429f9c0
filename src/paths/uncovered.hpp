// The report of absolute paths that no mapping covers: they arrive verbatim on other machines.
#pragma once

#include "paths/placeholders.hpp"

#include <cstddef>
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

} // namespace ccsync::paths
