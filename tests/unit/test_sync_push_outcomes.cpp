// push_sessions, the whole orchestration (candidates, plans, the commit, the per-session policy),
// against file:// repositories: one test per outcome a session can have.
#include "platform/fs.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_store.hpp"

#include <doctest/doctest.h>

#include <functional>

#include "sync_machine.hpp"
#include "temp_dir.hpp"

using namespace ccsync;
using test::report_of;
using test::stored_transcript;
using test::SyncMachine;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string k_one = "5e55a000-0000-4000-8000-000000000001";
const std::string k_two = "5e55a000-0000-4000-8000-000000000002";

// Alice alone, on a new repository.
struct OneMachine {
  OneMachine()
      : remote(test::bare_remote(dir / "remote.git"))
      , alice(dir / "alice", remote)
  {}
  TempDir dir;
  std::string remote;
  SyncMachine alice;
};

// Alice and bob on one repository; alice pushed session k_one (one line) and bob pulled it.
struct TwoMachines {
  TwoMachines()
      : remote(test::bare_remote(dir / "remote.git"))
      , alice(dir / "alice", remote)
      , bob(dir / "bob", remote)
  {
    alice.append(k_one, "one");
    REQUIRE(alice.push().changed.size() == 1);
    REQUIRE(bob.pull().changed.size() == 1);
  }
  TempDir dir;
  std::string remote;
  SyncMachine alice;
  SyncMachine bob;
};

// A progress callback that, once push listed its two sessions, makes `id`'s transcript a
// directory: open() succeeds, read() fails (EISDIR), as a disk's EIO would.
std::function<void(std::size_t, std::size_t)>
unreadable_once_listed(SyncMachine& machine, const std::string& id)
{
  return [&machine, id](std::size_t done, std::size_t total) {
    if (done == 0 && total == 2) {
      fs::remove(machine.transcript(id));
      fs::create_directory(machine.transcript(id));
    }
  };
}

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("push: a session new to the repository is created")
{
  OneMachine m;
  m.alice.append(k_one, "hello");
  const sync::PushReport report = m.alice.push();
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::created);
  CHECK(report.changed[0].lines == 1);
  CHECK(report.skipped.empty());
  CHECK(report.commit.has_value());
  CHECK(stored_transcript(m.alice.repo(), k_one).find("{{HOME}}/app") != std::string::npos);
}

TEST_CASE("push: new lines are appended")
{
  OneMachine m;
  m.alice.append(k_one, "one");
  m.alice.push();
  m.alice.append(k_one, "two");
  const sync::PushReport report = m.alice.push();
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::appended);
  CHECK(report.changed[0].lines == 2);
}

TEST_CASE("push: lines that diverged from another machine's copy go to a fork")
{
  TwoMachines m;
  m.bob.append(k_one, "bob's");
  REQUIRE(m.bob.push().changed.size() == 1); // bob wrote the repository's copy last
  m.alice.append(k_one, "alice's");
  const sync::PushReport report = m.alice.push();
  REQUIRE(report.changed.size() == 1);
  const sync::SessionReport& fork = report.changed[0];
  CHECK(fork.outcome == sync::Outcome::forked);
  CHECK(fork.fork_reason == sync::ForkReason::diverged);
  CHECK(fork.other_machine == "bob");
  REQUIRE_FALSE(fork.fork_id.empty());
  CHECK(stored_transcript(m.alice.repo(), fork.fork_id).find("alice's") != std::string::npos);
  CHECK(stored_transcript(m.alice.repo(), k_one).find("alice's") == std::string::npos);
}

TEST_CASE("push: a tail rewritten after this machine's last push replaces the repository's")
{
  OneMachine m;
  m.alice.append(k_one, "one");
  m.alice.append(k_one, "two");
  m.alice.push();
  platform::write_file_atomic(m.alice.transcript(k_one),
                              m.alice.line(k_one, "one") + m.alice.line(k_one, "rewritten"), 0600);
  const sync::PushReport report = m.alice.push();
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::replaced_tail);
  const std::string stored = stored_transcript(m.alice.repo(), k_one);
  CHECK(stored.find("rewritten") != std::string::npos);
  CHECK(stored.find("two") == std::string::npos);
}

