// Machine profiles: validation and normalisation of placeholder names and mapped directories.
// A profile is plain data; compiling it into a fast matcher happens in placeholders.cpp.
#include "paths/profile.hpp"

#include "paths/token.hpp"
#include "util/error.hpp"

#include <algorithm>

namespace ccsync::paths {

namespace {

bool
is_drive_letter(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool
has_control_char(std::string_view s)
{
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

void
strip_trailing(std::string& s, char sep)
{
  while (!s.empty() && s.back() == sep) {
    s.pop_back();
  }
}

std::string
normalize_posix(std::string_view path)
{
  if (path.empty() || path.front() != '/') {
    return {};
  }
  std::string out(path);
  strip_trailing(out, '/');
  return out; // empty for "/" (the root is not mappable)
}

// Number of non-empty components of a '\'-separated `path`.
std::size_t
component_count(std::string_view path)
{
  std::size_t n = 0;
  bool in_component = false;
  for (char c : path) {
    if (c != '\\' && !in_component) {
      ++n;
    }
    in_component = c != '\\';
  }
  return n;
}

std::string
normalize_windows(std::string_view path)
{
  std::string out(path);
  std::replace(out.begin(), out.end(), '/', '\\');
  strip_trailing(out, '\\');
  const bool drive = out.size() >= 3 && is_drive_letter(out[0]) && out[1] == ':' && out[2] == '\\';
  const bool unc = out.size() >= 3 && out[0] == '\\' && out[1] == '\\' && out[2] != '\\';
  // A drive path needs a directory below the root; a UNC path a server and a share.
  if (drive && component_count(out.substr(2)) >= 1) {
    return out;
  }
  if (unc && component_count(out) >= 2) {
    return out;
  }
  return {};
}

} // namespace

std::string
normalize_dir(Os os, std::string_view path)
{
  if (has_control_char(path)) {
    return {};
  }
  return os == Os::posix ? normalize_posix(path) : normalize_windows(path);
}

Profile::Profile(Os os, std::string_view home, std::string_view home_canonical)
    : m_os(os)
{
  m_mappings.push_back(make_mapping(k_home_name, home, home_canonical));
}

void
Profile::set(std::string_view name, std::string_view path, std::string_view canonical)
{
  if (name == k_home_name) {
    throw Error(ErrorKind::config, "placeholder 'HOME' is built in and cannot be redefined");
  }
  Mapping m = make_mapping(name, path, canonical);
  auto it = std::find_if(m_mappings.begin(), m_mappings.end(),
                         [&](const Mapping& old) { return old.name == name; });
  if (it != m_mappings.end()) {
    *it = std::move(m);
  } else {
    m_mappings.push_back(std::move(m));
  }
}

const Mapping*
Profile::find(std::string_view name) const noexcept
{
  for (const Mapping& m : m_mappings) {
    if (m.name == name) {
      return &m;
    }
  }
  return nullptr;
}

std::optional<std::string>
Profile::problem_with(std::string_view name, std::string_view path) const
{
  if (name == k_home_name) {
    return "placeholder 'HOME' is built in (always this machine's home directory)";
  }
  if (!is_valid_name(name)) {
    return "'" + std::string(name) + "' is not a placeholder name";
  }
  if (normalize_dir(m_os, path).empty()) {
    return "'" + std::string(path) + "' is not an absolute directory below the root";
  }
  return std::nullopt;
}

Mapping
Profile::make_mapping(std::string_view name, std::string_view path,
                      std::string_view canonical) const
{
  if (!is_valid_name(name)) {
    throw Error(ErrorKind::config, "invalid placeholder name '" + std::string(name) + "'",
                "names use A-Z, 0-9 and '_' and start with a letter");
  }
  Mapping m{std::string(name), normalize_dir(m_os, path), {}};
  m.canonical = canonical.empty() ? m.path : normalize_dir(m_os, canonical);
  if (m.path.empty() || m.canonical.empty()) {
    const std::string_view bad = m.path.empty() ? path : canonical;
    throw Error(ErrorKind::config,
                "placeholder '" + m.name + "': '" + std::string(bad) +
                  "' is not an absolute directory below the root",
                m_os == Os::windows ? R"(use a path like C:\Users\me or \\server\share\dir)"
                                    : "use a path like /home/me");
  }
  return m;
}

} // namespace ccsync::paths
