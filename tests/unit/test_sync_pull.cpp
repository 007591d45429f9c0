// pull against a real bare repository while Claude Code writes (issue 23): an extension is
// appended to the local transcript in place, so a descriptor Claude holds open keeps writing into
// the same file. (A target that changed between the decision and the write: see
// test_platform_landing.cpp, and tests/e2e/pull_while_writing.sh for the whole pull.)
#include "git/repository.hpp"
#include "paths/project_dir.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"
#include "platform/fs.hpp"
#include "sync/engine.hpp"
#include "sync/repo/sync_repo.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_session = "5e55a000-0000-4000-8000-000000000001";

// One machine: its home `root`, its Claude directory and cache there, its project `root/app`.
struct Machine {
  explicit Machine(const fs::path& root, const fs::path& remote)
      : dirs(platform::resolve_dirs(platform::Environment({{"HOME", root.string()}})))
      , placeholders(sync::make_placeholders(root.string(), {}))
      , repo(sync::SyncRepo::open(dirs, remote.string(), {root.filename().string(), {}}))
  {
    setup.claude_dir = dirs.claude_dir;
    setup.ccsync_home = dirs.ccsync_home;
    setup.machine_id = root.filename().string();
    setup.sync_directories = {root.string()};
    setup.placeholders = &placeholders;
    fs::create_directories(root / "app");
    fs::create_directories(transcript().parent_path());
  }

  fs::path
  transcript() const
  {
    return dirs.claude_dir / "projects" / paths::encode_project_dir((dirs.home / "app").string()) /
           (std::string(k_session) + ".jsonl");
  }

  // A transcript line of the session, in this machine's project.
  std::string
  line(const std::string& text) const
  {
    return R"({"type":"user","message":{"role":"user","content":")" + text + R"("},"cwd":")" +
           (dirs.home / "app").string() + R"(","sessionId":")" + k_session + "\"}\n";
  }

  void
  append(const std::string& text) const
  {
    const platform::Fd fd(::open(transcript().c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600));
    const std::string bytes = line(text);
    REQUIRE(::write(fd.get(), bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }

  sync::PullReport
  pull()
  {
    repo.refresh();
    return sync::pull_sessions(repo, setup, {});
  }

  platform::Dirs dirs;
  paths::Placeholders placeholders;
  sync::SyncRepo repo;
  sync::SyncSetup setup;
};

// Alice writes the session's first line and pushes it; bob pulls it; alice appends and pushes.
struct TwoMachines {
  TwoMachines()
      : alice(dir / "alice", init(dir / "remote.git"))
      , bob(dir / "bob", dir / "remote.git")
  {
    alice.append("one");
    push_alice();
    REQUIRE(bob.pull().changed.size() == 1);
    alice.append("two");
    push_alice();
  }

  static fs::path
  init(const fs::path& remote)
  {
    git::Repository::init_bare(remote);
    return remote;
  }

  void
  push_alice()
  {
    REQUIRE(sync::push_sessions(alice.repo, alice.setup, {}).changed.size() == 1);
  }

  TempDir dir;
  Machine alice;
  Machine bob;
};

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("pull extends a local prefix in place: same inode, Claude's open descriptor keeps on")
{
  TwoMachines machines;
  Machine& bob = machines.bob;
  const platform::FileState before = platform::file_state(bob.transcript());
  const platform::Fd claude(::open(bob.transcript().c_str(), O_WRONLY | O_APPEND));
  const sync::PullReport report = bob.pull();
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::extended);
  CHECK(platform::file_state(bob.transcript()).inode == before.inode);
  const std::string later = bob.line("three");
  REQUIRE(::write(claude.get(), later.data(), later.size()) == static_cast<ssize_t>(later.size()));
  CHECK(platform::read_file(bob.transcript()) == bob.line("one") + bob.line("two") + later);
}
