// Machines for orchestration tests of push and pull: each has its home, Claude directory and
// ccsync home under one temporary directory, the engine's set-up (with a redactor and
// secrets_projects when a test gives them), and its cache of one bare `file://` repository.
#pragma once

#include "git/repository.hpp"
#include "paths/project_dir.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"
#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "sync/engine.hpp"
#include "sync/repo/sync_repo.hpp"
#include "sync/store/session_store.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ccsync::test {

// A bare repository at `path`, returned as a file:// URL.
inline std::string
bare_remote(const std::filesystem::path& path)
{
  git::Repository::init_bare(path);
  return "file://" + path.string();
}

class SyncMachine {
public:
  // `root`: its home; machine id: the folder's name. With a `policy`, push scans for secrets.
  SyncMachine(const std::filesystem::path& root, const std::string& remote,
              std::optional<secrets::Policy> policy = std::nullopt)
      : m_dirs(platform::resolve_dirs(platform::Environment({{"HOME", root.string()}})))
      , m_placeholders(sync::make_placeholders(root.string(), {}))
      , m_repo(sync::SyncRepo::open(m_dirs, remote, {root.filename().string(), {}}))
  {
    if (policy) {
      m_redactor.emplace(*policy, secrets::Allowlist{}, secrets::MarkerKey::generate());
      setup.redactor = &*m_redactor;
    }
    setup.claude_dir = m_dirs.claude_dir;
    setup.ccsync_home = m_dirs.ccsync_home;
    setup.machine_id = root.filename().string();
    setup.sync_directories = {root.string()};
    setup.placeholders = &m_placeholders;
    setup.placeholders_hash = sync::placeholders_hash_of(root.string(), {});
    std::filesystem::create_directories(m_dirs.claude_dir / "projects");
  }

  // Maps `{{name}}` to `path` here from now on (as `config add-placeholder` does).
  void
  map(const std::string& name, const std::filesystem::path& path)
  {
    m_mappings[name] = path.string();
    m_placeholders = sync::make_placeholders(m_dirs.home.string(), m_mappings);
    setup.placeholders_hash = sync::placeholders_hash_of(m_dirs.home.string(), m_mappings);
  }

  const platform::Dirs&
  dirs() const
  {
    return m_dirs;
  }
  sync::SyncRepo&
  repo()
  {
    return m_repo;
  }

  // The project directory `name` in this machine's home (created).
  std::filesystem::path
  project(const std::string& name = "app") const
  {
    const std::filesystem::path dir = m_dirs.home / name;
    std::filesystem::create_directories(dir);
    return dir;
  }

  // Claude's folder of project `name`.
  std::filesystem::path
  project_folder(const std::string& name = "app") const
  {
    return m_dirs.claude_dir / "projects" / paths::encode_project_dir(project(name).string());
  }

  std::filesystem::path
  transcript(const std::string& id, const std::string& name = "app") const
  {
    return project_folder(name) / (id + ".jsonl");
  }

  // A transcript line of session `id` in project `name` here.
  std::string
  line(const std::string& id, const std::string& text, const std::string& name = "app") const
  {
    return R"({"type":"user","message":{"role":"user","content":")" + text + R"("},"cwd":")" +
           project(name).string() + R"(","sessionId":")" + id + "\"}\n";
  }

  // Appends `bytes` to session `id`'s transcript in project `name`, as Claude Code does.
  void
  append_bytes(const std::string& id, const std::string& bytes,
               const std::string& name = "app") const
  {
    std::filesystem::create_directories(project_folder(name));
    const platform::Fd fd(
      ::open(transcript(id, name).c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
    REQUIRE(fd);
    REQUIRE(::write(fd.get(), bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }

  void
  append(const std::string& id, const std::string& text, const std::string& name = "app") const
  {
    append_bytes(id, line(id, text, name), name);
  }

  sync::PushReport
  push(const sync::PushRequest& request = {})
  {
    m_repo.refresh();
    return sync::push_sessions(m_repo, setup, request);
  }

  sync::PullReport
  pull(const sync::PullRequest& request = {})
  {
    m_repo.refresh();
    return sync::pull_sessions(m_repo, setup, request);
  }

  sync::SyncSetup setup;

private:
  platform::Dirs m_dirs;
  std::map<std::string, std::string> m_mappings;
  paths::Placeholders m_placeholders;
  std::optional<secrets::Redactor> m_redactor;
  sync::SyncRepo m_repo;
};

// The report of session `id` among `reports`, or null.
inline const sync::SessionReport*
report_of(const std::vector<sync::SessionReport>& reports, const std::string& id)
{
  for (const auto& report : reports) {
    if (report.id == id) {
      return &report;
    }
  }
  return nullptr;
}

// The repository's transcript of `id`, joined from its chunks.
inline std::string
stored_transcript(sync::SyncRepo& repo, const std::string& id)
{
  const auto meta_text = repo.current().read(sync::meta_path(id));
  REQUIRE(meta_text);
  const auto meta = sync::parse_meta(*meta_text);
  REQUIRE(meta);
  std::string text;
  for (const auto& chunk : meta->chunks) {
    text += repo.current().read(sync::chunk_path(id, chunk.name)).value_or("");
  }
  return text;
}

} // namespace ccsync::test
