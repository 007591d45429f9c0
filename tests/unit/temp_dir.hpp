// A temporary directory for one test case, removed when the case ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace ccsync::test {

class TempDir {
public:
  TempDir()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "ccsync-unit.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }

  const std::filesystem::path&
  path() const
  {
    return m_path;
  }
  std::filesystem::path
  operator/(const std::string& name) const
  {
    return m_path / name;
  }

private:
  std::filesystem::path m_path;
};

} // namespace ccsync::test
