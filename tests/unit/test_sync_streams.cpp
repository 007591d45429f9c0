// Streaming pieces of the engine: line reading, line-by-line comparison, chunk writing, facts.
#include "git/repository.hpp"
#include "sync/engine.hpp"
#include "sync/store/chunk_writer.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_facts.hpp"
#include "sync/store/transcript_compare.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "temp_dir.hpp"

using namespace ccsync;
using namespace ccsync::sync;

TEST_SUITE_BEGIN("sync");

namespace {

// A source that hands out `text` in pieces of `size` bytes.
class PieceSource final : public ByteSource {
public:
  PieceSource(std::string text, std::size_t size)
      : m_text(std::move(text))
      , m_size(size)
  {}
  std::string_view
  next() override
  {
    const std::string_view piece = std::string_view(m_text).substr(m_at, m_size);
    m_at += piece.size();
    return piece;
  }

private:
  std::string m_text;
  std::size_t m_size;
  std::size_t m_at = 0;
};

std::vector<std::string>
lines_of(ByteSource& source, std::size_t max_line = k_max_line_bytes)
{
  LineReader reader(source, max_line);
  std::vector<std::string> lines;
  while (const auto line = reader.next()) {
    lines.emplace_back(*line);
  }
  return lines;
}

const paths::Placeholders&
alice()
{
  static const paths::Placeholders placeholders =
    make_placeholders("/home/alice", {{"P", "/home/alice/proj"}});
  return placeholders;
}

Comparison
compare(const std::string& local, const std::string& remote, LineMatcher& matcher,
        bool whole = true)
{
  StringSource l(local);
  StringSource r(remote);
  LineReader lr(l);
  LineReader rr(r);
  return compare_transcripts(lr, rr, matcher, whole);
}

} // namespace

TEST_CASE("lines come out whole whatever the pieces, the last one maybe without newline")
{
  const std::string text = "one\ntwo two\n\nthree-without-newline";
  for (const std::size_t size : {1U, 2U, 3U, 5U, 64U}) {
    PieceSource source(text, size);
    const auto lines = lines_of(source);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "one\n");
    CHECK(lines[1] == "two two\n");
    CHECK(lines[2] == "\n");
    CHECK(lines[3] == "three-without-newline");
  }
  StringSource empty("");
  CHECK(lines_of(empty).empty());
}

TEST_CASE("a line over the limit is refused, not buffered without end")
{
  PieceSource source(std::string(100, 'x') + "\n", 7);
  CHECK_THROWS_AS(lines_of(source, 64), Error);
  PieceSource fits(std::string(60, 'x') + "\n", 7);
  CHECK(lines_of(fits, 64).size() == 1);
}

TEST_CASE("unread gives the last line back, once")
{
  StringSource source("a\nb\n");
  LineReader reader(source);
  CHECK(*reader.next() == "a\n");
  reader.unread();
  CHECK(reader.consumed() == 0);
  CHECK(*reader.next() == "a\n");
  CHECK(*reader.next() == "b\n");
  CHECK(reader.consumed() == 4);
  CHECK_FALSE(reader.next().has_value());
}

TEST_CASE("a file source reads the range it was given")
{
  test::TempDir dir;
  std::ofstream(dir / "f") << "0123456789";
  FileSource source(dir / "f", 2, 5);
  std::string got;
  for (auto piece = source.next(); !piece.empty(); piece = source.next()) {
    got += piece;
  }
  CHECK(got == "23456");
}

