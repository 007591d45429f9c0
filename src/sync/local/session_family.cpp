// Which files belong to a session, how they are named, and which are stored byte for byte.
#include "sync/local/session_family.hpp"

#include "lock/lock_record.hpp"
#include "platform/fs.hpp"
#include "sync/store/session_store.hpp"

#include <algorithm>
#include <array>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

// True when the first part of `path` (a sidecar path) is a namespace of ccsync's ('@...').
bool
reserved(std::string_view path)
{
  return path.starts_with('@');
}

// True when a part of '/'-separated `path` is a transient name.
bool
transient_path(std::string_view path)
{
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (is_transient_name(path.substr(start, end - start))) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

// A regular file, not a link; an entry whose type cannot be told (a loop of links) is not.
bool
plain_file(const fs::directory_entry& entry)
{
  std::error_code unknown;
  return entry.is_regular_file(unknown) && !entry.is_symlink(unknown);
}

} // namespace

bool
is_transient_name(std::string_view name)
{
  constexpr std::array<std::string_view, 3> inside = {".tmp.", ".tmp-", ".superseded-"};
  constexpr std::array<std::string_view, 3> endings = {".tmp", ".superseded", ".lock"};
  return std::any_of(inside.begin(), inside.end(),
                     [&](std::string_view s) { return name.find(s) != std::string_view::npos; }) ||
         std::any_of(endings.begin(), endings.end(),
                     [&](std::string_view s) { return name.ends_with(s); });
}

std::optional<BesideName>
beside_name(std::string_view file_name)
{
  const std::size_t dot = file_name.find('.');
  if (dot == std::string_view::npos || dot == 0) {
    return std::nullopt;
  }
  BesideName name{std::string(file_name.substr(0, dot)), std::string(file_name.substr(dot + 1))};
  // The transcript, and what derives from it (a rotation, a copy being written), are not files
  // of the family: the transcript travels as chunks.
  if (!lock::is_valid_session_id(name.id) || name.suffix == "jsonl" ||
      name.suffix.starts_with("jsonl.") || is_transient_name(file_name) ||
      name.suffix.find('/') != std::string::npos || !is_safe_relative_path(name.suffix)) {
    return std::nullopt;
  }
  return name;
}

std::map<std::string, std::vector<std::string>>
beside_files(const fs::path& project)
{
  std::map<std::string, std::vector<std::string>> files;
  for (const auto& entry : platform::list_dir(project)) {
    if (!plain_file(entry)) {
      continue;
    }
    if (auto name = beside_name(entry.path().filename().string())) {
      files[name->id].push_back(std::move(name->suffix));
    }
  }
  for (auto& [id, suffixes] : files) {
    std::sort(suffixes.begin(), suffixes.end());
  }
  return files;
}

bool
is_verbatim_kind(std::string_view name)
{
  const std::string_view file = name.substr(name.rfind('/') + 1);
  const std::size_t dot = file.rfind('.');
  const std::string_view extension = dot == std::string_view::npos ? "" : file.substr(dot);
  constexpr std::array<std::string_view, 4> translated = {".jsonl", ".json", ".txt", ".md"};
  return std::find(translated.begin(), translated.end(), extension) == translated.end();
}

std::vector<std::string>
sidecar_files(const fs::path& sidecar_dir)
{
  std::vector<std::string> files;
  std::error_code error;
  // The iterator's paths are sidecar_dir / <relative path>: cut the prefix off (fs::relative
  // would resolve both paths on the file system, for every file of every session).
  const std::size_t prefix = (sidecar_dir / "").native().size();
  for (auto it = fs::recursive_directory_iterator(sidecar_dir, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (plain_file(*it) && it->path().native().size() > prefix) {
      const std::string relative = it->path().native().substr(prefix);
      if (is_safe_relative_path(relative)) {
        files.push_back(relative);
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string>
session_files(const fs::path& sidecar_dir, const fs::path& tasks_dir,
              const std::vector<std::string>& beside)
{
  std::vector<std::string> files;
  if (!sidecar_dir.empty()) {
    for (auto& name : sidecar_files(sidecar_dir)) {
      if (!reserved(name) && !transient_path(name)) {
        files.push_back(std::move(name));
      }
    }
  }
  for (const auto& entry : platform::list_dir(tasks_dir)) {
    const std::string name = entry.path().filename().string();
    if (plain_file(entry) && entry.path().extension() == ".json" && !is_transient_name(name) &&
        is_safe_relative_path(name)) {
      files.push_back(std::string(k_tasks_prefix) + name);
    }
  }
  for (const auto& suffix : beside) {
    files.push_back(std::string(k_beside_prefix) + suffix);
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path
session_file_path(const fs::path& sidecar_dir, const fs::path& tasks_dir, const std::string& name)
{
  if (std::string_view(name).starts_with(k_tasks_prefix)) {
    return tasks_dir / name.substr(k_tasks_prefix.size());
  }
  if (std::string_view(name).starts_with(k_beside_prefix)) {
    return sidecar_dir.parent_path() /
           (sidecar_dir.filename().string() + "." + name.substr(k_beside_prefix.size()));
  }
  return sidecar_dir / name;
}

} // namespace ccsync::sync
