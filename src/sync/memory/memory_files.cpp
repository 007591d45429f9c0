// Memory and CLAUDE.md: push the local set, pull replaces the local set (with a backup).
#include "sync/memory/memory_files.hpp"

#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"
#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "sync/local/backups.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/sharing/secrets_policy.hpp"
#include "sync/store/session_store.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

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
    if (name.find('/') != std::string::npos || name.starts_with('@')) {
      continue; // '@' names are ccsync's in the repository (k_folder_text_file): such a file stays
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

// The project folders (projects/<folder>) that have a memory folder here.
std::set<std::string>
folders_with_memory(const SyncSetup& setup)
{
  std::set<std::string> folders;
  for (const auto& project : platform::list_dir(setup.claude_dir / "projects")) {
    std::error_code inner;
    if (fs::is_directory(project.path() / "memory", inner)) {
      folders.insert(project.path().filename().string());
    }
  }
  return folders;
}

// Projects (session cwds and their ancestors) that have a non-empty memory folder here. Each
// directory is resolved once (sessions share their ancestors), and only while any project folder
// has memory at all.
std::map<std::string, fs::path>
local_memory(const SyncSetup& setup, const std::vector<std::string>& project_dirs)
{
  std::map<std::string, fs::path> found;
  const std::set<std::string> folders = folders_with_memory(setup);
  std::set<std::string> seen;
  for (const auto& cwd : project_dirs) {
    for (fs::path dir = cwd; !folders.empty() && dir.has_relative_path(); dir = dir.parent_path()) {
      if (!seen.insert(dir.string()).second) {
        break; // this directory and those above it are done
      }
      const fs::path memory = memory_dir(setup, dir.string());
      if (folders.contains(memory.parent_path().filename().string()) &&
          !sidecar_files(memory).empty()) {
        found.emplace(dir.string(), memory);
      }
    }
  }
  return found;
}

// A local file and where the repository keeps it: `what` names it in reports.
struct SharedFile {
  fs::path file;
  std::string repo_path;
  std::string what;
};

// Adds to `plan` what makes the repository hold `shared` (its local `content`) as `redaction`,
// its project's, lets it leave. True if the repository's copy changes.
bool
plan_file(const Snapshot& snapshot, const SyncSetup& setup, secrets::Redaction& redaction,
          const SharedFile& shared, std::string_view content, MemoryPlan& plan)
{
  const auto& [file, repo_path, what] = shared;
  RepositoryFile stored = to_repository_file(setup, redaction, file, content);
  const auto current = snapshot.read(repo_path);
  if (!stored.text && current && same_file(setup, redaction, content, *current)) {
    return false; // pushed before (redacted) under another policy: nothing new to refuse
  }
  if (!stored.text) {
    plan.refused.push_back(
      SessionReport::of(what, Outcome::failed, blocked_detail(stored.hits, "ccsync scan")));
    plan.secrets.insert(plan.secrets.end(), stored.hits.begin(), stored.hits.end());
    return false;
  }
  if (current == stored.text) {
    return false;
  }
  if (!stored.hits.empty() && redaction.policy() == secrets::Policy::warn) {
    spdlog::warn("{}: pushed {} secret(s) verbatim (secrets = warn)", file.string(),
                 stored.hits.size());
  }
  plan.secrets.insert(plan.secrets.end(), stored.hits.begin(), stored.hits.end());
  plan.changes.emplace_back(repo_path, std::move(*stored.text));
  return true;
}

// The memory folder `dir` of project `key` into `repo_dir`: its files, and the removal of those
// it no longer has.
void
plan_memory(const Snapshot& snapshot, const SyncSetup& setup, const std::string& project,
            const fs::path& dir, MemoryPlan& plan)
{
  const std::string key = setup.placeholders->portable_path(project);
  const std::string repo_dir = "memory/" + snapshot.sealing().folder_name(key);
  const Files local = read_dir(dir);
  secrets::Redaction redaction = redaction_for(setup, project);
  bool changed = false;
  for (const auto& [name, content] : local) {
    const SharedFile shared{dir / name, repo_dir + "/" + name, "memory " + key + "/" + name};
    changed = plan_file(snapshot, setup, redaction, shared, content, plan) || changed;
  }
  for (const auto& name : snapshot.list(repo_dir)) {
    if (!local.contains(name) && !name.starts_with('@')) {
      plan.changes.emplace_back(repo_dir + "/" + name, std::nullopt);
      changed = true;
    }
  }
  const std::string text_file = repo_dir + "/" + k_folder_text_file;
  if (changed && snapshot.sealing().writes_sealed() && snapshot.read(text_file) != key) {
    plan.changes.emplace_back(text_file, key); // what the folder's hashed name stands for
  }
  if (changed) {
    plan.updated.push_back(SessionReport::of("memory " + key, Outcome::updated, ""));
  }
}

using States = std::map<std::string, platform::FileState>;

// What pull sees of the files directly in `dir` and of those `stored` would write there.
States
states_in(const fs::path& dir, const Files& stored)
{
  States states;
  for (const auto& name : sidecar_files(dir)) {
    if (name.find('/') == std::string::npos) {
      states.emplace(name, platform::file_state(dir / name));
    }
  }
  for (const auto& [name, text] : stored) {
    states.emplace(name, platform::file_state(dir / name));
  }
  return states;
}

// Writes `wanted` into `dir`, removing the `local` files it does not list; each file only while
// it still is as `seen` (Claude Code may write memory while pull runs).
void
write_dir(const fs::path& dir, const Files& wanted, const Files& local, const States& seen)
{
  for (const auto& [name, content] : local) {
    if (const auto state = seen.find(name); !wanted.contains(name) && state != seen.end()) {
      platform::remove_file_if_unchanged(dir / name, state->second);
    }
  }
  for (const auto& [name, content] : wanted) {
    platform::ensure_dir((dir / name).parent_path(), 0700);
    platform::write_file_atomic(dir / name, content, 0600, seen.at(name));
  }
}

// The repository's files in `repo_dir`, as stored (placeholders, markers).
Files
repo_files(const Snapshot& snapshot, const std::string& repo_dir)
{
  Files files;
  for (const auto& name : snapshot.list(repo_dir)) {
    if (name.starts_with('@')) {
      continue; // ccsync's own (k_folder_text_file), not a memory file
    }
    const auto text = snapshot.read(repo_dir + "/" + name);
    if (text && is_safe_relative_path(name) && text->size() <= k_max_file_bytes) {
      files.emplace(name, *text);
    }
  }
  return files;
}

// True if the local files are what the repository's stand for here (same_file, file by file).
bool
same_files(const SyncSetup& setup, secrets::Redaction& redaction, const Files& local,
           const Files& stored)
{
  return local.size() == stored.size() &&
         std::equal(local.begin(), local.end(), stored.begin(), [&](const auto& a, const auto& b) {
           return a.first == b.first && same_file(setup, redaction, a.second, b.second);
         });
}

bool
any_blocked(const secrets::Redaction& redaction, const Files& local)
{
  return std::any_of(local.begin(), local.end(),
                     [&](const auto& file) { return blocked_file(redaction, file.second); });
}

SessionReport
kept_for_secrets(const std::string& what)
{
  return SessionReport::of(what, Outcome::held_refused,
                           "the local copy is kept: it holds secrets that secrets = block keeps "
                           "from being pushed (see 'ccsync scan')");
}

void
pull_claude_md(const Snapshot& snapshot, const SyncSetup& setup, bool dry_run,
               std::vector<SessionReport>& report, std::vector<SessionReport>& skipped)
{
  const auto stored = snapshot.read(k_claude_md);
  const fs::path local = setup.claude_dir / "CLAUDE.md";
  const platform::FileState seen = platform::file_state(local);
  const auto current = platform::read_file(local);
  secrets::Redaction redaction = redaction_for(setup, ""); // no project's: the global policy
  if (!stored || (current && same_file(setup, redaction, *current, *stored))) {
    return;
  }
  if (current && blocked_file(redaction, *current)) {
    skipped.push_back(kept_for_secrets("CLAUDE.md"));
    return;
  }
  const std::string expanded = setup.placeholders->expand(*stored);
  report.push_back(SessionReport::of("CLAUDE.md", Outcome::restored, "", 0, expanded.size()));
  if (!dry_run) {
    const platform::BatchGroup group("CLAUDE.md");
    back_up(setup.ccsync_home, local, "CLAUDE.md");
    platform::write_file_atomic(local, expanded, 0600, seen);
  }
}

} // namespace

