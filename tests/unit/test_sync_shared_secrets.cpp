// Memory and CLAUDE.md through the secrets policy: what push writes to the repository (markers,
// refusals), and what pull does on the machine that wrote the secret (nothing) and on another one
// (the markers), against a real bare repository.
#include "git/repository.hpp"
#include "paths/project_dir.hpp"
#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "sync/engine.hpp"
#include "sync/memory/memory_files.hpp"
#include "sync/repo/sync_repo.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

// pull_memory_files with the sharing rules of `setup` (nothing excluded in these tests).
void
pull_shared(const sync::Snapshot& snapshot, const sync::SyncSetup& setup,
            std::vector<sync::SessionReport>& report, std::vector<sync::SessionReport>& skipped)
{
  sync::SharingPolicy policy(setup, snapshot);
  sync::pull_memory_files(snapshot, setup, policy, false, report, skipped);
}

constexpr std::string_view k_aws = "AKIAQYLPMN5HHWFPZAM2";

// One machine: its home under `root`, a Claude directory, and a secrets policy.
struct Machine {
  Machine(const fs::path& root, secrets::Policy policy)
      : home(root)
      , placeholders(sync::make_placeholders(root.string(), {}))
      , redactor(policy, secrets::Allowlist{}, secrets::MarkerKey::generate())
  {
    setup.claude_dir = root / ".claude";
    setup.ccsync_home = root / ".ccsync";
    setup.machine_id = root.filename().string();
    setup.placeholders = &placeholders;
    setup.redactor = &redactor;
    fs::create_directories(setup.claude_dir);
    fs::create_directories(setup.ccsync_home);
  }

  fs::path home;
  paths::Placeholders placeholders;
  secrets::Redactor redactor;
  sync::SyncSetup setup;
};

platform::Dirs
dirs_in(const fs::path& home)
{
  return platform::resolve_dirs(platform::Environment({{"HOME", home.string()}}));
}

std::string
claude_md()
{
  return "# Notes\nThe deploy key is " + std::string(k_aws) + " (do not share)\n";
}

// Pushes `machine`'s CLAUDE.md (no project memory) into `repo`: the plan, once committed.
sync::MemoryPlan
push_shared(sync::SyncRepo& repo, const Machine& machine)
{
  sync::MemoryPlan plan;
  repo.edit("shared", [&](const sync::Snapshot& snapshot) {
    plan = sync::plan_memory_files(snapshot, machine.setup, {});
    return plan.changes;
  });
  return plan;
}

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("CLAUDE.md is redacted in the repository and stays intact on the machine that wrote it")
{
  TempDir dir;
  git::Repository::init_bare(dir / "remote.git");
  Machine alice(dir / "alice", secrets::Policy::redact);
  platform::write_file_atomic(alice.setup.claude_dir / "CLAUDE.md", claude_md(), 0600);
  auto repo =
    sync::SyncRepo::open(dirs_in(dir / "alice"), (dir / "remote.git").string(), {"alice", {}});
  repo.refresh();

  const sync::MemoryPlan plan = push_shared(repo, alice);
  REQUIRE(plan.updated.size() == 1);
  CHECK(plan.refused.empty());
  REQUIRE(plan.secrets.size() == 1);
  CHECK(plan.secrets[0].line == 2);
  CHECK(plan.secrets[0].kind == "aws-access-key");
  CHECK(plan.secrets[0].preview.find(k_aws) == std::string::npos);
  const auto stored = repo.current().read("claude/CLAUDE.md");
  REQUIRE(stored);
  CHECK(stored->find(k_aws) == std::string::npos);
  CHECK(stored->find("{{!REDACTED:aws-access-key:") != std::string::npos);

  SUBCASE("a second push changes nothing")
  {
    CHECK(sync::plan_memory_files(repo.current(), alice.setup, {}).changes.empty());
  }
  SUBCASE("pull on the origin keeps its copy")
  {
    std::vector<sync::SessionReport> report;
    std::vector<sync::SessionReport> skipped;
    pull_shared(repo.current(), alice.setup, report, skipped);
    CHECK(report.empty());
    CHECK(skipped.empty());
    CHECK(platform::read_file(alice.setup.claude_dir / "CLAUDE.md") == claude_md());
  }
  SUBCASE("another machine gets the marker")
  {
    Machine bob(dir / "bob", secrets::Policy::redact);
    std::vector<sync::SessionReport> report;
    std::vector<sync::SessionReport> skipped;
    pull_shared(repo.current(), bob.setup, report, skipped);
    CHECK(report.size() == 1);
    const auto local = platform::read_file(bob.setup.claude_dir / "CLAUDE.md");
    REQUIRE(local);
    CHECK(local->find("{{!REDACTED:aws-access-key:") != std::string::npos);
  }
}

