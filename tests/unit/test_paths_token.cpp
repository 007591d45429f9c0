// The placeholder token grammar: what counts as a token, the canonical flags, and escaping.
#include "paths/token.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ccsync::paths;

TEST_SUITE("paths.token")
{
  TEST_CASE("tokens are {{ then bangs, an upper-case NAME, optional flags, }}")
  {
    const auto t = match_token("x{{!!PROJ_2:wj}}y", 1);
    REQUIRE(t);
    CHECK(t->bangs == 2);
    CHECK(t->name == "PROJ_2");
    CHECK(t->flags == "wj");
    CHECK(t->length == 15);

    const auto plain = match_token("{{HOME}}}", 0);
    REQUIRE(plain);
    CHECK(plain->length == 8);
    CHECK(plain->flags.empty());
  }

  TEST_CASE("text that is not a token")
  {
    for (const char* text : {"{{home}}", "{{ HOME }}", "{{HOME}", "{{HOME:}}", "{{:wj}}", "{{1A}}",
                             "{{_A}}", "{HOME}}", "{{HOME:W}}", "{{HO-ME}}", "{{{HOME}}", "{{"}) {
      CAPTURE(text);
      CHECK_FALSE(match_token(text, 0));
    }
    CHECK(match_token("{{{HOME}}", 1)); // found one byte later
  }

  TEST_CASE("placeholder names are upper-case identifiers")
  {
    CHECK(is_valid_name("HOME"));
    CHECK(is_valid_name("A1_B"));
    CHECK_FALSE(is_valid_name(""));
    CHECK_FALSE(is_valid_name("home"));
    CHECK_FALSE(is_valid_name("1A"));
    CHECK_FALSE(is_valid_name("A-B"));
  }

  TEST_CASE("flags parse only in canonical order and write back identically")
  {
    for (const char* text : {"r", "w", "wj", "ws", "rwjvx1", "wx1f", "j", "rj", "wvx2"}) {
      CAPTURE(text);
      const auto flags = parse_flags(text);
      REQUIRE(flags);
      std::string out;
      append_placeholder(out, "N", *flags);
      CHECK(out == std::string("{{N:") + text + "}}");
    }
    for (const char* text : {"jw", "wr", "x", "x10", "wjs", "s", "q", "xg", "vv", "wxA"}) {
      CAPTURE(text);
      CHECK_FALSE(parse_flags(text));
    }
    std::string out;
    append_placeholder(out, "HOME", TokenFlags{});
    CHECK(out == "{{HOME}}");
  }

  TEST_CASE("escaping adds one bang and unescaping removes one")
  {
    const auto t = match_token("{{!HOME:wj}}", 0);
    REQUIRE(t);
    std::string escaped;
    append_escaped(escaped, *t);
    CHECK(escaped == "{{!!HOME:wj}}");
    std::string unescaped;
    append_unescaped(unescaped, *t);
    CHECK(unescaped == "{{HOME:wj}}");
  }
}