MemoryPlan
plan_memory_files(const Snapshot& snapshot, const SyncSetup& setup,
                  const std::vector<std::string>& project_dirs)
{
  MemoryPlan plan;
  const fs::path claude_md = setup.claude_dir / "CLAUDE.md";
  if (const auto content = platform::read_file(claude_md)) {
    secrets::Redaction redaction = redaction_for(setup, ""); // no project's: the global policy
    if (plan_file(snapshot, setup, redaction, {claude_md, k_claude_md, "CLAUDE.md"}, *content,
                  plan)) {
      plan.updated.push_back(
        SessionReport::of("CLAUDE.md", Outcome::updated, "", 0, content->size()));
    }
  }
  for (const auto& [project, dir] : local_memory(setup, project_dirs)) {
    plan_memory(snapshot, setup, project, dir, plan);
  }
  return plan;
}

void
pull_memory_files(const Snapshot& snapshot, const SyncSetup& setup, SharingPolicy& policy,
                  bool dry_run, std::vector<SessionReport>& report,
                  std::vector<SessionReport>& skipped)
{
  pull_claude_md(snapshot, setup, dry_run, report, skipped);
  for (const auto& encoded : snapshot.list("memory")) {
    const auto key = snapshot.folder_text("memory", encoded);
    std::set<std::string> missing;
    const auto project = key ? setup.placeholders->local_path(*key, missing) : std::nullopt;
    if (!project || !policy.judge("", *project).shared()) {
      continue; // not mapped here, or not shared here: nothing to replace
    }
    secrets::Redaction redaction = redaction_for(setup, *project);
    const Files stored = repo_files(snapshot, "memory/" + encoded);
    const fs::path dir = memory_dir(setup, *project);
    const States seen = states_in(dir, stored);
    const Files local = read_dir(dir);
    if (same_files(setup, redaction, local, stored)) {
      continue;
    }
    if (any_blocked(redaction, local)) {
      skipped.push_back(kept_for_secrets("memory " + *key));
      continue;
    }
    report.push_back(SessionReport::of("memory " + *key, Outcome::restored, dir.string()));
    if (!dry_run) {
      Files wanted;
      for (const auto& [name, text] : stored) {
        wanted.emplace(name, setup.placeholders->expand(text));
      }
      const platform::BatchGroup group("memory " + *key); // the folder lands whole, or not at all
      back_up(setup.ccsync_home, dir, "memory-" + dir.parent_path().filename().string());
      write_dir(dir, wanted, local, seen);
    }
  }
}

} // namespace ccsync::sync