TEST_CASE("comparison: equal, ahead, behind, diverged, in the repository's spelling too")
{
  LineMatcher matcher(alice());
  const std::string a = "{\"cwd\":\"/home/alice/proj\"}\n";
  const std::string a_repo = "{\"cwd\":\"{{P}}\"}\n";
  const std::string b = "{\"x\":2}\n";
  const std::string c = "{\"x\":3}\n";
  CHECK(compare(a + b, a_repo + b, matcher).relation == Relation::equal);
  const auto ahead = compare(a + b + c, a_repo + b, matcher);
  CHECK(ahead.relation == Relation::local_ahead);
  CHECK(ahead.common_lines == 2);
  CHECK(ahead.local_common == a.size() + b.size());
  CHECK(ahead.remote_common == a_repo.size() + b.size());
  CHECK(compare(a, a_repo + b, matcher).relation == Relation::remote_ahead);
  const auto diverged = compare(a + b, a_repo + c, matcher);
  CHECK(diverged.relation == Relation::diverged);
  CHECK(diverged.common_lines == 1);
  // a path another machine pushed verbatim expands to itself and still matches
  CHECK(compare("{\"f\":\"/opt/x\"}\n", "{\"f\":\"/opt/x\"}\n", matcher).relation ==
        Relation::equal);
  // a last local line without newline does not count for push, does for pull
  CHECK(compare(a + "{\"partial", a_repo, matcher).relation == Relation::equal);
  CHECK(compare(a + "{\"partial", a_repo, matcher, false).relation == Relation::local_ahead);
}

TEST_CASE("comparison against a fork: the session id is rewritten on the local lines first")
{
  LineMatcher matcher(alice());
  matcher.rewrite_session_id("old", "new");
  const std::string local = R"({"sessionId":"old","m":1})"
                            "\n";
  CHECK(compare(local,
                R"({"sessionId":"new","m":1})"
                "\n",
                matcher)
          .relation == Relation::equal);
  CHECK(matcher.to_repository(local) == R"({"sessionId":"new","m":1})"
                                        "\n");
}

TEST_CASE("the chunk writer cuts exactly as cut_chunks does, line by line")
{
  test::TempDir dir;
  git::Repository::init_bare(dir / "r.git");
  auto repo = git::Repository::open_or_create(dir / "r.git", "/nowhere");
  std::string content;
  for (int i = 0; i < 600; ++i) {
    content += std::string(static_cast<std::size_t>(100 + (i * 7919) % 40000), 'a') + "\n";
  }
  content += std::string(k_chunk_bytes * 2 + 5, 'L') + "\n" + "tail";
  std::vector<std::string_view> pieces;
  const auto expected = cut_chunks(content, pieces);
  ChunkWriter writer(
    [&](const std::string& /*path*/, std::string_view bytes) { return repo.write_blob(bytes); },
    "s", 1);
  StringSource source(content);
  LineReader lines(source, content.size());
  while (const auto line = lines.next()) {
    writer.add(*line);
  }
  const auto chunks = writer.finish();
  REQUIRE(chunks.size() == expected.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    CHECK(chunks[i].name == expected[i].name);
    CHECK(chunks[i].bytes == expected[i].bytes);
    CHECK(chunks[i].lines == expected[i].lines);
    CHECK(chunks[i].hash == expected[i].hash);
    CHECK(chunks[i].bytes <= k_chunk_bytes);
    CHECK(chunks[i].level == k_sealed);
  }
}

TEST_CASE("facts: cwd (relocation wins), title (named wins), last timestamp")
{
  SessionFacts facts("-p-app");
  for (
    const char* line : {
      R"({"type":"user","message":{"role":"user","content":"first prompt"},"cwd":"/elsewhere","timestamp":"2026-11-01T10:00:00.000Z"})",
      R"({"type":"user","message":{"role":"user","content":"second"},"cwd":"/p/app","timestamp":"2026-11-01T10:05:00.000Z"})",
      R"({"type":"assistant","nested":{"timestamp":"not a time"},"cwd":"/p/app"})",
    }) {
    facts.add(std::string(line) + "\n");
  }
  CHECK(facts.cwd() == "/p/app");
  CHECK(facts.title() == "first prompt");
  CHECK(facts.last_timestamp() == "2026-11-01T10:05:00.000Z");
  facts.add(R"({"type":"custom-title","customTitle":"Named"})"
            "\n");
  facts.add(R"({"type":"relocated","relocatedCwd":"/q/moved","sessionId":"x"})"
            "\n");
  CHECK(facts.title() == "Named");
  CHECK(facts.cwd() == "/q/moved");
}
