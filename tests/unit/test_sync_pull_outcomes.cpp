// pull_sessions, the whole orchestration (decisions, writes, the write batch, the per-session
// policy), against file:// repositories: one test per outcome a session can have.
#include "sync/store/session_store.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include "sync_machine.hpp"
#include "temp_dir.hpp"

using namespace ccsync;
using test::report_of;
using test::SyncMachine;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string k_one = "5e55a000-0000-4000-8000-000000000001";
const std::string k_two = "5e55a000-0000-4000-8000-000000000002";

// Alice and bob on one repository; alice pushed sessions k_one and k_two (one line each).
struct TwoMachines {
  TwoMachines()
      : remote(test::bare_remote(dir / "remote.git"))
      , alice(dir / "alice", remote)
      , bob(dir / "bob", remote)
  {
    alice.append(k_one, "one");
    alice.append(k_two, "two");
    REQUIRE(alice.push().changed.size() == 2);
  }

  // Puts a session of `project` (a placeholder form) with one line into the repository as it is,
  // bypassing push: for content push would never write.
  void
  put_session(const std::string& id, const std::string& project, bool with_chunk = true,
              const std::string& last_activity = "2099-01-01T00:00:00.000Z")
  {
    const std::string line = R"({"type":"user","sessionId":")" + id + "\"}\n";
    sync::SessionMeta meta;
    meta.session_id = id;
    meta.project = project;
    meta.created_by = "alice";
    meta.last_edited_by = "alice";
    meta.last_activity = last_activity;
    meta.chunks = {{sync::chunk_name(1), 1, line.size(), git::blob_id(line), sync::k_sealed}};
    std::vector<git::Change> changes{{sync::meta_path(id), sync::to_json(meta)}};
    if (with_chunk) {
      changes.emplace_back(sync::chunk_path(id, meta.chunks[0].name), line);
    }
    alice.repo().refresh();
    alice.repo().edit("synthetic", [&](const sync::Snapshot&) { return changes; });
  }

  TempDir dir;
  std::string remote;
  SyncMachine alice;
  SyncMachine bob;
};

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("pull: a session new to this machine is written, paths in this machine's spelling")
{
  TwoMachines m;
  const sync::PullReport report = m.bob.pull();
  REQUIRE(report.changed.size() == 2);
  CHECK(report.changed[0].outcome == sync::Outcome::written);
  CHECK(report.skipped.empty());
  CHECK_FALSE(report.failed);
  CHECK(platform::read_file(m.bob.transcript(k_one)) == m.bob.line(k_one, "one"));
}

TEST_CASE("pull: a local copy the repository's continues is extended")
{
  TwoMachines m;
  m.bob.pull();
  m.alice.append(k_one, "more");
  m.alice.push();
  const sync::PullReport report = m.bob.pull();
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::extended);
  CHECK(platform::read_file(m.bob.transcript(k_one)) ==
        m.bob.line(k_one, "one") + m.bob.line(k_one, "more"));
}

TEST_CASE(
  "pull: a diverged local copy is split: the repository's under the id, the local as a fork")
{
  TwoMachines m;
  m.bob.pull();
  m.bob.append(k_one, "bob's");
  m.alice.append(k_one, "alice's");
  m.alice.push();
  const sync::PullReport report = m.bob.pull();
  REQUIRE(report.changed.size() == 1);
  const sync::SessionReport& split = report.changed[0];
  CHECK(split.outcome == sync::Outcome::split);
  REQUIRE_FALSE(split.fork_id.empty());
  CHECK(platform::read_file(m.bob.transcript(k_one)) ==
        m.bob.line(k_one, "one") + m.bob.line(k_one, "alice's"));
  const auto fork = platform::read_file(m.bob.transcript(split.fork_id));
  REQUIRE(fork);
  CHECK(fork->find("bob's") != std::string::npos);
  CHECK(fork->find(split.fork_id) != std::string::npos);
}

TEST_CASE("pull --force: a diverged local copy is backed up and replaced")
{
  TwoMachines m;
  m.bob.pull();
  m.bob.append(k_one, "bob's");
  m.alice.append(k_one, "alice's");
  m.alice.push();
  sync::PullRequest request;
  request.force = true;
  const sync::PullReport report = m.bob.pull(request);
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::replaced);
  CHECK(platform::read_file(m.bob.transcript(k_one)) ==
        m.bob.line(k_one, "one") + m.bob.line(k_one, "alice's"));
  CHECK_FALSE(fs::is_empty(m.bob.dirs().ccsync_home / "backups"));
}

