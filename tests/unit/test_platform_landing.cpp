// platform/: writes that land only while their target is what was seen (issue 23): the check
// right before a rename, the append in place, removals, and a write batch's groups, against real
// files; a writer holding its file open, as Claude Code does, is a second descriptor.
#include "platform/fs.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

// Claude Code's way of writing a transcript: one descriptor, opened once, appended through.
class Appender {
public:
  explicit Appender(const fs::path& file)
      : m_fd(::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC))
  {
    REQUIRE(m_fd);
  }
  void
  append(std::string_view line)
  {
    REQUIRE(::write(m_fd.get(), line.data(), line.size()) == static_cast<ssize_t>(line.size()));
  }

private:
  platform::Fd m_fd;
};

std::size_t
files_in(const fs::path& dir)
{
  return static_cast<std::size_t>(
    std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// An AtomicFile of `content` over `path`, expecting `seen`; whether it landed.
bool
write_expecting(const fs::path& path, std::string_view content, const platform::FileState& seen,
                platform::Landing landing = platform::Landing::replace)
{
  platform::AtomicFile out(path, 0600, landing);
  out.expect(seen);
  out.write(content);
  return out.commit();
}

} // namespace

TEST_SUITE_BEGIN("platform");

TEST_CASE("a file's state: absent, then its inode, size and mtime")
{
  TempDir dir;
  CHECK_FALSE(platform::file_state(dir / "t.jsonl").exists);
  CHECK_FALSE(platform::file_state(dir / "missing" / "t.jsonl").exists);
  platform::write_file_atomic(dir / "t.jsonl", "a\n");
  const platform::FileState first = platform::file_state(dir / "t.jsonl");
  CHECK(first.regular());
  CHECK(first.size == 2);
  Appender(dir / "t.jsonl").append("b\n");
  const platform::FileState second = platform::file_state(dir / "t.jsonl");
  CHECK(second.inode == first.inode);
  CHECK(second != first);
  fs::create_symlink(dir / "t.jsonl", dir / "link");
  CHECK_FALSE(platform::file_state(dir / "link").regular()); // the link itself
}

TEST_CASE("a replacement lands only while its target is what was seen")
{
  TempDir dir;
  const fs::path file = dir / "t.jsonl";
  platform::write_file_atomic(file, "one\n");
  const platform::FileState seen = platform::file_state(file);
  SUBCASE("unchanged: replaced")
  {
    CHECK(write_expecting(file, "new\n", seen));
    CHECK(platform::read_file(file) == "new\n");
  }
  SUBCASE("appended to since: left alone, and nothing else stays behind")
  {
    Appender(file).append("two\n");
    CHECK_FALSE(write_expecting(file, "new\n", seen));
    CHECK(platform::read_file(file) == "one\ntwo\n");
    CHECK(files_in(dir.path()) == 1);
  }
  SUBCASE("seen absent, created since: never replaced")
  {
    CHECK(write_expecting(dir / "fresh.jsonl", "new\n", platform::FileState{}));
    CHECK_FALSE(write_expecting(dir / "fresh.jsonl", "newer\n", platform::FileState{}));
    CHECK(platform::read_file(dir / "fresh.jsonl") == "new\n");
  }
  SUBCASE("removed only while unchanged")
  {
    Appender(file).append("two\n");
    CHECK_FALSE(platform::remove_file_if_unchanged(file, seen));
    CHECK(fs::exists(file));
    CHECK(platform::remove_file_if_unchanged(file, platform::file_state(file)));
    CHECK_FALSE(fs::exists(file));
  }
}

TEST_CASE("a prefix is extended in place: same inode, and a writer holding it open keeps writing")
{
  TempDir dir;
  const fs::path file = dir / "t.jsonl";
  platform::write_file_atomic(file, "one\n");
  Appender claude(file); // opened before the pull, as Claude Code holds its transcript
  const platform::FileState seen = platform::file_state(file);
  REQUIRE(write_expecting(file, "two\nthree\n", seen, platform::Landing::append));
  CHECK(platform::file_state(file).inode == seen.inode);
  claude.append("four\n");
  CHECK(platform::read_file(file) == "one\ntwo\nthree\nfour\n");
  CHECK(files_in(dir.path()) == 1);

  SUBCASE("a file that grew since it was seen is not extended")
  {
    const platform::FileState before = platform::file_state(file);
    claude.append("five\n");
    CHECK_FALSE(write_expecting(file, "late\n", before, platform::Landing::append));
    CHECK(platform::read_file(file) == "one\ntwo\nthree\nfour\nfive\n");
    CHECK(files_in(dir.path()) == 1);
  }
  SUBCASE("a file replaced since (another inode, same size) is not extended")
  {
    const platform::FileState before = platform::file_state(file);
    platform::write_file_atomic(file, "ONE\nTWO\nTHREE\nFOUR\n");
    CHECK_FALSE(write_expecting(file, "late\n", before, platform::Landing::append));
  }
  SUBCASE("lines longer than the copy buffer arrive whole")
  {
    const std::string long_line = std::string(3 << 20, 'x') + "\n";
    CHECK(write_expecting(file, long_line + "end\n", platform::file_state(file),
                          platform::Landing::append));
    CHECK(platform::read_file(file) == "one\ntwo\nthree\nfour\n" + long_line + "end\n");
  }
}

TEST_CASE("a write batch leaves a group alone when one of its targets changed before finish")
{
  TempDir dir;
  const fs::path session = dir / "s.jsonl";
  const fs::path other = dir / "o.jsonl";
  platform::write_file_atomic(session, "local\n");
  platform::write_file_atomic(other, "other\n");
  std::vector<platform::LeftAlone> left;
  {
    platform::WriteBatch batch;
    {
      const platform::BatchGroup group("s");
      write_expecting(dir / "fork.jsonl", "local\n", platform::FileState{}); // a split's fork
      write_expecting(session, "repository\n", platform::file_state(session));
    }
    {
      const platform::BatchGroup group("o");
      write_expecting(other, "more\n", platform::file_state(other), platform::Landing::append);
    }
    Appender(session).append("claude\n"); // between the decision and the writes
    left = batch.finish();
  }
  REQUIRE(left.size() == 1);
  CHECK(left[0].group == "s");
  CHECK(left[0].path == session);
  CHECK_FALSE(left[0].withheld);
  CHECK(platform::read_file(session) == "local\nclaude\n");
  CHECK_FALSE(fs::exists(dir / "fork.jsonl")); // the fork goes with the session it splits
  CHECK(platform::read_file(other) == "other\nmore\n");
  CHECK(files_in(dir.path()) == 2);
}

TEST_CASE("a write batch withholds the groups it is told to, asked right before the writes")
{
  TempDir dir;
  std::vector<platform::LeftAlone> left;
  {
    platform::WriteBatch batch;
    {
      const platform::BatchGroup group("live");
      platform::write_file_atomic(dir / "live.jsonl", "x\n", 0600, platform::FileState{});
    }
    {
      const platform::BatchGroup group("idle");
      platform::write_file_atomic(dir / "idle.jsonl", "y\n", 0600, platform::FileState{});
    }
    bool asked = false;
    left = batch.finish([&] {
      asked = true;
      return std::set<std::string>{"live", "absent"};
    });
    CHECK(asked);
  }
  REQUIRE(left.size() == 1);
  CHECK(left[0].group == "live");
  CHECK(left[0].withheld);
  CHECK_FALSE(fs::exists(dir / "live.jsonl"));
  CHECK(platform::read_file(dir / "idle.jsonl") == "y\n");
  CHECK(files_in(dir.path()) == 1);
}
