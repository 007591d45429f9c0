// config/: the ladder defaults < file < environment, origins, malformed files, unknown keys.
#include "config/config.hpp"
#include "config/json_words.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ccsync;
using config::Origin;
using test::TempDir;

namespace {

struct Fixture {
  TempDir dir;
  platform::Environment env{{{"HOME", (dir / "home").string()}}};
  platform::Dirs dirs = platform::resolve_dirs(env);

  config::Loaded
  load() const
  {
    return config::load(dirs, env, "My.Host");
  }
  void
  write(const std::string& text) const
  {
    platform::write_file_atomic(dirs.config_file(), text);
  }
};

} // namespace

TEST_SUITE_BEGIN("config");

TEST_CASE("defaults without a file")
{
  const Fixture f;
  const auto loaded = f.load();
  CHECK_FALSE(loaded.file_exists);
  const auto& c = loaded.config;
  CHECK(c.machine_id.value == "my-host");
  CHECK(c.machine_id.origin == Origin::built_in);
  CHECK(c.remote.value == (f.dirs.ccsync_home / "remote.git").string());
  CHECK(c.sync_directories.value == std::vector<std::string>{f.dirs.home.string()});
  CHECK(c.lock_ttl_seconds.value == 600);
  CHECK(c.heartbeat_seconds.value == 120);
  CHECK(c.network_timeout_seconds.value == 30);
  CHECK(c.custom_placeholders.value.empty());
}

TEST_CASE("the file overrides defaults and the environment overrides the file")
{
  const Fixture f;
  f.write(R"({"machine_id": "desk", "remote": "git://h/r.git", "lock_ttl_seconds": 60,
              "sync_directories": ["/p/a", "/p/b"], "custom_placeholders": {"PROJECTS": "/p"}})");
  auto loaded = f.load();
  CHECK(loaded.file_exists);
  CHECK(loaded.config.machine_id.value == "desk");
  CHECK(loaded.config.machine_id.origin == Origin::file);
  CHECK(loaded.config.lock_ttl_seconds.value == 60);
  CHECK(loaded.config.sync_directories.value.size() == 2);
  CHECK(loaded.config.custom_placeholders.value.at("PROJECTS") == "/p");
  CHECK(loaded.config.heartbeat_seconds.origin == Origin::built_in);

  platform::Environment env = f.env;
  env.set("CCSYNC_MACHINE_ID", "from-env");
  env.set("CCSYNC_LOCK_TTL_SECONDS", "90");
  env.set("CCSYNC_SYNC_DIRECTORIES", "/e/one:/e/two");
  loaded = config::load(f.dirs, env, "host");
  CHECK(loaded.config.machine_id.value == "from-env");
  CHECK(loaded.config.machine_id.origin == Origin::env);
  CHECK(loaded.config.lock_ttl_seconds.value == 90);
  CHECK(loaded.config.sync_directories.value == std::vector<std::string>{"/e/one", "/e/two"});
  CHECK(loaded.config.remote.origin == Origin::file);
}

TEST_CASE("a malformed file names file and line and stays untouched")
{
  const Fixture f;
  const std::string broken = "{\n  \"machine_id\": \"a\",\n  \"remote\": oops\n}\n";
  f.write(broken);
  try {
    f.load();
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::config);
    CHECK(std::string(e.what()).find(f.dirs.config_file().string() + ":3:") == 0);
    CHECK_FALSE(e.hint().empty());
  }
  CHECK_THROWS_AS(config::update_file(f.dirs.config_file(), [](nlohmann::json&) {}), Error);
  CHECK(platform::read_file(f.dirs.config_file()) == broken);
}

