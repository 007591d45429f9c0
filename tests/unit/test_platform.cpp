// platform/: atomic writes, reads, directories, kernel file locks, directory resolution.
#include "platform/dirs.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;

TEST_SUITE_BEGIN("platform");

TEST_CASE("atomic write creates parents, sets the mode, replaces content and leaves no temp")
{
  TempDir dir;
  const auto file = dir / "a/b/state.json";
  platform::write_file_atomic(file, "one", 0600);
  CHECK(platform::read_file(file) == "one");
  platform::write_file_atomic(file, std::string("t\0wo", 4), 0600);
  CHECK(platform::read_file(file) == std::string("t\0wo", 4));
  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir / "a/b")) {
    ++entries;
  }
  CHECK(entries == 1);
}

namespace {

std::size_t
entries_in(const std::filesystem::path& dir)
{
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++count;
  }
  return count;
}

} // namespace

TEST_CASE("a write batch puts its files in place at finish, with their modes and times")
{
  TempDir dir;
  platform::write_file_atomic(dir / "a", "old a");
  {
    platform::WriteBatch batch;
    for (int i = 0; i < 40; ++i) { // more than a few: one syncfs
      platform::write_file_atomic(dir / ("f" + std::to_string(i)), "x", 0600);
    }
    platform::AtomicFile a(dir / "a", 0640);
    a.write("new a");
    a.set_mtime(1'000'000'000);
    a.commit();
    CHECK(platform::read_file(dir / "a") == "old a"); // not in place before finish()
    CHECK_FALSE(platform::read_file(dir / "f0").has_value());
    batch.finish();
    CHECK(platform::read_file(dir / "a") == "new a");
    platform::write_file_atomic(dir / "after", "y"); // after finish: not the batch's any more
    CHECK(platform::read_file(dir / "after") == "y");
  }
  struct stat info {};
  REQUIRE(::stat((dir / "a").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);
  CHECK(info.st_mtime == 1'000'000'000);
  CHECK(platform::read_file(dir / "f39") == "x");
  CHECK(entries_in(dir.path()) == 42); // a, after, f0..f39: no temporary file left
}

TEST_CASE("a write batch given up before finish leaves every file as it was")
{
  TempDir dir;
  platform::write_file_atomic(dir / "a", "old a");
  {
    platform::WriteBatch batch;
    platform::write_file_atomic(dir / "a", "new a");
    platform::write_file_atomic(dir / "b", "new b");
  }
  CHECK(platform::read_file(dir / "a") == "old a");
  CHECK_FALSE(platform::read_file(dir / "b").has_value());
  CHECK(entries_in(dir.path()) == 1);
  CHECK(platform::WriteBatch::active() == nullptr);
}

TEST_CASE("reading a missing file is nothing, not an error")
{
  TempDir dir;
  CHECK_FALSE(platform::read_file(dir / "missing").has_value());
  CHECK_THROWS_AS(platform::read_file(dir.path()), ccsync::Error); // a directory
}

TEST_CASE("a file lock excludes another process until released")
{
  TempDir dir;
  const auto lock_file = dir / "repo.lock";
  {
    auto lock = platform::FileLock::acquire(lock_file, std::chrono::milliseconds(0));
    REQUIRE(lock.has_value());
    const pid_t child = fork();
    if (child == 0) {
      const auto other = platform::FileLock::acquire(lock_file, std::chrono::milliseconds(100));
      _exit(other ? 1 : 0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WEXITSTATUS(status) == 0); // the child could not take it
  }
  CHECK(platform::FileLock::acquire(lock_file, std::chrono::milliseconds(0)).has_value());
}

TEST_CASE("directories come from the environment, with documented defaults")
{
  platform::Environment env(std::map<std::string, std::string>{{"HOME", "/h/me"}});
  auto dirs = platform::resolve_dirs(env);
  CHECK(dirs.ccsync_home == "/h/me/.claude-session-sync");
  CHECK(dirs.claude_dir == "/h/me/.claude");
  CHECK(dirs.config_file() == "/h/me/.claude-session-sync/config.json");
  env.set("CCSYNC_HOME", "/x/ccs");
  env.set("CLAUDE_CONFIG_DIR", "/x/claude");
  dirs = platform::resolve_dirs(env);
  CHECK(dirs.ccsync_home == "/x/ccs");
  CHECK(dirs.claude_dir == "/x/claude");
  CHECK(dirs.log_file() == "/x/ccs/logs/ccsync.log");
}

TEST_SUITE_END();
