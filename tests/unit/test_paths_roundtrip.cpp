// Rule 6 (expand(translate(x)) == x on one machine, for every byte string) as property tests over
// random mixtures of mapped paths, token-like text and raw bytes, and over realistic transcripts
// in tests/fixtures/paths/. Also rules 8 (uncovered paths) and 9 (streaming equals whole text).
#include "paths/line_stream.hpp"
#include "paths/placeholders.hpp"
#include "paths/uncovered.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef CCSYNC_PATHS_FIXTURE_DIR
#define CCSYNC_PATHS_FIXTURE_DIR "tests/fixtures/paths"
#endif

using namespace ccsync::paths;

namespace {

constexpr int k_iterations = 20000;

std::vector<Profile>
machines()
{
  Profile posix(Os::posix, "/home/alice", "/data/home/alice");
  posix.set("PROJ", "/home/alice/src/app");
  posix.set("Q", "/srv/a\"b\\c");
  Profile tiny(Os::posix, "/h");
  tiny.set("T", "/h/t");
  Profile windows(Os::windows, "C:\\Users\\Alice", "E:\\Profiles\\Alice");
  windows.set("PROJ", "D:\\git\\App");
  windows.set("NAS", "\\\\nas\\share");
  return {posix, tiny, windows};
}

// Pieces random texts are made of: spellings of the machine's directories (and broken and
// case-flipped copies), token syntax, separators, escapes, line ends and bytes that are not UTF-8.
std::vector<std::string>
fragments(const Profile& profile)
{
  std::vector<std::string> out = {
    "{{",
    "}}",
    "{",
    "}",
    "!",
    "HOME",
    "PROJ",
    "NAME",
    ":",
    "wj",
    "rwjvx1",
    "x3",
    "v",
    "s",
    "/",
    "\\",
    "\\\\",
    "\"",
    "'",
    " ",
    "\t",
    "\n",
    "\r\n",
    std::string(1, '\0'),
    ".",
    "..",
    "a",
    "Z",
    "_",
    "-",
    "\xC3\xA9",
    "\xFF",
    "\xC3",
    "\xED\xA0\x80",
    "\xF0\x9F\x98\x80",
    "file://",
    "\\n",
    "\\\"",
    "C:",
    "c:",
    "D:",
    "/tmp/x",
    "~/",
    "{{HOME}}",
    "{{!HOME:wj}}",
  };
  for (PathStyle style : {PathStyle::raw, PathStyle::json, PathStyle::slash}) {
    for (const Mapping& m : profile.mappings()) {
      for (const std::string& dir : {m.path, m.canonical}) {
        const std::string s = spell(profile.os(), dir, style);
        out.push_back(s);
        out.push_back(s.substr(0, s.size() / 2)); // a partial path
        std::string flipped = s;
        for (char& c : flipped) {
          if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            c ^= 0x20;
        }
        out.push_back(flipped);
      }
    }
  }
  return out;
}

std::string
random_text(std::mt19937_64& rng, const std::vector<std::string>& pieces)
{
  std::string text;
  const auto count = std::uniform_int_distribution<int>(0, 40)(rng);
  for (int i = 0; i < count; ++i) {
    if (rng() % 5 == 0) {
      text += static_cast<char>(rng() % 256);
    } else {
      text += pieces[rng() % pieces.size()];
    }
  }
  return text;
}

std::string
escaped(const std::string& bytes)
{
  std::ostringstream out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out << c;
    } else {
      out << "\\x"
          << "0123456789abcdef"[c >> 4] << "0123456789abcdef"[c & 15];
    }
  }
  return out.str();
}

// Runs `text` through a LineStream in random chunks.
std::string
stream(const Placeholders& m, Direction direction, const std::string& text, std::mt19937_64& rng)
{
  std::string out;
  LineStream lines(m, direction, [&](std::string_view line) { out.append(line); });
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t n = 1 + rng() % 9;
    lines.feed(std::string_view(text).substr(pos, n));
    pos += n;
  }
  lines.finish();
  return out;
}

