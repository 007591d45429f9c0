// Claude's project-directory encoding. Expected names come from claude-code.md §2.2 (observed on
// disk) and, for long and Windows paths, from the JavaScript rule in §2.1 run under node.
#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

using ccsync::paths::base36;
using ccsync::paths::encode_project_dir;
using ccsync::paths::java_hash;
using ccsync::paths::utf16_units;

TEST_SUITE("paths.project_dir")
{
  TEST_CASE("names observed from Claude Code are reproduced")
  {
    struct Row {
      const char* cwd;
      const char* name;
    };
    const Row rows[] = {
      {"/t/w1/proj", "-t-w1-proj"},
      {"/t/enc/a.b_c d-e", "-t-enc-a-b-c-d-e"},   // dots, underscores, spaces
      {"/t/enc/UPPER Case", "-t-enc-UPPER-Case"}, // case kept
      {"/t/enc/dots..and--dashes", "-t-enc-dots--and--dashes"},
      {"/t/enc/caf\xC3\xA9", "-t-enc-caf-"}, // NFC: one unit
      {"/t/enc/cafe\xCC\x81"
       "decomp",
       "-t-enc-cafe-decomp"},                               // NFD: e + combining accent
      {"/t/enc/\xE6\x97\xA5\xE6\x9C\xAC", "-t-enc---"},     // CJK: one '-' per character
      {"/t/enc/emoji\xF0\x9F\x98\x80x", "-t-enc-emoji--x"}, // emoji: surrogate pair, two '-'
      {"/", "-"},
      {"/mnt/c/Users/me/proj", "-mnt-c-Users-me-proj"},
      {"/Users/Me/My Project", "-Users-Me-My-Project"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.cwd);
      CHECK(encode_project_dir(row.cwd) == row.name);
    }
  }

  TEST_CASE("NFC and NFD spellings of one name give different directories")
  {
    CHECK(encode_project_dir("/t/caf\xC3\xA9") != encode_project_dir("/t/cafe\xCC\x81"));
  }

  TEST_CASE("Windows and UNC paths")
  {
    CHECK(encode_project_dir("C:\\Users\\me\\proj") == "C--Users-me-proj");
    CHECK(encode_project_dir("c:\\Users\\me\\proj") == "c--Users-me-proj"); // drive case kept
    CHECK(encode_project_dir("\\\\server\\share\\dir") == "--server-share-dir");
    CHECK(encode_project_dir("D:\\git\\MyRepo") == "D--git-MyRepo");
    CHECK(encode_project_dir("Z:\\") == "Z--");
  }

  TEST_CASE("a trailing slash is encoded as written; realpath never leaves one")
  {
    CHECK(encode_project_dir("/t/enc/realdir/") == "-t-enc-realdir-");
    const auto base =
      std::filesystem::temp_directory_path() / ("ccsync-paths-" + std::to_string(::getpid()));
    std::filesystem::create_directories(base / "realdir");
    std::filesystem::create_directory_symlink(base / "realdir", base / "linkdir");
    const auto resolved = ccsync::paths::real_path((base / "linkdir").string() + "/");
    REQUIRE(resolved);
    CHECK(*resolved == (std::filesystem::canonical(base) / "realdir").string());
    CHECK(encode_project_dir(*resolved).back() == 'r');
    CHECK_FALSE(ccsync::paths::real_path((base / "missing").string()));
    std::filesystem::remove_all(base);
  }

  TEST_CASE("paths of 200 units or fewer get no hash suffix")
  {
    const std::string cwd = "/home/me/" + std::string(191, 'a'); // exactly 200
    CHECK(encode_project_dir(cwd) == "-home-me-" + std::string(191, 'a'));
  }

  TEST_CASE("paths over 200 units are cut and get base36 of the Java hash of the original")
  {
    struct Row {
      std::string cwd;
      std::string suffix;
    };
    std::string emoji;
    for (int i = 0; i < 100; ++i)
      emoji += "\xF0\x9F\x98\x80";
    std::string cjk;
    for (int i = 0; i < 80; ++i)
      cjk += "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E";
    std::string words;
    for (int i = 0; i < 30; ++i)
      words += "Projekt ";
    const Row rows[] = {
      {"/t/enc/" + std::string(120, 'x') + "/" + std::string(120, 'y'), "ri6hf4"}, // negative hash
      {"/home/me/" + std::string(192, 'a'), "178n6y"},                             // 201 units
      {"/p/" + emoji, "4tq0ka"}, // the cut falls inside surrogate pairs
      {"C:\\Users\\me\\" + words, "8d3p3h"},
      {"/t/" + cjk, "d4mgd2"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.cwd);
      const std::string name = encode_project_dir(row.cwd);
      REQUIRE(name.size() == 200 + 1 + row.suffix.size());
      CHECK(name.substr(201) == row.suffix);
      CHECK(name[200] == '-');
    }
    CHECK(encode_project_dir("/t/enc/" + std::string(120, 'x') + "/" + std::string(120, 'y'))
            .substr(0, 20) == "-t-enc-xxxxxxxxxxxxx");
  }

  TEST_CASE("Java hash and base36 match Java and JavaScript")
  {
    CHECK(java_hash(u"hello") == 99162322); // "hello".hashCode() in Java
    CHECK(java_hash(u"") == 0);
    CHECK(java_hash(u"polygenelubricants") == -2147483648); // the classic Integer.MIN_VALUE hash
    CHECK(base36(0) == "0");
    CHECK(base36(35) == "z");
    CHECK(base36(2147483648ULL) == "zik0zk"); // |INT32_MIN|, as (2147483648).toString(36)
  }

  TEST_CASE("a hash of INT32_MIN is made positive in 64 bits")
  {
    // "polygenelubricants" hashes to INT32_MIN; pad it past 200 units with units hashing to 0.
    std::string cwd(201, '\0');
    cwd += "polygenelubricants";
    CHECK(encode_project_dir(cwd).substr(201) == "zik0zk");
  }

  TEST_CASE("invalid UTF-8 decodes like a WHATWG decoder (TextDecoder)")
  {
    struct Row {
      std::string bytes;
      std::u16string units;
    };
    const Row rows[] = {
      {"\xFF", u"\uFFFD"},
      {"\xE2\x82", u"\uFFFD"},                 // truncated sequence: one U+FFFD
      {"\xE0\x80", u"\uFFFD\uFFFD"},           // overlong lead: two
      {"\xED\xA0\x80", u"\uFFFD\uFFFD\uFFFD"}, // encoded surrogate: three
      {"\xF0\x9F\x98", u"\uFFFD"},
      {"\xC0\xAF", u"\uFFFD\uFFFD"},
      {"a\xF4\x90\x80\x80"
       "b",
       u"a\uFFFD\uFFFD\uFFFD\uFFFDb"}, // above U+10FFFF
      {"\xE2\x82"
       "a",
       u"\uFFFDa"}, // the byte after a cut sequence is kept
      {"\xF0\x9F\x98\x80", u"\U0001F600"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.bytes);
      CHECK(utf16_units(row.bytes) == row.units);
    }
    CHECK(encode_project_dir("/t/\xFF\xFEx") == "-t---x");
  }
}
