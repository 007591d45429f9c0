// sync/session_store + local_sessions: chunking, meta validation, cwd discovery, forks.
#include "git/repository.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/store/session_store.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace ccsync;
using namespace ccsync::sync;

TEST_SUITE_BEGIN("sync");

TEST_CASE("chunks are line-aligned, bounded, and stable under appends")
{
  std::string content;
  for (int i = 0; i < 3000; ++i) {
    content += std::string(4000, static_cast<char>('a' + i % 26)) + "\n";
  }
  std::vector<std::string_view> pieces;
  const auto chunks = cut_chunks(content, pieces);
  REQUIRE(chunks.size() == 3);
  std::string joined;
  std::size_t lines = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    CHECK(pieces[i].size() <= k_chunk_bytes);
    CHECK(pieces[i].back() == '\n');
    CHECK(chunks[i].bytes == pieces[i].size());
    joined += pieces[i];
    lines += chunks[i].lines;
  }
  CHECK(joined == content);
  CHECK(lines == 3000);
  CHECK(chunks[0].name == "000001.jsonl");
  CHECK(chunks[0].hash == git::blob_id(pieces[0]));
  CHECK(git::blob_id("hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"); // git hash-object
  CHECK(chunks[2].name == "000003.jsonl");
  const std::string first = std::string(pieces[0]);
  const std::string appended = content + "new line\n";
  std::vector<std::string_view> again;
  cut_chunks(appended, again);
  CHECK(std::string(again[0]) == first); // earlier chunks never change
}

TEST_CASE("a line longer than a chunk is cut in chunk-sized pieces; no newline at the end is kept")
{
  const std::string content = "short\n" + std::string(k_chunk_bytes + 10, 'x') + "\ntail";
  std::vector<std::string_view> pieces;
  const auto chunks = cut_chunks(content, pieces);
  REQUIRE(chunks.size() == 3);
  CHECK(pieces[0] == "short\n");
  CHECK(pieces[1] == std::string(k_chunk_bytes, 'x'));
  CHECK(pieces[2] == "xxxxxxxxxx\ntail");
  CHECK(chunks[0].lines + chunks[1].lines + chunks[2].lines == 3);
  CHECK(chunks[1].lines == 0);
  CHECK(cut_chunks("", pieces).empty());
}

TEST_CASE("meta round trip and hostile metas refused")
{
  SessionMeta meta;
  meta.session_id = "abc-1";
  meta.project = "{{HOME}}/p";
  meta.chunks = {{"000001.jsonl", 3, 99, "ce013625030ba8dba906f756967f9e9ca394464a"}};
  meta.files = {"subagents/a.jsonl"};
  meta.forked_from = "abc-0";
  const auto parsed = parse_meta(to_json(meta));
  REQUIRE(parsed.has_value());
  CHECK(parsed->chunks[0].lines == 3);
  CHECK(parsed->chunks[0].hash == "ce013625030ba8dba906f756967f9e9ca394464a");
  CHECK(parsed->files == meta.files);
  CHECK(parsed->forked_from == "abc-0");
  CHECK_FALSE(parse_meta(R"({"session_id":"../x","project":"p","chunks":[]})"));
  CHECK_FALSE(parse_meta(R"({"session_id":"a","project":"p","chunks":[{"name":"../1.jsonl"}]})"));
  CHECK_FALSE(parse_meta(R"({"session_id":"a","project":"p","chunks":[],"files":["/etc/x"]})"));
  CHECK_FALSE(parse_meta(R"({"session_id":"a","project":"p","chunks":[],"files":["a/../../x"]})"));
  CHECK_FALSE(parse_meta(
    R"({"session_id":"a","project":"p","chunks":[{"name":"000001.jsonl","bytes":60000000}]})"));
  CHECK_FALSE(parse_meta("not json"));
}

TEST_CASE("safe relative paths")
{
  CHECK(is_safe_relative_path("subagents/agent-1.meta.json"));
  CHECK(is_safe_relative_path("tool-results/toolu_01.txt"));
  CHECK_FALSE(is_safe_relative_path(""));
  CHECK_FALSE(is_safe_relative_path("/abs"));
  CHECK_FALSE(is_safe_relative_path("a/../b"));
  CHECK_FALSE(is_safe_relative_path(".hidden"));
  CHECK_FALSE(is_safe_relative_path("a//b"));
  CHECK_FALSE(is_safe_relative_path("a\\b"));
}

TEST_CASE("title and last activity from the transcript")
{
  const std::string t =
    R"({"type":"user","message":{"role":"user","content":"first prompt"},"timestamp":"2026-01-02T00:00:00.000Z"})"
    "\n"
    R"({"type":"user","message":{"role":"user","content":"second"},"timestamp":"2026-01-03T00:00:00.000Z"})"
    "\n";
  CHECK(transcript_title(t) == "first prompt");
  CHECK(last_timestamp(t) == "2026-01-03T00:00:00.000Z");
  CHECK(transcript_title(t + R"({"type":"custom-title","customTitle":"Named"})"
                             "\n") == "Named");
  CHECK(transcript_title("garbage\n{\n") == "");
}

TEST_CASE("cwd comes from the transcript: matching encoding first, relocated last wins")
{
  const std::string t = R"({"type":"user","cwd":"/a/other"})"
                        "\n"
                        R"({"type":"user","cwd":"/a/proj"})"
                        "\n";
  CHECK(transcript_cwd(t, "-a-proj") == "/a/proj");
  CHECK(transcript_cwd(t, "-no-match") == "/a/other");
  CHECK(transcript_cwd(t + R"({"type":"relocated","relocatedCwd":"/b/new"})"
                           "\n",
                       "-a-proj") == "/b/new");
  CHECK_FALSE(transcript_cwd("{}\nnot json\n", "-x").has_value());
}

TEST_CASE("forks get a fresh UUID and their own sessionId")
{
  const std::string id = new_session_id();
  CHECK(std::regex_match(
    id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(new_session_id() != id);
  CHECK(rewrite_session_id(R"({"sessionId":"old","x":"sessionId old"})", "old", "new") ==
        R"({"sessionId":"new","x":"sessionId old"})");
}

TEST_CASE("memory keys percent-encode reversibly into one safe directory name")
{
  const std::string key = "{{HOME}}/src/my app/\xc3\xa9";
  const std::string encoded = util::percent_encode(key);
  CHECK(encoded == "%7B%7BHOME%7D%7D%2Fsrc%2Fmy%20app%2F%C3%A9");
  CHECK(util::percent_decode(encoded) == key);
  CHECK_FALSE(util::percent_decode("%7").has_value());
  CHECK_FALSE(util::percent_decode("%zz").has_value());
}

TEST_SUITE_END();