std::string
read_fixture(const std::string& name)
{
  std::ifstream in(std::string(CCSYNC_PATHS_FIXTURE_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

std::string
replace_all(std::string text, const std::string& from, const std::string& to)
{
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

bool
contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE("paths.roundtrip")
{
  TEST_CASE("rule 6: expand(translate(x)) == x for random byte strings on every machine")
  {
    std::mt19937_64 rng(20261124);
    for (const Profile& profile : machines()) {
      const Placeholders m(profile);
      const auto pieces = fragments(profile);
      std::size_t placeholders_seen = 0;
      for (int i = 0; i < k_iterations; ++i) {
        const std::string x = random_text(rng, pieces);
        const std::string t = m.translate(x);
        std::set<std::string> missing;
        const std::string back = m.expand(t, &missing);
        if (back != x || !missing.empty()) {
          FAIL_CHECK("round trip broken for x = \"" << escaped(x) << "\", translated \""
                                                    << escaped(t) << "\"");
          break;
        }
        placeholders_seen += t.find("{{") != std::string::npos ? 1 : 0;
      }
      CHECK(placeholders_seen > k_iterations / 4); // the generator really produced paths
    }
  }

  TEST_CASE("rule 6: uniformly random bytes round-trip")
  {
    std::mt19937_64 rng(7);
    for (const Profile& profile : machines()) {
      const Placeholders m(profile);
      for (int i = 0; i < k_iterations / 4; ++i) {
        std::string x(rng() % 64, '\0');
        for (char& c : x)
          c = static_cast<char>(rng() % 256);
        REQUIRE_MESSAGE(m.expand(m.translate(x)) == x, escaped(x));
      }
    }
  }

  TEST_CASE("rule 9: streaming line by line in any chunks equals the whole text")
  {
    std::mt19937_64 rng(99);
    for (const Profile& profile : machines()) {
      const Placeholders m(profile);
      const auto pieces = fragments(profile);
      for (int i = 0; i < k_iterations / 10; ++i) {
        const std::string x = random_text(rng, pieces) + random_text(rng, pieces);
        const std::string t = m.translate(x);
        REQUIRE_MESSAGE(stream(m, Direction::translate, x, rng) == t, escaped(x));
        REQUIRE_MESSAGE(stream(m, Direction::expand, t, rng) == m.expand(t), escaped(t));
      }
    }
  }

  TEST_CASE("rule 9: a stream hands over one line at a time and reports missing names")
  {
    const Placeholders m{Profile(Os::posix, "/home/me")};
    std::vector<std::string> lines;
    LineStream s(m, Direction::expand, [&](std::string_view line) { lines.emplace_back(line); });
    s.feed("{{HOME}}/a\n{{PR");
    s.feed("OJ}}/b\nlast");
    CHECK(lines == std::vector<std::string>{"/home/me/a\n", "{{PROJ}}/b\n"});
    s.finish();
    CHECK(lines.back() == "last");
    CHECK(s.missing() == std::set<std::string>{"PROJ"});
  }

  TEST_CASE("rule 6: a POSIX transcript round-trips and moves to another machine")
  {
    const std::string x = read_fixture("transcript_posix.jsonl");
    Profile alice(Os::posix, "/home/alice");
    alice.set("PROJ", "/home/alice/src/app");
    Profile bob(Os::posix, "/home/bob");
    bob.set("PROJ", "/work/app");
    const Placeholders a(alice);
    const Placeholders b(bob);

    const std::string t = a.translate(x);
    CHECK(a.expand(t) == x);
    CHECK_FALSE(contains(t, "/home/alice"));
    CHECK(contains(t, "\"cwd\":\"{{PROJ}}\""));
    CHECK(contains(t, "{{!HOME}}/x"));
    CHECK(contains(t, "{{!PROJECTS}} and {{!!HOME}}"));

    std::set<std::string> missing;
    const std::string expected =
      replace_all(replace_all(x, "/home/alice/src/app", "/work/app"), "/home/alice", "/home/bob");
    CHECK(b.expand(t, &missing) == expected);
    CHECK(missing.empty());
    std::mt19937_64 rng(3);
    CHECK(stream(a, Direction::translate, x, rng) == t);
  }

  TEST_CASE("rule 5 and 6: a Windows transcript round-trips and lands on POSIX with '/'")
  {
    const std::string x = read_fixture("transcript_windows.jsonl");
    const Placeholders w{Profile(Os::windows, "C:\\Users\\alice")};
    const Placeholders p{Profile(Os::posix, "/home/bob")};
    const std::string t = w.translate(x);
    CHECK(w.expand(t) == x);
    CHECK_FALSE(contains(t, "Users\\\\alice"));
    const std::string on_posix = p.expand(t);
    CHECK(contains(on_posix, "\"cwd\":\"/home/bob/src/app\""));
    CHECK(contains(on_posix, "\"file_path\":\"/home/bob/src/app/build.ps1\""));
    CHECK(contains(on_posix, "-B /home/bob/src/app/build"));
    CHECK(contains(on_posix, "cd /home/bob/src/app &&"));
    CHECK(contains(on_posix, "'/home/bob/My Documents\\\\out'"));
    CHECK(contains(on_posix, "copy D:\\\\shared\\\\tools\\\\x.exe"));
    // And back: the POSIX machine pushes it again, the Windows machine pulls it.
    const std::string again = w.expand(p.translate(on_posix));
    CHECK(contains(again, "\"cwd\":\"C:\\\\Users\\\\alice\\\\src\\\\app\""));
  }

  TEST_CASE("rule 8: absolute paths that no mapping covers are reported")
  {
    Profile alice(Os::posix, "/home/alice");
    const Placeholders a(alice);
    UncoveredReport report;
    find_uncovered(a, read_fixture("transcript_posix.jsonl"), report);
    std::set<std::string> paths;
    for (const auto& e : report.entries())
      paths.insert(e.path);
    CHECK(paths.count("/tmp/ccsync-x") == 1);
    for (const std::string& p : paths) {
      CHECK_FALSE(contains(p, "/home/alice"));
    }

    UncoveredReport win_report;
    find_uncovered(Placeholders(Profile(Os::windows, "C:\\Users\\alice")),
                   read_fixture("transcript_windows.jsonl"), win_report);
    std::set<std::string> win_paths;
    for (const auto& e : win_report.entries())
      win_paths.insert(e.path);
    CHECK(win_paths == std::set<std::string>{"D:\\\\shared\\\\tools\\\\x.exe"});

    UncoveredReport small;
    find_uncovered(a,
                   "a /opt/x/y.txt. b /opt/x/y.txt \"E:\\\\d\\\\e\" https://h/p /home/alice/z "
                   "F:/g/h 1/2",
                   small);
    REQUIRE(small.entries().size() == 3);
    CHECK(small.entries()[0].path == "/opt/x/y.txt");
    CHECK(small.entries()[0].count == 2);
    CHECK(small.entries()[1].path == "E:\\\\d\\\\e");
    CHECK(small.entries()[2].path == "F:/g/h");
  }

  TEST_CASE("rule 8: the report keeps real directories, grouped, most frequent first")
  {
    CHECK(top_directory("/opt/data/x.csv") == "/opt");
    CHECK(group_directory("/opt/data/x.csv") == "/opt/data");
    CHECK(group_directory("/opt/data") == "/opt");
    CHECK(group_directory("/loop") == "/loop");
    CHECK(top_directory("D:\\\\shared\\\\x") == "D:\\\\shared");
    CHECK(group_directory("D:/shared/tools/x.exe") == "D:/shared/tools");

    const std::vector<UncoveredReport::Entry> entries{
      {"/babysit-prs", 4}, {"/usr/share/a", 1}, {"/config", 2},   {"/srv/w/b", 2},
      {"/usr/share/b", 3}, {"/usr/lib/c", 1},   {"/srv/w/b/c", 5}};
    const auto groups =
      group_uncovered(entries, [](std::string_view top) { return top == "/usr" || top == "/srv"; });
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].directory == "/srv/w");
    CHECK(groups[0].count == 7);
    REQUIRE(groups[0].paths.size() == 2);
    CHECK(groups[0].paths[0].path == "/srv/w/b/c");
    CHECK(groups[1].directory == "/usr/share");
    CHECK(groups[1].count == 4);
    CHECK(groups[1].paths[0].path == "/usr/share/b");
    CHECK(groups[2].directory == "/usr/lib");
    CHECK(group_uncovered(entries, [](std::string_view) { return false; }).empty());
  }
}