TEST_CASE("push: lines of a session another machine holds the lock of go to a fork")
{
  TwoMachines m;
  sync::acquire_lock(m.bob.repo(), k_one, {"bob", "bob-host", 1, 1}, {},
                     [](const lock::LockRecord&) { return sync::Takeover::refuse; });
  m.alice.append(k_one, "alice's");
  const sync::PushReport report = m.alice.push();
  REQUIRE(report.changed.size() == 1);
  const sync::SessionReport& fork = report.changed[0];
  CHECK(fork.outcome == sync::Outcome::forked);
  CHECK(fork.fork_reason == sync::ForkReason::locked);
  CHECK(fork.other_machine == "bob");
  CHECK(stored_transcript(m.alice.repo(), k_one).find("alice's") == std::string::npos);
}

TEST_CASE("push: a session whose lock cannot be read is held back, and only it")
{
  TwoMachines m;
  m.bob.repo().replace_ref(sync::lock_ref(k_one), "damaged", {{"lock.json", "not a lock"}});
  m.alice.append(k_one, "alice's");
  m.alice.append(k_two, "two");
  const sync::PushReport report = m.alice.push();
  const auto* held = report_of(report.skipped, k_one);
  REQUIRE(held != nullptr);
  CHECK(held->outcome == sync::Outcome::held_damaged_lock);
  CHECK(held->detail.find("ccsync lock release " + k_one + " --force") != std::string::npos);
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].id == k_two);
}

TEST_CASE("push: a repository copy ahead of the local one sends nothing")
{
  TwoMachines m;
  m.alice.append(k_one, "two");
  m.alice.push();
  const sync::PushReport report = m.bob.push();
  CHECK(report.changed.empty());
  const auto* entry = report_of(report.skipped, k_one);
  REQUIRE(entry != nullptr);
  CHECK(entry->outcome == sync::Outcome::remote_ahead);
  CHECK(sync::held_back_count(report.skipped) == 0);
}

TEST_CASE("push: a transcript that names no working directory is held back")
{
  OneMachine m;
  m.alice.append_bytes(k_one, R"({"type":"summary","summary":"no cwd here"})"
                              "\n");
  m.alice.append(k_two, "fine");
  const sync::PushReport report = m.alice.push();
  const auto* held = report_of(report.skipped, k_one);
  REQUIRE(held != nullptr);
  CHECK(held->outcome == sync::Outcome::held_no_cwd);
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].id == k_two);
  CHECK(sync::held_back_count(report.skipped) == 1);
}

TEST_CASE("push: a session longer than the repository holds is held back as too large")
{
  // The repository holds k_max_chunks chunks of session k_one (one line each, written by alice);
  // one more local line would make one chunk too many.
  OneMachine m;
  std::vector<git::Change> changes;
  sync::SessionMeta meta;
  meta.session_id = k_one;
  meta.project = "{{HOME}}/app";
  meta.created_by = "alice";
  meta.last_edited_by = "alice";
  meta.last_activity = "2026-01-01T00:00:00.000Z";
  for (std::size_t i = 1; i <= sync::k_max_chunks; ++i) {
    const std::string local = m.alice.line(k_one, "line " + std::to_string(i));
    m.alice.append_bytes(k_one, local);
    const std::string stored = m.alice.setup.placeholders->translate(local);
    const std::string name = sync::chunk_name(i);
    meta.chunks.push_back({name, 1, stored.size(), git::blob_id(stored), sync::k_sealed});
    changes.emplace_back(sync::chunk_path(k_one, name), stored);
  }
  meta.lines = meta.chunks.size();
  changes.emplace_back(sync::meta_path(k_one), sync::to_json(meta));
  m.alice.repo().refresh();
  m.alice.repo().edit("synthetic", [&](const sync::Snapshot&) { return changes; });
  m.alice.append(k_one, "one too many");
  m.alice.append(k_two, "small");

  const sync::PushReport report = m.alice.push();
  const auto* held = report_of(report.skipped, k_one);
  REQUIRE(held != nullptr);
  CHECK(held->outcome == sync::Outcome::held_too_large);
  CHECK(held->detail.find("larger than the repository holds") != std::string::npos);
  CHECK(sync::is_held_back(held->outcome));
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].id == k_two);
  const auto stored = sync::parse_meta(*m.alice.repo().current().read(sync::meta_path(k_one)));
  REQUIRE(stored);
  CHECK(stored->chunks.size() == sync::k_max_chunks); // left as it was
}

