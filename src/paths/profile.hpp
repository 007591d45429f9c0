// A machine profile: its OS, its home directory and its NAME -> directory mappings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::paths {

enum class Os : unsigned char { posix, windows };

// The built-in placeholder for the home directory.
inline constexpr std::string_view k_home_name = "HOME";

// One placeholder on one machine. `path` is the configured spelling, `canonical` the realpath
// spelling (equal to `path` when the caller did not resolve it). Both are normalised: no trailing
// separator; Windows paths use '\'.
struct Mapping {
  std::string name;
  std::string path;
  std::string canonical;
};

// Which machine translate and expand run for. Construction and set() validate their input and
// throw ccsync::Error (kind config) for a bad name or a path that is not absolute for `os`.
class Profile {
public:
  // `home` is the home directory (the HOME mapping); `home_canonical` its realpath, if known.
  Profile(Os os, std::string_view home, std::string_view home_canonical = {});

  // Maps `name` to `path` (and its realpath `canonical`, if known), replacing an earlier mapping
  // of the same name. HOME cannot be redefined.
  void set(std::string_view name, std::string_view path, std::string_view canonical = {});

  Os
  os() const noexcept
  {
    return m_os;
  }
  const std::vector<Mapping>&
  mappings() const noexcept
  {
    return m_mappings;
  }

  // The mapping called `name`, or nullptr.
  const Mapping* find(std::string_view name) const noexcept;

  // Why set(`name`, `path`) would be refused (the built-in HOME, a bad name, a path that is not
  // an absolute directory for this OS), or nothing when it would be taken.
  std::optional<std::string> problem_with(std::string_view name, std::string_view path) const;

private:
  Mapping make_mapping(std::string_view name, std::string_view path,
                       std::string_view canonical) const;

  Os m_os;
  std::vector<Mapping> m_mappings; // HOME first
};

// `path` normalised for `os` (see Mapping), or an empty string if it is not an absolute,
// non-root directory path for `os`.
std::string normalize_dir(Os os, std::string_view path);

} // namespace ccsync::paths