TEST_CASE("pull: a session older than the cleanup period is written only when named")
{
  TwoMachines m;
  const std::string old = "5e55a000-0000-4000-8000-000000000003";
  m.put_session(old, "{{HOME}}/app", true, "2020-01-01T00:00:00.000Z");
  m.bob.pull();
  CHECK_FALSE(fs::exists(m.bob.transcript(old)));
  sync::PullRequest request;
  request.ids = {old};
  const sync::PullReport report = m.bob.pull(request);
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::written);
  CHECK(fs::exists(m.bob.transcript(old)));
}

TEST_CASE("pull: a longer local copy is kept, its lines left for push")
{
  TwoMachines m;
  m.bob.pull();
  m.bob.append(k_one, "bob's");
  const sync::PullReport report = m.bob.pull();
  CHECK(report.changed.empty());
  const auto* kept = report_of(report.skipped, k_one);
  REQUIRE(kept != nullptr);
  CHECK(kept->outcome == sync::Outcome::kept_longer);
  CHECK_FALSE(sync::is_held_back(kept->outcome));
}

TEST_CASE("pull: a session a Claude Code process runs is held back as live")
{
  TwoMachines m;
  fs::create_directories(m.bob.dirs().claude_dir / "sessions");
  platform::write_file_atomic(
    m.bob.dirs().claude_dir / "sessions" / "1.json",
    R"({"pid":)" + std::to_string(::getpid()) + R"(,"sessionId":")" + k_one + "\"}", 0600);
  const sync::PullReport report = m.bob.pull();
  const auto* live = report_of(report.skipped, k_one);
  REQUIRE(live != nullptr);
  CHECK(live->outcome == sync::Outcome::held_live);
  CHECK_FALSE(fs::exists(m.bob.transcript(k_one)));
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].id == k_two);
}

TEST_CASE("pull: a session whose placeholder has no path here is held back as not mapped")
{
  TwoMachines m;
  const std::string id = "5e55a000-0000-4000-8000-000000000003";
  m.put_session(id, "{{NOWHERE}}/app");
  const sync::PullReport report = m.bob.pull();
  const auto* held = report_of(report.skipped, id);
  REQUIRE(held != nullptr);
  CHECK(held->outcome == sync::Outcome::held_not_mapped);
  CHECK(held->detail == "{{NOWHERE}}");
  CHECK(report.changed.size() == 2);
}

TEST_CASE("pull: damaged repository content holds its session back as refused")
{
  TwoMachines m;
  const std::string damaged_meta = "5e55a000-0000-4000-8000-000000000003";
  const std::string missing_chunk = "5e55a000-0000-4000-8000-000000000004";
  m.alice.repo().refresh();
  m.alice.repo().edit("damaged", [&](const sync::Snapshot&) {
    return std::vector<git::Change>{{sync::meta_path(damaged_meta), "not json"}};
  });
  m.put_session(missing_chunk, "{{HOME}}/app", false);
  const sync::PullReport report = m.bob.pull();
  const auto* meta = report_of(report.skipped, damaged_meta);
  REQUIRE(meta != nullptr);
  CHECK(meta->outcome == sync::Outcome::held_refused);
  const auto* chunk = report_of(report.skipped, missing_chunk);
  REQUIRE(chunk != nullptr);
  CHECK(chunk->outcome == sync::Outcome::held_refused);
  CHECK(chunk->detail.find("missing or damaged") != std::string::npos);
  CHECK_FALSE(fs::exists(m.bob.transcript(missing_chunk)));
  CHECK_FALSE(report.failed);
  CHECK(report.changed.size() == 2);
}

TEST_CASE("pull: a session that cannot be written fails alone (exit 1)")
{
  TwoMachines m;
  const std::string id = "5e55a000-0000-4000-8000-000000000003";
  m.put_session(id, "{{HOME}}/blocked");
  // Where its project folder should be, a file: nothing can be written under it.
  fs::create_directories(m.bob.project_folder("blocked").parent_path());
  platform::write_file_atomic(m.bob.project_folder("blocked"), "not a folder", 0600);
  const sync::PullReport report = m.bob.pull();
  const auto* failed = report_of(report.skipped, id);
  REQUIRE(failed != nullptr);
  CHECK(failed->outcome == sync::Outcome::failed);
  CHECK(report.failed);
  CHECK(report.changed.size() == 2); // the others are written
  CHECK(platform::read_file(m.bob.transcript(k_two)) == m.bob.line(k_two, "two"));
}

TEST_SUITE_END();