TEST_CASE("block keeps CLAUDE.md out of the repository and pull does not overwrite it")
{
  TempDir dir;
  git::Repository::init_bare(dir / "remote.git");
  Machine alice(dir / "alice", secrets::Policy::redact);
  platform::write_file_atomic(alice.setup.claude_dir / "CLAUDE.md", "# Notes\n", 0600);
  auto repo =
    sync::SyncRepo::open(dirs_in(dir / "alice"), (dir / "remote.git").string(), {"alice", {}});
  repo.refresh();
  push_shared(repo, alice);

  Machine strict(dir / "alice", secrets::Policy::block);
  platform::write_file_atomic(strict.setup.claude_dir / "CLAUDE.md", claude_md(), 0600);
  const sync::MemoryPlan plan = push_shared(repo, strict);
  CHECK(plan.changes.empty());
  REQUIRE(plan.refused.size() == 1);
  CHECK(plan.refused[0].outcome == sync::Outcome::failed);
  CHECK(plan.refused[0].detail.find("CLAUDE.md:2: aws-access-key") != std::string::npos);
  CHECK(plan.refused[0].detail.find(k_aws) == std::string::npos);
  CHECK(repo.current().read("claude/CLAUDE.md") == "# Notes\n");

  std::vector<sync::SessionReport> report;
  std::vector<sync::SessionReport> skipped;
  pull_shared(repo.current(), strict.setup, report, skipped);
  CHECK(report.empty());
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].outcome == sync::Outcome::held_refused);
  CHECK(platform::read_file(strict.setup.claude_dir / "CLAUDE.md") == claude_md());
}

namespace {

// Pushes a memory file with a secret under `policy`, then pulls on the same machine.
void
check_memory(secrets::Policy policy)
{
  TempDir dir;
  git::Repository::init_bare(dir / "remote.git");
  Machine alice(dir / "alice", policy);
  const fs::path project = dir / "alice" / "app";
  fs::create_directories(project);
  const fs::path memory =
    alice.setup.claude_dir / "projects" / paths::encode_project_dir(project.string()) / "memory";
  fs::create_directories(memory);
  const std::string note = "token: " + std::string(k_aws) + "\n";
  platform::write_file_atomic(memory / "MEMORY.md", note, 0600);
  auto repo =
    sync::SyncRepo::open(dirs_in(dir / "alice"), (dir / "remote.git").string(), {"alice", {}});
  repo.refresh();
  repo.edit("shared", [&](const sync::Snapshot& snapshot) {
    return sync::plan_memory_files(snapshot, alice.setup, {project.string()}).changes;
  });
  const auto stored = repo.current().read("memory/%7B%7BHOME%7D%7D%2Fapp/MEMORY.md");
  REQUIRE(stored);
  CHECK((stored->find(k_aws) != std::string::npos) == (policy == secrets::Policy::warn));
  std::vector<sync::SessionReport> report;
  std::vector<sync::SessionReport> skipped;
  pull_shared(repo.current(), alice.setup, report, skipped);
  CHECK(report.empty());
  CHECK(platform::read_file(memory / "MEMORY.md") == note);
}

} // namespace

TEST_CASE("project memory is redacted like CLAUDE.md; warn sends it verbatim")
{
  for (const auto policy : {secrets::Policy::redact, secrets::Policy::warn}) {
    CAPTURE(static_cast<int>(policy));
    check_memory(policy);
  }
}

TEST_SUITE_END();