TEST_CASE("push: a line longer than the limit holds its session back as too large, a value")
{
  // k_one grows by such a line after a push (its tail is read), k_two has one from the start
  // (its first pass stops there); k_three is pushed.
  const std::string k_three = "5e55a000-0000-4000-8000-000000000003";
  const std::string huge(sync::k_max_line_bytes + 1, 'x');
  OneMachine m;
  m.alice.append(k_one, "one");
  REQUIRE(m.alice.push().changed.size() == 1);
  m.alice.append_bytes(k_one, huge);
  m.alice.append(k_two, "two");
  m.alice.append_bytes(k_two, huge);
  m.alice.append(k_three, "three");
  const sync::PushReport report = m.alice.push();
  for (const std::string& id : {k_one, k_two}) {
    const auto* held = report_of(report.skipped, id);
    REQUIRE(held != nullptr);
    CHECK(held->outcome == sync::Outcome::held_too_large);
    CHECK(held->detail == sync::line_limit_words());
  }
  CHECK(sync::held_back_count(report.skipped) == 2);
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].id == k_three);
  CHECK(stored_transcript(m.alice.repo(), k_one).find("xxxx") == std::string::npos);
}

TEST_CASE("push: a transcript that cannot be read fails its session (exit 1), not held back")
{
  // Root reads every file, so the transcript becomes a directory between listing and planning.
  OneMachine m;
  m.alice.append(k_one, "one");
  m.alice.append(k_two, "two");
  sync::PushRequest request;
  request.progress = unreadable_once_listed(m.alice, k_one);
  const sync::PushReport report = m.alice.push(request);
  const auto* failed = report_of(report.skipped, k_one);
  REQUIRE(failed != nullptr);
  CHECK(failed->outcome == sync::Outcome::failed);
  CHECK(failed->detail.find("Is a directory") != std::string::npos);
  CHECK(sync::held_back_count(report.skipped) == 0);
  REQUIRE(report.changed.size() == 1); // the other session is pushed
  CHECK(report.changed[0].id == k_two);
  CHECK_FALSE(m.alice.repo().current().read(sync::meta_path(k_one)).has_value());
}

TEST_CASE("push --dry-run: a transcript that cannot be read fails its session, not the run")
{
  OneMachine m;
  m.alice.append(k_one, "one");
  m.alice.append(k_two, "two /elsewhere/file");
  sync::PushRequest request;
  request.dry_run = true;
  request.progress = unreadable_once_listed(m.alice, k_one);
  const sync::PushReport report = m.alice.push(request);
  const auto* failed = report_of(report.skipped, k_one);
  REQUIRE(failed != nullptr);
  CHECK(failed->outcome == sync::Outcome::failed);
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].id == k_two);
  CHECK_FALSE(report.commit.has_value());
}

TEST_CASE("push: the newer of two copies of one session goes, the older is held back")
{
  OneMachine m;
  m.alice.append(k_one, "old", "old");
  const fs::path old = m.alice.transcript(k_one, "old");
  fs::last_write_time(old, fs::last_write_time(old) - std::chrono::hours(1));
  m.alice.append(k_one, "new", "app");
  const sync::PushReport report = m.alice.push();
  const auto* held = report_of(report.skipped, k_one);
  REQUIRE(held != nullptr);
  CHECK(held->outcome == sync::Outcome::held_duplicate);
  CHECK(held->detail == old.string());
  REQUIRE(report.changed.size() == 1);
  CHECK(stored_transcript(m.alice.repo(), k_one).find("new") != std::string::npos);
}

TEST_SUITE_END();
