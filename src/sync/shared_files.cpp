// Memory and CLAUDE.md: push the local set, pull replaces the local set (with a backup).
#include "sync/shared_files.hpp"

#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"
#include "platform/fs.hpp"
#include "sync/backups.hpp"
#include "sync/local_sessions.hpp"
#include "sync/session_store.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

constexpr const char* k_claude_md = "claude/CLAUDE.md";

using Files = std::map<std::string, std::string>; // relative path -> content

// The files directly in `dir` (memory folders are flat, and so is their copy in the repository).
Files
read_dir(const fs::path& dir)
{
  Files files;
  for (const auto& name : sidecar_files(dir)) {
    if (name.find('/') != std::string::npos) {
      continue;
    }
    if (auto text = platform::read_file(dir / name); text && text->size() <= k_max_file_bytes) {
      files.emplace(name, std::move(*text));
    }
  }
  return files;
}

fs::path
memory_dir(const SyncSetup& setup, const std::string& project)
{
  const std::string real = paths::real_path(project).value_or(project);
  return setup.claude_dir / "projects" / paths::encode_project_dir(real) / "memory";
}

// Projects (session cwds and their ancestors) that have a non-empty memory folder here.
std::map<std::string, fs::path>
local_memory(const SyncSetup& setup, const std::vector<std::string>& project_dirs)
{
  std::map<std::string, fs::path> found;
  for (const auto& cwd : project_dirs) {
    for (fs::path dir = cwd; dir.has_relative_path(); dir = dir.parent_path()) {
      const fs::path memory = memory_dir(setup, dir.string());
      if (!sidecar_files(memory).empty()) {
        found.emplace(dir.string(), memory);
      }
    }
  }
  return found;
}

void
replace_with(const Snapshot& snapshot, const std::string& repo_dir, const Files& local,
             const paths::Placeholders& placeholders, std::vector<git::Change>& changes)
{
  for (const auto& [name, content] : local) {
    std::string translated = placeholders.translate(content);
    if (snapshot.read(repo_dir + "/" + name) != translated) {
      changes.push_back({repo_dir + "/" + name, std::move(translated)});
    }
  }
  for (const auto& name : snapshot.list(repo_dir)) {
    if (local.count(name) == 0) {
      changes.push_back({repo_dir + "/" + name, std::nullopt});
    }
  }
}

// Writes `wanted` into `dir`, removing files it does not list.
void
write_dir(const fs::path& dir, const Files& wanted)
{
  for (const auto& [name, content] : read_dir(dir)) {
    if (wanted.count(name) == 0) {
      fs::remove(dir / name);
    }
  }
  for (const auto& [name, content] : wanted) {
    platform::ensure_dir((dir / name).parent_path(), 0700);
    platform::write_file_atomic(dir / name, content, 0600);
  }
}

Files
repo_files(const Snapshot& snapshot, const std::string& repo_dir,
           const paths::Placeholders& placeholders)
{
  Files files;
  for (const auto& name : snapshot.list(repo_dir)) {
    const auto text = snapshot.read(repo_dir + "/" + name);
    if (text && is_safe_relative_path(name) && text->size() <= k_max_file_bytes) {
      files.emplace(name, placeholders.expand(*text));
    }
  }
  return files;
}

} // namespace

std::string
percent_encode(std::string_view text)
{
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4U];
      out += k_hex[u & 0xFU];
    }
  }
  return out;
}

std::optional<std::string>
percent_decode(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || std::isxdigit(static_cast<unsigned char>(text[i + 1])) == 0 ||
        std::isxdigit(static_cast<unsigned char>(text[i + 2])) == 0) {
      return std::nullopt;
    }
    out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

std::vector<git::Change>
shared_file_changes(const Snapshot& snapshot, const SyncSetup& setup,
                    const std::vector<std::string>& project_dirs,
                    std::vector<SessionReport>& report)
{
  const paths::Placeholders& placeholders = *setup.placeholders;
  std::vector<git::Change> changes;
  if (const auto claude_md = platform::read_file(setup.claude_dir / "CLAUDE.md")) {
    std::string translated = placeholders.translate(*claude_md);
    if (snapshot.read(k_claude_md) != translated) {
      changes.push_back({k_claude_md, std::move(translated)});
      report.push_back(SessionReport::of("CLAUDE.md", Outcome::updated, "", 0, claude_md->size()));
    }
  }
  for (const auto& [project, dir] : local_memory(setup, project_dirs)) {
    const std::string key = placeholders.portable_path(project);
    const std::size_t before = changes.size();
    replace_with(snapshot, "memory/" + percent_encode(key), read_dir(dir), placeholders, changes);
    if (changes.size() != before) {
      report.push_back(SessionReport::of("memory " + key, Outcome::updated, ""));
    }
  }
  return changes;
}

void
pull_shared_files(const Snapshot& snapshot, const SyncSetup& setup, SharingPolicy& policy,
                  bool dry_run, std::vector<SessionReport>& report)
{
  const paths::Placeholders& placeholders = *setup.placeholders;
  if (const auto claude_md = snapshot.read(k_claude_md)) {
    const std::string expanded = placeholders.expand(*claude_md);
    const fs::path local = setup.claude_dir / "CLAUDE.md";
    if (platform::read_file(local) != expanded) {
      report.push_back(SessionReport::of("CLAUDE.md", Outcome::restored, "", 0, expanded.size()));
      if (!dry_run) {
        back_up(setup.ccsync_home, local, "CLAUDE.md");
        platform::write_file_atomic(local, expanded, 0600);
      }
    }
  }
  for (const auto& encoded : snapshot.list("memory")) {
    const auto key = percent_decode(encoded);
    std::set<std::string> missing;
    const auto project = key ? placeholders.local_path(*key, missing) : std::nullopt;
    if (!project || !policy.judge("", *project).shared()) {
      continue; // not mapped here, or not shared here: nothing to replace
    }
    const Files wanted = repo_files(snapshot, "memory/" + encoded, placeholders);
    const fs::path dir = memory_dir(setup, *project);
    if (read_dir(dir) == wanted) {
      continue;
    }
    report.push_back(SessionReport::of("memory " + *key, Outcome::restored, dir.string()));
    if (!dry_run) {
      back_up(setup.ccsync_home, dir, "memory-" + dir.parent_path().filename().string());
      write_dir(dir, wanted);
    }
  }
}

} // namespace ccsync::sync
