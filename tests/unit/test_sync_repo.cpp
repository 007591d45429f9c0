// sync/repo (SyncRepo, registry) against real bare repositories (libgit2, local transport).
#include "git/repository.hpp"
#include "platform/fs.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/sync_repo.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;

namespace {

platform::Dirs
dirs_in(const std::filesystem::path& home)
{
  return platform::resolve_dirs(platform::Environment({{"HOME", home.string()}}));
}

sync::Mutation
write_file(const std::string& path, const std::string& content)
{
  return [=](const sync::Snapshot&) { return std::vector<git::Change>{{path, content}}; };
}

sync::MachineRecord
record(const std::string& id, const std::string& install)
{
  return {id, install, "linux", "host", "/home/x", "/home/x/.claude", "0", "2026-01-01T00:00:00Z"};
}

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("edits commit and push only what changed")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  auto repo = sync::SyncRepo::open(dirs_in(dir / "a"), remote.string(), {"alpha", {}});
  CHECK(repo.refresh().branches.empty());
  CHECK(repo.current().empty());
  auto first = repo.edit("one", write_file("dir/a.txt", "A"));
  REQUIRE(first.commit.has_value());
  CHECK(repo.current().read("dir/a.txt") == "A");
  CHECK(repo.current().list("dir") == std::vector<std::string>{"a.txt"});
  CHECK_FALSE(repo.edit("same", write_file("dir/a.txt", "A")).commit.has_value());
  const auto second = repo.edit("two", [](const sync::Snapshot& s) {
    return std::vector<git::Change>{{"dir/a.txt", std::nullopt}, {"b.txt", s.read("dir/a.txt")}};
  });
  REQUIRE(second.commit.has_value());
  CHECK_FALSE(repo.current().read("dir/a.txt").has_value());
  CHECK(repo.current().read("b.txt") == "A");
  CHECK(repo.describe(*second.commit).summary == "two");
}

TEST_CASE("a second machine's edit is rebased onto the first's")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  auto a = sync::SyncRepo::open(dirs_in(dir / "a"), remote.string(), {"alpha", {}});
  a.edit("a1", write_file("a.txt", "1"));
  auto b = sync::SyncRepo::open(dirs_in(dir / "b"), remote.string(), {"beta", {}});
  b.edit("b1", write_file("b.txt", "1"));
  a.edit("a2", write_file("a.txt", "2"));
  a.refresh();
  CHECK(a.current().read("b.txt") == "1");
  CHECK(a.current().read("a.txt") == "2");
}

TEST_CASE("foreign and newer repositories are refused")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  auto repo = sync::SyncRepo::open(dirs_in(dir / "a"), remote.string(), {"alpha", {}});
  CHECK_NOTHROW(sync::verify_repository(repo.refresh(), repo.current()));
  repo.edit("foreign", write_file("README", "hi"));
  CHECK_THROWS_WITH_AS(sync::verify_repository(repo.refresh(), repo.current()),
                       doctest::Contains("not a ccsync repository"), Error);
  repo.edit("ours", write_file(sync::k_marker_path, R"({"format_version": 1})"));
  CHECK_NOTHROW(sync::verify_repository(repo.refresh(), repo.current()));
  repo.edit("newer", write_file(sync::k_marker_path, R"({"format_version": 99})"));
  // Every command refreshes first: a newer repository is refused before anything is written.
  CHECK_THROWS_WITH_AS(repo.refresh(), doctest::Contains("written by a newer ccsync"), Error);
  CHECK_THROWS_AS(repo.edit("after", write_file("x.txt", "1")), Error);
}

TEST_CASE("machine registration: idempotent, keeps the first time, refuses a used id")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  auto repo = sync::SyncRepo::open(dirs_in(dir / "a"), remote.string(), {"alpha", {}});
  const auto register_as = [&](sync::MachineRecord r, sync::Force force) {
    return repo.edit("register", [=](const sync::Snapshot& s) {
      std::vector<git::Change> changes;
      if (auto c = sync::registration_change(s, r, force)) {
        changes.push_back(*c);
      }
      return changes;
    });
  };
  CHECK(register_as(record("alpha", "i1"), sync::Force::no).commit.has_value());
  auto again = record("alpha", "i1");
  again.registered_at = "2027-01-01T00:00:00Z";
  CHECK_FALSE(register_as(again, sync::Force::no).commit.has_value());
  CHECK_THROWS_WITH_AS(register_as(record("alpha", "i2"), sync::Force::no),
                       doctest::Contains("already registered"), Error);
  CHECK(register_as(record("alpha", "i2"), sync::Force::yes).commit.has_value());
  const auto machines = sync::list_machines(repo.current());
  REQUIRE(machines.size() == 1);
  CHECK(machines[0].install_id == "i2");
}

