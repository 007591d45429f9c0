// The placeholder rules of issue 4, one test case per rule: boundaries, longest first in one
// pass, spellings, literal tokens, cross-OS separators, missing names, portable keys, profiles.
#include "paths/placeholders.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace ccsync::paths;

namespace {

Placeholders
alice()
{
  Profile p(Os::posix, "/home/alice", "/data/home/alice");
  p.set("PROJ", "/home/alice/src/app");
  return Placeholders(p);
}

Placeholders
bob()
{
  Profile p(Os::posix, "/home/bob");
  p.set("PROJ", "/work/app");
  return Placeholders(p);
}

Placeholders
win()
{
  Profile p(Os::windows, "C:\\Users\\Me");
  p.set("PROJ", "D:/git/App");
  return Placeholders(p);
}

// expand on `m`, requiring that no name is missing.
std::string
expand_all(const Placeholders& m, const std::string& text)
{
  std::set<std::string> missing;
  std::string out = m.expand(text, &missing);
  CHECK(missing.empty());
  return out;
}

} // namespace

TEST_SUITE("paths.placeholders")
{
  TEST_CASE("rule 1: a match starts and ends at a path boundary")
  {
    Profile p(Os::posix, "/home/al");
    const Placeholders m(p);
    CHECK(m.translate("/home/alice/x") == "/home/alice/x");
    CHECK(m.translate("/x/home/al/y") == "/x/home/al/y"); // inside another path
    CHECK(m.translate("a/home/al") == "a/home/al");
    CHECK(m.translate("/home/al/y") == "{{HOME}}/y");     // ends at a separator
    CHECK(m.translate("\"/home/al\"") == "\"{{HOME}}\""); // ends at a quote
    CHECK(m.translate("'/home/al' x") == "'{{HOME}}' x");
    CHECK(m.translate("/home/al /home/al\t") == "{{HOME}} {{HOME}}\t"); // whitespace
    CHECK(m.translate("/home/al") == "{{HOME}}");                       // end of text
    CHECK(m.translate("cd /home/al.") == "cd {{HOME}}.");               // end of a sentence
    CHECK(m.translate("/home/al.bak") == "/home/al.bak");
    CHECK(m.translate("/home/al-2 /home/al_x /home/al~") == "/home/al-2 /home/al_x /home/al~");
    CHECK(m.translate("x\\n/home/al\\n") == "x\\n{{HOME}}\\n"); // JSON escapes around it
    CHECK(m.translate("x\\\\n/home/al") == "x\\\\n/home/al");   // "\\n" is not an escape
    CHECK(m.translate("PATH=/home/al/bin:/home/al/b") == "PATH={{HOME}}/bin:{{HOME}}/b");
    CHECK(m.translate("file:///home/al/x") == "file://{{HOME}}/x");
    CHECK(m.translate("https://h/home/al") == "https://h/home/al");
  }

  TEST_CASE("rule 2: longest mapping first, one pass, output never re-matched")
  {
    Profile p(Os::posix, "/home/me");
    p.set("PROJ", "/home/me/proj");
    p.set("DEEP", "/home/me/proj/sub");
    const Placeholders m(p);
    CHECK(m.translate("/home/me/proj/sub/x /home/me/proj/y /home/me/projects") ==
          "{{DEEP}}/x {{PROJ}}/y {{HOME}}/projects");

    Profile reversed(Os::posix, "/home/me");
    reversed.set("DEEP", "/home/me/proj/sub");
    reversed.set("PROJ", "/home/me/proj");
    CHECK(Placeholders(reversed).translate("/home/me/proj/sub/x") == "{{DEEP}}/x");

    // A mapped directory whose name looks like a token is replaced, not escaped afterwards.
    Profile odd(Os::posix, "/home/{{HOME}}");
    const Placeholders o(odd);
    CHECK(o.translate("/home/{{HOME}}/a") == "{{HOME}}/a");
    CHECK(o.expand("{{HOME}}/a") == "/home/{{HOME}}/a");
  }

  TEST_CASE("rule 3: POSIX configured and canonical spellings")
  {
    const Placeholders m = alice();
    CHECK(m.translate("/home/alice/a /data/home/alice/b") == "{{HOME}}/a {{HOME:r}}/b");
    CHECK(expand_all(m, "{{HOME}}/a {{HOME:r}}/b") == "/home/alice/a /data/home/alice/b");
    CHECK(expand_all(bob(), "{{HOME}}/a {{HOME:r}}/b") == "/home/bob/a /home/bob/b");
  }

  TEST_CASE("rule 3: a POSIX directory with quotes or backslashes also matches JSON-escaped")
  {
    Profile p(Os::posix, "/home/me");
    p.set("Q", "/srv/a\"b\\c");
    const Placeholders m(p);
    CHECK(m.translate("{\"p\":\"/srv/a\\\"b\\\\c/x\"}") == "{\"p\":\"{{Q:j}}/x\"}");
    CHECK(m.translate("/srv/a\"b\\c/x") == "{{Q}}/x");
    CHECK(expand_all(m, "{{Q:j}} {{Q}}") == "/srv/a\\\"b\\\\c /srv/a\"b\\c");
  }

  TEST_CASE("rule 3: Windows raw, JSON-escaped and forward-slash spellings")
  {
    const Placeholders m = win();
    CHECK(m.translate("C:\\Users\\Me\\a.txt") == "{{HOME:w}}/a.txt");
    CHECK(m.translate("\"C:\\\\Users\\\\Me\\\\a.txt\"") == "\"{{HOME:wj}}/a.txt\"");
    CHECK(m.translate("C:/Users/Me/a.txt") == "{{HOME:ws}}/a.txt");
    CHECK(m.translate("D:\\\\git\\\\App\\\\src") == "{{PROJ:wj}}/src");
    CHECK(m.translate("C:\\Users\\Med") == "C:\\Users\\Med");
    for (const char* text : {"C:\\Users\\Me\\a.txt", "\"C:\\\\Users\\\\Me\\\\a.txt\"",
                             "C:/Users/Me/a.txt", "D:\\\\git\\\\App\\\\src"}) {
      CHECK(expand_all(m, m.translate(text)) == text);
    }
  }

  TEST_CASE("rule 3: Windows drive letters and paths match case-insensitively and round-trip")
  {
    const Placeholders m = win();
    CHECK(m.translate("c:\\Users\\Me") == "{{HOME:wx1}}");
    CHECK(m.translate("C:\\\\USERS\\\\ME\\\\x") == "{{HOME:wjxcb}}/x");
    CHECK(m.translate("c:/users/me/x") == "{{HOME:wsx34}}/x");
    for (const char* text : {"c:\\Users\\Me", "C:\\\\USERS\\\\ME\\\\x", "c:/users/me/x"}) {
      CHECK(expand_all(m, m.translate(text)) == text);
    }
    // Case is matched for ASCII letters only; separators must match the style.
    CHECK(m.translate("C:\\Users/Me") == "C:\\Users/Me");
  }

  TEST_CASE("rule 3: Windows canonical spelling and UNC")
  {
    Profile p(Os::windows, "C:\\Users\\Me", "E:\\Profiles\\Me");
    p.set("NAS", "\\\\nas\\share\\team");
    const Placeholders m(p);
    CHECK(m.translate("E:\\\\Profiles\\\\Me\\\\x") == "{{HOME:rwj}}/x");
    CHECK(m.translate("\\\\\\\\nas\\\\share\\\\team\\\\doc") == "{{NAS:wj}}/doc");
    CHECK(m.translate("\\\\nas\\share\\team\\doc") == "{{NAS:w}}/doc");
    CHECK(expand_all(m, "{{HOME:rwj}}/x") == "E:\\\\Profiles\\\\Me\\\\x");
    CHECK(expand_all(m, "{{NAS:w}}/doc") == "\\\\nas\\share\\team\\doc");
  }

  TEST_CASE("rule 4: literal placeholder text survives push and pull")
  {
    const Placeholders m = alice();
    const std::string text = "docs mention {{PROJECTS}}, {{HOME}}, {{!HOME}} and {{HOME:wj}}";
    const std::string pushed = m.translate(text);
    CHECK(pushed == "docs mention {{!PROJECTS}}, {{!HOME}}, {{!!HOME}} and {{!HOME:wj}}");
    std::set<std::string> missing;
    CHECK(bob().expand(pushed, &missing) == text);
    CHECK(missing.empty());
    // Text that is not a token is left alone.
    CHECK(m.translate("{{ x }} {{name}} {{") == "{{ x }} {{name}} {{");
    // A literal brace next to a placeholder.
    CHECK(m.translate("{{/home/alice}}") == "{{{{HOME}}}}");
    CHECK(expand_all(m, "{{{{HOME}}}}") == "{{/home/alice}}");
  }

  TEST_CASE("rule 5: Windows push, POSIX pull: separators follow the target")
  {
    const std::string line =
      "{\"cwd\":\"C:\\\\Users\\\\Me\\\\proj\",\"f\":\"C:\\\\Users\\\\Me\\\\proj\\\\a.txt\"}";
    const std::string pushed = win().translate(line);
    CHECK(pushed == "{\"cwd\":\"{{HOME:wj}}/proj\",\"f\":\"{{HOME:wj}}/proj/a.txt\"}");
    CHECK(expand_all(bob(), pushed) ==
          "{\"cwd\":\"/home/bob/proj\",\"f\":\"/home/bob/proj/a.txt\"}");
    CHECK(expand_all(win(), pushed) == line); // and back on the same machine
  }

  TEST_CASE("rule 5: POSIX push, Windows pull: JSON-escaped backslashes in transcripts")
  {
    const std::string pushed = alice().translate("{\"f\":\"/home/alice/proj/a.txt\"} /home/alice");
    CHECK(pushed == "{\"f\":\"{{HOME}}/proj/a.txt\"} {{HOME}}");
    CHECK(expand_all(win(), pushed) ==
          "{\"f\":\"C:\\\\Users\\\\Me\\\\proj\\\\a.txt\"} C:\\\\Users\\\\Me");
    std::set<std::string> missing;
    std::string raw;
    win().expand(pushed, raw, missing, PathContext::raw);
    CHECK(raw == "{\"f\":\"C:\\Users\\Me\\proj\\a.txt\"} C:\\Users\\Me");
  }

  TEST_CASE("rule 5: separators are converted only where the round trip stays exact")
  {
    const Placeholders m = win();
    // Mixed separators after the mapped part: left verbatim ('v').
    CHECK(m.translate("C:\\\\Users\\\\Me\\\\a/b") == "{{HOME:wjv}}\\\\a/b");
    CHECK(expand_all(m, "{{HOME:wjv}}\\\\a/b") == "C:\\\\Users\\\\Me\\\\a/b");
    CHECK(expand_all(bob(), "{{HOME:wjv}}\\\\a/b") == "/home/bob\\\\a/b");
    // Conversion stops at a space, a quote or a JSON escape.
    CHECK(m.translate("C:\\\\Users\\\\Me\\\\My Docs\\\\x") == "{{HOME:wj}}/My Docs\\\\x");
    CHECK(m.translate("C:\\\\Users\\\\Me\\\\a.txt\\nnext") == "{{HOME:wj}}/a.txt\\nnext");
    CHECK(m.translate("C:\\\\Users\\\\Me\\\\\\\\x") == "{{HOME:wj}}//x");
    CHECK(expand_all(m, "{{HOME:wj}}//x") == "C:\\\\Users\\\\Me\\\\\\\\x");
  }

  TEST_CASE("rule 7: names not mapped here are reported, not guessed")
  {
    const std::string pushed = alice().translate("/home/alice/src/app/main.cpp /home/alice/x");
    CHECK(pushed == "{{PROJ}}/main.cpp {{HOME}}/x");
    const Placeholders only_home{Profile(Os::posix, "/home/carol")};
    std::set<std::string> missing;
    CHECK(only_home.expand(pushed, &missing) == "{{PROJ}}/main.cpp /home/carol/x");
    CHECK(missing == std::set<std::string>{"PROJ"});

    std::set<std::string> names;
    collect_placeholder_names(pushed + " {{!ESCAPED}}", names);
    CHECK(names == std::set<std::string>{"HOME", "PROJ"});

    missing.clear();
    CHECK(only_home.expand("{{HOME:zz}}", &missing) == "{{HOME:zz}}"); // unknown flags
    CHECK(missing == std::set<std::string>{"HOME:zz"});
  }

  TEST_CASE("portable keys are equal across machines and map back to local directories")
  {
    const std::string key = alice().portable_path("/data/home/alice/proj");
    CHECK(key == "{{HOME}}/proj");
    CHECK(bob().portable_path("/home/bob/proj") == key);
    CHECK(win().portable_path("c:\\users\\me\\proj") == key);
    CHECK(win().portable_path("C:/Users/Me/proj") == key);
    std::set<std::string> missing;
    CHECK(bob().local_path(key, missing) == "/home/bob/proj");
    CHECK(win().local_path(key, missing) == "C:\\Users\\Me\\proj");
    CHECK(win().local_path("{{HOME}}/a/b", missing) == "C:\\Users\\Me\\a\\b");
    CHECK(missing.empty());
    const std::string proj_key = alice().portable_path("/home/alice/src/app");
    CHECK(proj_key == "{{PROJ}}");
    CHECK_FALSE(Placeholders(Profile(Os::posix, "/h")).local_path(proj_key, missing));
    CHECK(missing == std::set<std::string>{"PROJ"});
    CHECK(alice().portable_path("/opt/x") == "/opt/x");
  }

  TEST_CASE("profiles validate names and directories")
  {
    using ccsync::Error;
    CHECK_THROWS_AS(Profile(Os::posix, "relative/home"), Error);
    CHECK_THROWS_AS(Profile(Os::posix, "/"), Error);
    CHECK_THROWS_AS(Profile(Os::windows, "C:\\"), Error);
    CHECK_THROWS_AS(Profile(Os::windows, "/home/me"), Error);
    CHECK_THROWS_AS(Profile(Os::posix, "/home/me\nx"), Error);
    Profile p(Os::posix, "/home/me/");
    CHECK(p.find("HOME")->path == "/home/me");
    CHECK_THROWS_AS(p.set("HOME", "/x"), Error);
    CHECK_THROWS_AS(p.set("lower", "/x"), Error);
    CHECK_THROWS_AS(p.set("A-B", "/x"), Error);
    p.set("WORK", "/srv/work");
    p.set("WORK", "/srv/other");
    CHECK(p.mappings().size() == 2);
    CHECK(p.find("WORK")->path == "/srv/other");
    CHECK(p.find("WORK")->canonical == "/srv/other");
    CHECK(p.find("NONE") == nullptr);
    CHECK(normalize_dir(Os::windows, "d:/git//") == "d:\\git");
    CHECK(normalize_dir(Os::windows, "\\\\srv\\share") == "\\\\srv\\share");
    CHECK(normalize_dir(Os::windows, "\\\\srv") == "");
    try {
      p.set("BAD", "rel");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ccsync::ErrorKind::config);
    }
  }
}
