// The repository layout (shards, chunk levels, the format-1 upgrade), the tail merge rule and the
// sync index.
#include "git/repository.hpp"
#include "platform/fs.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/sync_repo.hpp"
#include "sync/repo/upgrade.hpp"
#include "sync/store/session_store.hpp"
#include "sync/store/tail_plan.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ccsync;
using namespace ccsync::sync;
using test::TempDir;

namespace {

std::vector<ChunkShape>
pieces(std::size_t count, std::uint64_t bytes, int level)
{
  return std::vector<ChunkShape>(count, ChunkShape{bytes, level});
}

// Appends `appends` pieces of `bytes` to a sealed chunk, merging as the rule says; returns the
// shapes and counts the bytes each merge rewrote in `rewritten`.
std::vector<ChunkShape>
simulate(int appends, std::uint64_t bytes, std::uint64_t& rewritten)
{
  std::vector<ChunkShape> chunks = {{1000, k_sealed}};
  for (int i = 0; i < appends; ++i) {
    chunks.push_back({bytes, 0});
    while (const auto merge = next_merge(chunks)) {
      std::uint64_t total = 0;
      for (std::size_t j = merge->first; j < chunks.size(); ++j) {
        total += chunks[j].bytes;
      }
      rewritten += total;
      chunks.resize(merge->first);
      if (merge->seal) {
        for (; total > k_chunk_bytes; total -= k_chunk_bytes) {
          chunks.push_back({k_chunk_bytes, k_sealed});
        }
        chunks.push_back({total, tail_level_of(merge->level, total)});
      } else {
        chunks.push_back({total, merge->level});
      }
    }
  }
  return chunks;
}

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("sessions live in shards named by the first two characters of their id")
{
  CHECK(session_dir("ab12-x") == "sessions/ab/ab12-x");
  CHECK(meta_path("ab12-x") == "sessions/ab/ab12-x/meta.json");
  CHECK(chunk_path("ab12-x", "000002.jsonl") == "sessions/ab/ab12-x/transcript/000002.jsonl");
  CHECK(session_dir("z") == "sessions/z_/z");
}

TEST_CASE("tail pieces: the last fanout pieces of a level merge into one of the next")
{
  CHECK_FALSE(next_merge({}).has_value());
  CHECK_FALSE(next_merge(pieces(3, 100, k_sealed)).has_value());
  CHECK_FALSE(next_merge(pieces(k_tail_fanout - 1, 100, 0)).has_value());
  auto chunks = pieces(1, 4000, k_sealed);
  const auto tail = pieces(k_tail_fanout, 100, 0);
  chunks.insert(chunks.end(), tail.begin(), tail.end());
  const auto merge = next_merge(chunks);
  REQUIRE(merge.has_value());
  CHECK(merge->first == 1);
  CHECK(merge->level == 1);
  CHECK_FALSE(merge->seal);
  // A level-1 piece before the run stays where it is.
  chunks.insert(chunks.begin() + 1, ChunkShape{800, 1});
  CHECK(next_merge(chunks)->first == 2);
}

TEST_CASE("tail pieces: a merge that would reach a whole chunk seals the whole tail")
{
  auto chunks = pieces(2, k_chunk_bytes, k_sealed);
  chunks.push_back({300'000, 2});
  const auto run = pieces(k_tail_fanout, k_chunk_bytes / k_tail_fanout, 1);
  chunks.insert(chunks.end(), run.begin(), run.end());
  const auto merge = next_merge(chunks);
  REQUIRE(merge.has_value());
  CHECK(merge->first == 2); // the level-2 piece goes with them
  CHECK(merge->seal);
  CHECK(tail_level_of(merge->level, 1000) == merge->level);
  CHECK(tail_level_of(merge->level, k_chunk_bytes / 2) == k_sealed);
  CHECK(seals_at_once(k_chunk_bytes));
  CHECK_FALSE(seals_at_once(k_chunk_bytes - 1));
}

TEST_CASE("tail pieces: appends rewrite each byte a few times and keep few chunks")
{
  for (const std::uint64_t bytes : {2'000ULL, 20'000ULL, 200'000ULL}) {
    std::uint64_t rewritten = 0;
    const int appends = 2000;
    const auto chunks = simulate(appends, bytes, rewritten);
    const std::uint64_t appended = bytes * appends;
    CAPTURE(bytes);
    CHECK(rewritten <= 5 * appended); // about log8(4 MiB / append) rewrites per byte
    std::size_t tail = 0;
    for (const auto& chunk : chunks) {
      tail += chunk.level != k_sealed ? 1 : 0;
    }
    CHECK(tail <= (k_tail_fanout - 1) * 5);
    CHECK(chunks.size() <= 1 + 2 * (appended / k_chunk_bytes) + tail);
  }
}

TEST_CASE("chunk levels round-trip through meta.json; sealed chunks carry none")
{
  SessionMeta meta;
  meta.session_id = "ab12";
  meta.project = "{{HOME}}/p";
  meta.chunks = {{"000001.jsonl", 3, 99, "ce013625030ba8dba906f756967f9e9ca394464a"},
                 {"000002.jsonl", 1, 9, "ce013625030ba8dba906f756967f9e9ca394464a", 2}};
  const std::string text = to_json(meta);
  CHECK(text.find("\"level\": 2") != std::string::npos);
  CHECK(text.find("\"level\"") == text.rfind("\"level\""));
  const auto parsed = parse_meta(text);
  REQUIRE(parsed.has_value());
  CHECK(parsed->chunks[0].level == k_sealed);
  CHECK(parsed->chunks[1].level == 2);
  CHECK_FALSE(parse_meta(R"({"session_id":"a","project":"p","chunks":[)"
                         R"({"name":"000001.jsonl","level":-1}]})"));
  CHECK_FALSE(parse_meta(R"({"session_id":"a","project":"p","chunks":[)"
                         R"({"name":"000001.jsonl","level":99}]})"));
}

TEST_CASE("the sync index round-trips every field, odd paths included")
{
  TempDir dir;
  SyncIndex index = SyncIndex::load(dir.path());
  IndexEntry entry;
  entry.transcript = {123, 456789};
  entry.sidecars = {{"tool-results/a b.txt", {1, 2}}, {"@tasks/1.json", {3, 4}}};
  entry.cwd = "/home/x/my project%\n";
  entry.project_dir = "-home-x-my-project";
  entry.meta_id = "ce013625030ba8dba906f756967f9e9ca394464a";
  entry.pushed_bytes = 120;
  entry.tail_hash = 0xfeedULL;
  entry.placeholders = 77;
  entry.boundaries = {{"aa", 10}, {"bb", std::nullopt}, {"cc", 120}};
  index.set("s-1", entry);
  IndexEntry outside;
  outside.state = IndexState::outside;
  outside.cwd = "";
  index.set("s-2", outside);
  index.set_fingerprint(0xabcdef);
  index.set_memory_files({{"CLAUDE.md", {5, 6}}, {"projects/p/memory/x y.md", {7, 8}}});
  index.save();
  const SyncIndex loaded = SyncIndex::load(dir.path());
  REQUIRE(loaded.find("s-1") != nullptr);
  CHECK(*loaded.find("s-1") == entry);
  REQUIRE(loaded.find("s-2") != nullptr);
  CHECK(*loaded.find("s-2") == outside);
  CHECK(loaded.fingerprint() == 0xabcdef);
  CHECK(loaded.memory_files() == index.memory_files());
  CHECK(loaded.find("s-3") == nullptr);
}

TEST_CASE("a damaged sync index is an empty one; invalidating it drops the fingerprint")
{
  TempDir dir;
  platform::write_file_atomic(dir / "sync-index", "ccsync sync-index 1\nS broken\n");
  const SyncIndex damaged = SyncIndex::load(dir.path());
  CHECK(damaged.find("broken") == nullptr);
  CHECK(damaged.fingerprint() == 0);
  platform::write_file_atomic(dir / "sync-index", "something else\n");
  CHECK(SyncIndex::load(dir.path()).fingerprint() == 0);
  SyncIndex index = SyncIndex::load(dir.path());
  index.set_fingerprint(5);
  index.save();
  invalidate_sync_index(dir.path());
  CHECK(SyncIndex::load(dir.path()).fingerprint() == 0);
}

TEST_CASE("pull resumes after the last chunk end both sides still share")
{
  SessionMeta meta;
  meta.chunks = {
    {"000001.jsonl", 1, 100, "a"}, {"000002.jsonl", 1, 50, "b"}, {"000003.jsonl", 1, 30, "c2"}};
  const ResumePoint none = resume_point({}, meta);
  CHECK(none.chunk == 0);
  CHECK(none.local == 0);
  const ResumePoint two = resume_point({{"a", 110}, {"b", 165}, {"c", 200}}, meta);
  CHECK(two.chunk == 2);
  CHECK(two.remote == 150);
  CHECK(two.local == 165);
  const ResumePoint one = resume_point({{"a", 110}, {"b", std::nullopt}}, meta);
  CHECK(one.chunk == 1);
  CHECK(one.remote == 100);
  CHECK(one.local == 110);
  const auto merged =
    merge_boundaries({{"a", std::nullopt}, {"b", std::nullopt}, {"x", 9}}, {{"a", 1}, {"q", 2}});
  CHECK(merged[0].local_end == 1u);
  CHECK_FALSE(merged[1].local_end.has_value());
  CHECK(merged[2].local_end == 9u);
}

TEST_CASE("a format-1 repository is read through its upgrade, which a push sends")
{
  TempDir dir;
  const auto remote = dir / "remote.git";
  git::Repository::init_bare(remote);
  {
    auto writer = git::Repository::open_or_create(dir / "writer.git", remote.string());
    const std::vector<git::Change> format_1 = {
      {"ccsync.json", std::string(R"({"format_version": 1, "created_by": "old"})")},
      {"sessions/ab12-x/meta.json", std::string("{}")},
      {"sessions/cd34-y/transcript/000001.jsonl", std::string("line\n")},
      {"sessions/not a session/x", std::string("odd")}};
    const auto commit = writer.commit(std::nullopt, format_1, "format 1", "old");
    REQUIRE(writer.push(*commit, "refs/heads/main").pushed);
  }
  const auto dirs = platform::resolve_dirs(platform::Environment({{"HOME", (dir / "a").string()}}));
  auto repo = SyncRepo::open(dirs, remote.string(), {"alpha", {}});
  repo.refresh();
  const Snapshot view = repo.current();
  CHECK(view.read("sessions/ab/ab12-x/meta.json") == "{}");
  CHECK(view.read("sessions/cd/cd34-y/transcript/000001.jsonl") == "line\n");
  CHECK_FALSE(view.read("sessions/ab12-x/meta.json").has_value());
  CHECK(list_session_ids(view) == std::vector<std::string>{"ab12-x", "cd34-y"});
  CHECK(view.read("ccsync.json")->find("\"format_version\": 2") != std::string::npos);
  CHECK(view.read("ccsync.json")->find("\"created_by\": \"old\"") != std::string::npos);
  const auto again = repo.current().commit();
  repo.refresh();
  CHECK(repo.current().commit() == again); // made once per tip
  const auto edit = repo.edit("a change", [](const Snapshot&) {
    return std::vector<git::Change>{{"x.txt", std::string("x")}};
  });
  REQUIRE(edit.commit.has_value());
  auto other =
    SyncRepo::open(platform::resolve_dirs(platform::Environment({{"HOME", (dir / "b").string()}})),
                   remote.string(), {"beta", {}});
  other.refresh();
  CHECK(other.current().read("sessions/ab/ab12-x/meta.json") == "{}");
  CHECK(other.current().read("x.txt") == "x");
  CHECK(other.describe(*other.first_parent(k_main_ref, *other.current().commit()))
          .summary.starts_with("Upgrade the repository to format 2"));
}