TEST_CASE("shared placeholders: set, read, per machine, damaged file")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  auto repo = sync::SyncRepo::open(dirs_in(dir / "a"), remote.string(), {"alpha", {}});
  repo.edit("p", [](const sync::Snapshot& s) {
    return std::vector<git::Change>{*sync::placeholders_change(
      s, {{"PROJECTS", "alpha", "/a/p"}, {"PROJECTS", "beta", "/b/p"}, {"WORK", "beta", "/w"}})};
  });
  const auto table = sync::read_placeholders(repo.current());
  CHECK(table.at("PROJECTS").at("beta") == "/b/p");
  CHECK(sync::placeholders_for(table, "alpha") ==
        std::map<std::string, std::string>{{"PROJECTS", "/a/p"}});
  CHECK(sync::placeholders_for(table, "beta").size() == 2);
  CHECK_FALSE(sync::placeholders_change(repo.current(), {{"WORK", "beta", "/w"}}).has_value());
  repo.edit("damage", write_file(sync::k_placeholders_path, "{not json"));
  CHECK_THROWS_WITH_AS(sync::read_placeholders(repo.current()), doctest::Contains("damaged"),
                       Error);
}

TEST_CASE("an unreachable remote is a network error")
{
  TempDir dir;
  auto repo = sync::SyncRepo::open(dirs_in(dir / "a"), "git://127.0.0.1:1/none.git", {"alpha", {}});
  try {
    repo.refresh();
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::network);
    CHECK(std::string(e.what()).find("fetching from 'git://127.0.0.1:1/none.git'") == 0);
  }
}

TEST_SUITE_END();

TEST_CASE("an edit that changes nothing pushes nothing, not even an empty first commit")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  auto repo = sync::SyncRepo::open(dirs_in(dir / "a"), remote.string(), {"alpha", {}});
  const std::string ref = std::string(sync::k_locks_prefix) + "s1";
  const auto nothing =
    repo.edit_ref(ref, "release", [](const sync::Snapshot&) { return std::vector<git::Change>{}; });
  CHECK_FALSE(nothing.commit.has_value());
  const auto deleting = repo.edit_ref(ref, "delete what is not there", [](const sync::Snapshot&) {
    return std::vector<git::Change>{{"lock.json", std::nullopt}};
  });
  CHECK_FALSE(deleting.commit.has_value());
  repo.refresh();
  CHECK(repo.remote_refs(sync::k_locks_prefix).empty());
}

TEST_CASE("lock refs live in a cache of their own, the branch's cache negotiates alone")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  const auto dirs = dirs_in(dir / "a");
  auto repo = sync::SyncRepo::open(dirs, remote.string(), {"alpha", {}});
  repo.edit("one", write_file("a.txt", "A"));
  const std::string ref = std::string(sync::k_locks_prefix) + "s1";
  repo.edit_ref(ref, "lock", write_file("lock.json", "{}"));
  repo.refresh();
  CHECK(repo.current(ref).read("lock.json") == "{}");
  CHECK(repo.remote_refs(sync::k_locks_prefix) == std::vector<std::string>{ref});
  const auto branches = git::Repository::open_or_create(dirs.repo_dir(), remote.string());
  CHECK(branches.list_refs("refs/ccsync/*").empty());
  const auto locks = git::Repository::open_or_create(dirs.locks_repo_dir(), remote.string());
  CHECK(locks.list_refs("refs/ccsync/remote-locks/*").size() == 1);
}

TEST_CASE("opening the repository removes only temporary files whose writer is gone")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  const auto dirs = dirs_in(dir / "a");
  platform::ensure_dir(dirs.ccsync_home);
  const auto live =
    dirs.ccsync_home / ("daemon.json.tmp-" + std::to_string(::getpid()) + "-0123abcd");
  const auto dead = dirs.ccsync_home / "state.json.tmp-999999999-0123abcd";
  const auto old_fresh = dirs.ccsync_home / "state.json.tmp-0123456789ab";
  const auto old_stale = dirs.ccsync_home / "forks.json.tmp-ba9876543210";
  for (const auto& file : {live, dead, old_fresh, old_stale}) {
    platform::write_file_atomic(file, "x", 0600);
  }
  std::filesystem::last_write_time(old_stale, std::filesystem::file_time_type::clock::now() -
                                                std::chrono::hours(48));
  auto repo = sync::SyncRepo::open(dirs, remote.string(), {"alpha", {}});
  CHECK(std::filesystem::exists(live)); // a live process writes it (the daemon's state)
  CHECK_FALSE(std::filesystem::exists(dead));
  CHECK(std::filesystem::exists(old_fresh));
  CHECK_FALSE(std::filesystem::exists(old_stale));
}
