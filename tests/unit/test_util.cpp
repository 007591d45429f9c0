// util/: error kinds, text helpers.
#include "util/error.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

using namespace ccsync;

TEST_SUITE_BEGIN("util");

TEST_CASE("edit distance and nearest name")
{
  CHECK(util::edit_distance("", "") == 0);
  CHECK(util::edit_distance("init", "inti") == 1); // a swap of neighbours is one edit
  CHECK(util::edit_distance("status", "statsu") == 1);
  CHECK(util::edit_distance("lsit", "list") == 1);
  CHECK(util::edit_distance("lsit", "init") == 2);
  CHECK(util::edit_distance("abc", "ca") == 3); // optimal string alignment: no edit twice
  CHECK(util::edit_distance("kitten", "sitting") == 3);
  const std::vector<std::string> names{"init", "pull", "push", "status", "config"};
  CHECK(util::nearest("inti", names) == "init");
  CHECK(util::nearest("confg", names) == "config");
  CHECK(util::nearest("xyzzyplugh", names).empty());
  CHECK(util::nearest("lsit", {"help", "init", "list"}) == "list");
}

TEST_CASE("counts with their nouns")
{
  CHECK(util::counted(1, "session") == "1 session");
  CHECK(util::counted(0, "session") == "0 sessions");
  CHECK(util::counted(2, "entry", "entries") == "2 entries");
  CHECK(util::counted(1, "entry", "entries") == "1 entry");
}

TEST_CASE("credentials in URLs are redacted")
{
  CHECK(util::redact_url("https://user:s3cret@github.com/o/r.git") ==
        "https://***@github.com/o/r.git");
  CHECK(util::redact_url("https://tok@host/x@y") == "https://***@host/x@y");
  CHECK(util::redact_url("https://github.com/o/r.git") == "https://github.com/o/r.git");
  CHECK(util::redact_url("ssh://git@host:22/r") == "ssh://***@host:22/r");
  CHECK(util::redact_url("/plain/path@x") == "/plain/path@x");
  CHECK(util::redact_url("git@github.com:o/r.git") == "git@github.com:o/r.git");
}

TEST_CASE("machine id slugs")
{
  CHECK(util::slugify("My-Laptop.local") == "my-laptop-local");
  CHECK(util::slugify("--Work  PC--") == "work-pc");
  CHECK(util::slugify("caf\xc3\xa9") == "caf");
  CHECK(util::slugify(std::string(100, 'a')).size() == 63);
  CHECK(util::is_valid_machine_id("work-laptop"));
  CHECK_FALSE(util::is_valid_machine_id("Work"));
  CHECK_FALSE(util::is_valid_machine_id(""));
  CHECK_FALSE(util::is_valid_machine_id("a b"));
}

TEST_CASE("UTC time format")
{
  const auto epoch = std::chrono::system_clock::from_time_t(0);
  CHECK(util::format_utc(epoch) == "1970-01-01T00:00:00Z");
  CHECK(util::format_utc(epoch + std::chrono::seconds(86400 + 61)) == "1970-01-02T00:01:01Z");
}

TEST_CASE("errors carry kind and hint")
{
  const Error error(ErrorKind::network, "fetching 'x': refused", "try later");
  CHECK(error.kind() == ErrorKind::network);
  CHECK(std::string(error.what()) == "fetching 'x': refused");
  CHECK(error.hint() == "try later");
  CHECK(std::string(to_string(ErrorKind::auth)) == "auth");
}

TEST_SUITE_END();
