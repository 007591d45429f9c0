// github/ and config/token: API URL splitting, HTTP error mapping, token discovery order.
#include "cli/github_setup.hpp"
#include "config/token.hpp"
#include "github/client.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <chrono>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;

TEST_SUITE_BEGIN("github");

TEST_CASE("an API URL splits into what cpp-httplib connects to and a path prefix")
{
  using P = std::pair<std::string, std::string>;
  CHECK(github::split_api_url("https://api.github.com") == P{"https://api.github.com", ""});
  CHECK(github::split_api_url("https://api.github.com/") == P{"https://api.github.com", ""});
  CHECK(github::split_api_url("https://ghe.example.com/api/v3/") ==
        P{"https://ghe.example.com", "/api/v3"});
  CHECK(github::split_api_url("http://127.0.0.1:8080/api/v3") ==
        P{"http://127.0.0.1:8080", "/api/v3"});
  CHECK_THROWS_AS(github::split_api_url("api.github.com"), Error);
  CHECK_THROWS_AS(github::split_api_url("ftp://x"), Error);
  CHECK_THROWS_AS(github::split_api_url("https://user:pw@x"), Error);
}

TEST_CASE("HTTP failures map to exit-code kinds with useful text")
{
  const long long now = 1'700'000'000;
  SUBCASE("401 is auth with the token hint and the scopes")
  {
    const Error e = github::answer_error(
      "x", {401, R"({"message":"Bad credentials"})", "", "", "", "read:org"}, now);
    CHECK(e.kind() == ErrorKind::auth);
    CHECK(std::string(e.what()).find("401 (Bad credentials)") != std::string::npos);
    CHECK(std::string(e.what()).find("read:org") != std::string::npos);
    CHECK(e.hint().find("'repo' scope") != std::string::npos);
  }
  SUBCASE("403 with the rate limit used up says when it resets")
  {
    const Error e =
      github::answer_error("x", {403, "{}", "0", std::to_string(now + 600), "", ""}, now);
    CHECK(e.kind() == ErrorKind::network);
    CHECK(std::string(e.what()).find("until 2023-11-14T22:23:20Z (in about 10 min)") !=
          std::string::npos);
  }
  SUBCASE("a secondary rate limit (Retry-After) too")
  {
    const Error e = github::answer_error("x", {429, "{}", "", "", "120", ""}, now);
    CHECK(e.kind() == ErrorKind::network);
    CHECK(std::string(e.what()).find("in about 2 min") != std::string::npos);
  }
  SUBCASE("403 without the rate limit is auth")
  {
    CHECK(github::answer_error("x", {403, "{}", "42", "", "", ""}, now).kind() == ErrorKind::auth);
  }
  SUBCASE("5xx is network (try again later)")
  {
    CHECK(github::answer_error("x", {502, "<html>", "", "", "", ""}, now).kind() ==
          ErrorKind::network);
  }
  SUBCASE("422 says the name may be taken")
  {
    const Error e = github::answer_error(
      "x", {422, R"({"message":"Repository creation failed."})", "", "", "", ""}, now);
    CHECK(e.kind() == ErrorKind::config);
    CHECK(e.hint().find("taken") != std::string::npos);
  }
}

TEST_CASE("nothing listening is a network error, within the timeout")
{
  github::Client client({"http://127.0.0.1:1", "t", std::chrono::seconds(2), ""});
  try {
    client.user_login();
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::network);
    CHECK(std::string(e.what()).find("GitHub API at http://127.0.0.1:1") != std::string::npos);
  }
}

TEST_CASE("OWNER/REPO is checked")
{
  CHECK(cli::parse_github_repository("alice/sessions") ==
        std::pair<std::string, std::string>{"alice", "sessions"});
  CHECK(cli::parse_github_repository("alice/sessions.git").second == "sessions");
  CHECK_THROWS_AS(cli::parse_github_repository("alice"), Error);
  CHECK_THROWS_AS(cli::parse_github_repository("alice/a/b"), Error);
  CHECK_THROWS_AS(cli::parse_github_repository("/x"), Error);
  CHECK_THROWS_AS(cli::parse_github_repository("a/.."), Error);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("config");

TEST_CASE("the GitHub token comes from the first source that has one")
{
  const TempDir dir;
  config::Config config;
  config.github_token.value.text = "saved";
  const platform::Environment both{{{"GH_TOKEN", "from-gh "}, {"GITHUB_TOKEN", "from-github"}}};
  const platform::Environment second{{{"GITHUB_TOKEN", "from-github"}}};
  const auto wait = std::chrono::seconds(5);
  platform::write_file_atomic(dir / "token", "  from-file\n");

  CHECK(config::discover_token(both, config, dir / "token", wait)->value == "from-file");
  CHECK(config::discover_token(both, config, std::nullopt, wait)->value == "from-gh");
  CHECK(config::discover_token(both, config, std::nullopt, wait)->source == "GH_TOKEN");
  CHECK(config::discover_token(second, config, std::nullopt, wait)->value == "from-github");
  CHECK(config::discover_token({}, config, std::nullopt, wait)->source == "config.json");
  CHECK_THROWS_AS(config::discover_token(both, config, dir / "missing", wait), Error);
  platform::write_file_atomic(dir / "two", "a b\n");
  CHECK_THROWS_AS(config::discover_token(both, config, dir / "two", wait), Error);
}

TEST_CASE("a saved token is shown redacted")
{
  config::Setting<config::Secret> token;
  CHECK(config::to_json_value(token) == "");
  token.value.text = "ghp_secret";
  CHECK(config::to_json_value(token) == "<redacted>");
}

TEST_CASE("helper programs run with a deadline and without a shell")
{
  CHECK(config::capture_output("sh", {"-c", "echo hi"}, std::chrono::seconds(5)) == "hi\n");
  CHECK_FALSE(config::capture_output("sh", {"-c", "exit 3"}, std::chrono::seconds(5)));
  CHECK_FALSE(config::capture_output("ccsync-no-such-program", {}, std::chrono::seconds(5)));
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(config::capture_output("sleep", {"10"}, std::chrono::seconds(1)));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_SUITE_END();