namespace {

// The error loading `text` as config.json gives, as the user reads it.
std::string
load_error(const Fixture& f, const std::string& text)
{
  f.write(text);
  try {
    f.load();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("config errors are in ccsync's words: file, line, what is wrong; not the JSON library's")
{
  const Fixture f;
  const std::string file = f.dirs.config_file().string();
  const std::vector<std::pair<std::string, std::string>> cases = {
    {"{\n  \"machine_id\": \"a\",\n  \"remote\": oops\n}\n",
     ":3: malformed JSON: 'oops' is not a value (text takes double quotes; the bare words are "
     "true, false and null) (column 13)"},
    {"{\"machine_id\": \"a\",\n}", ":2: malformed JSON: a comma before '}'"},
    {"{\"machine_id\": \"a\"\n \"remote\": \"b\"}",
     ":2: malformed JSON: a missing ',' or ':' before"},
    {"{'machine_id': 1}", ":1: malformed JSON: a single quote"},
    {"{\"machine_id\": tru}", ":1: malformed JSON: 'tru' is not a value"},
    {"{\"machine_id\": \"a", ":1: malformed JSON: a string is not closed"},
    {"{\"machine_id\": \"a\"", ":1: malformed JSON: the text ends too early"},
    {"", ":1: malformed JSON: the file is empty"},
    {std::string("\xff\xfe\x00{", 4), ":1: malformed JSON: a byte that is not text (0xFF)"},
    {"{\"machine_id\": \"a\"}}", ":1: malformed JSON: text after the end"},
    {"{\"machine_id\": \"a\nb\"}", ":1: malformed JSON: a line break or control character"},
    {"{\n\"sync_directories\": \"/x\"}",
     ":2: key 'sync_directories' has the wrong type: it must be a list of strings, not a string"},
    {"{\"exclude\": [\"a\", 3]}",
     ":1: key 'exclude' has the wrong type: it must be a list of strings, not a list with a "
     "number in it"},
    {"{\"custom_placeholders\": [\"X\"]}",
     ":1: key 'custom_placeholders' has the wrong type: it must be an object of \"NAME\": "
     "\"PATH\" entries, not a list"},
    {"{\n\n\"lock_ttl_seconds\": \"ten\"}", ":3: key 'lock_ttl_seconds' must be a whole number"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string error = load_error(f, text);
    INFO(text << " gave: " << error);
    CHECK(error.find(file + expected.substr(0, expected.find(':', 1) + 1)) == 0);
    CHECK(error.find(expected.substr(expected.find(':', 1) + 1)) != std::string::npos);
    for (const char* library_word :
         {"json.exception", "parse error", "syntax error", "type must", "last read", "[json"}) {
      CHECK(error.find(library_word) == std::string::npos);
    }
  }
}

TEST_CASE("JSON problems point at the offending column")
{
  const auto problem = config::json_syntax_problem("{\n  \"a\": oops\n}", 11);
  CHECK(problem.line == 2);
  CHECK(problem.column == 8);
  CHECK(config::line_of_key("{\"a\": 1,\n \"b\" : 2}", "b") == 2);
  CHECK(config::line_of_key("{\"a\": \"b\"}", "b") == 1); // a value, not a key: not found
}

TEST_CASE("wrong types, bad values and non-objects are errors")
{
  const Fixture f;
  f.write(R"({"lock_ttl_seconds": "ten"})");
  CHECK_THROWS_WITH_AS(f.load(), doctest::Contains("lock_ttl_seconds"), Error);
  f.write(R"([1, 2])");
  CHECK_THROWS_AS(f.load(), Error);
  f.write(R"({"machine_id": "Not Valid"})");
  CHECK_THROWS_WITH_AS(f.load(), doctest::Contains("not a valid machine id"), Error);
  f.write(R"({"custom_placeholders": {"lower": "/x"}})");
  CHECK_THROWS_AS(f.load(), Error);
  f.write(R"({"sync_directories": ["relative"]})");
  CHECK_THROWS_AS(f.load(), Error);
  platform::Environment env = f.env;
  env.set("CCSYNC_HEARTBEAT_SECONDS", "-5");
  f.write("{}");
  CHECK_THROWS_WITH_AS(config::load(f.dirs, env, "h"), doctest::Contains("CCSYNC_HEARTBEAT"),
                       Error);
}

TEST_CASE("unknown keys are warned about and kept by edits")
{
  const Fixture f;
  f.write(R"({"machine_id": "a", "colour": "blue"})");
  const auto loaded = f.load();
  REQUIRE(loaded.warnings.size() == 1);
  CHECK(loaded.warnings[0].find("unknown key 'colour'") != std::string::npos);
  config::update_file(f.dirs.config_file(), [](nlohmann::json& j) { j["machine_id"] = "b"; });
  const auto text = platform::read_file(f.dirs.config_file()).value();
  CHECK(text.find("\"colour\": \"blue\"") != std::string::npos);
  CHECK(text.find("\"machine_id\": \"b\"") != std::string::npos);
}

TEST_CASE("placeholder assignments")
{
  CHECK(config::parse_placeholder_assignment("PROJECTS=/home/a/p") ==
        std::pair<std::string, std::string>{"PROJECTS", "/home/a/p"});
  CHECK(config::parse_placeholder_assignment("A_1=/x=y").second == "/x=y");
  CHECK_THROWS_AS(config::parse_placeholder_assignment("PROJECTS"), Error);
  CHECK_THROWS_AS(config::parse_placeholder_assignment("projects=/x"), Error);
  CHECK_THROWS_AS(config::parse_placeholder_assignment("=/x"), Error);
  CHECK_THROWS_AS(config::parse_placeholder_assignment("P=rel"), Error);
  CHECK_THROWS_AS(config::parse_placeholder_assignment("P{{=/x"), Error);
}

TEST_SUITE_END();
