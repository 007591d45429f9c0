// cli/: argument parsing of each command (pure), error rendering, exit codes, dispatch.
#include "cli/cmd_config.hpp"
#include "cli/cmd_init.hpp"
#include "cli/commands.hpp"
#include "cli/doctor_checks.hpp"
#include "cli/output.hpp"
#include "cli/run.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "temp_dir.hpp"

using namespace ccsync;
using namespace ccsync::cli;

TEST_SUITE_BEGIN("cli");

TEST_CASE("errors render once with their hint")
{
  CHECK(render_error(Error(ErrorKind::network, "fetching 'x': refused", "try later")) ==
        "ccsync: error: fetching 'x': refused\nhint: try later\n");
  CHECK(render_error(Error(ErrorKind::git, "bad")) == "ccsync: error: bad\n");
}

TEST_CASE("exit codes by kind")
{
  CHECK(exit_code_for(ErrorKind::usage) == 2);
  CHECK(exit_code_for(ErrorKind::auth) == 4);
  CHECK(exit_code_for(ErrorKind::network) == 75);
  CHECK(exit_code_for(ErrorKind::conflict) == 75);
  CHECK(exit_code_for(ErrorKind::busy) == 75);
  CHECK(exit_code_for(ErrorKind::config) == 1);
  CHECK(exit_code_for(ErrorKind::io) == 1);
  CHECK(exit_code_for(ErrorKind::internal) == 1);
}

TEST_CASE("init options")
{
  const InitOptions o =
    parse_init({"--remote", "git://h/r.git", "--machine-id", "desk", "--add-placeholder",
                "PROJECTS=/p", "--add-placeholder", "WORK=/w", "--sync-dir", "/p", "--force"});
  CHECK(o.remote == "git://h/r.git");
  CHECK(o.machine_id == "desk");
  REQUIRE(o.placeholders.size() == 2);
  CHECK(o.placeholders[1] == std::pair<std::string, std::string>{"WORK", "/w"});
  CHECK(o.sync_dirs == std::vector<std::string>{"/p"});
  CHECK(o.force);
  const InitOptions empty = parse_init({});
  CHECK_FALSE(empty.remote.has_value());
  CHECK_FALSE(empty.force);
  CHECK_THROWS_AS(parse_init({"--bogus"}), Error);
  CHECK_THROWS_AS(parse_init({"--add-placeholder", "bad"}), Error);
  CHECK_THROWS_AS(parse_init({"stray"}), Error);
  CHECK_THROWS_AS(parse_init({"--help"}), HelpRequested);
}

TEST_CASE("remotes: URLs kept, paths made absolute")
{
  CHECK(normalize_remote("https://github.com/o/r.git") == "https://github.com/o/r.git");
  CHECK(normalize_remote("git@github.com:o/r.git") == "git@github.com:o/r.git");
  CHECK(normalize_remote("/srv/sync.git/") == "/srv/sync.git/");
  CHECK(std::filesystem::path(normalize_remote("rel/sync.git")).is_absolute());
  CHECK_THROWS_AS(normalize_remote(""), Error);
}

TEST_CASE("config options")
{
  CHECK(parse_config({}).action == ConfigOptions::Action::show);
  CHECK(parse_config({"show", "--format", "json"}).format == Format::json);
  CHECK_THROWS_AS(parse_config({"show", "--format", "xml"}), Error);
  const auto add = parse_config({"add-placeholder", "PROJECTS=/p"});
  CHECK(add.action == ConfigOptions::Action::add_placeholder);
  CHECK(add.name == "PROJECTS");
  CHECK(add.path == "/p");
  const auto set = parse_config({"set-path", "PROJECTS", "desk", "/q"});
  CHECK(set.action == ConfigOptions::Action::set_path);
  CHECK(set.machine_id == "desk");
  CHECK_THROWS_AS(parse_config({"set-path", "PROJECTS", "desk"}), Error);
  CHECK_THROWS_AS(parse_config({"set-path", "projects", "desk", "/q"}), Error);
  CHECK_THROWS_AS(parse_config({"set-path", "P", "Desk Top", "/q"}), Error);
  CHECK_THROWS_AS(parse_config({"add-placeholder"}), Error);
  CHECK_THROWS_AS(parse_config({"remove"}), Error);
}

TEST_CASE("commands declare what they need")
{
  CHECK(find_command("init")->parse({}).needs.config);
  CHECK_FALSE(find_command("init")->parse({}).needs.initialised);
  CHECK_FALSE(find_command("status")->parse({}).needs.repo); // offline, from files
  CHECK(find_command("status")->parse({}).needs.initialised);
  CHECK(find_command("pull")->parse({}).needs.repo);
  CHECK_FALSE(find_command("push")->parse({}).needs.repo); // opened only when needed
  CHECK_FALSE(find_command("config")->parse({"show"}).needs.repo);
  CHECK(find_command("config")->parse({"set-path", "P", "m", "/x"}).needs.repo);
  CHECK(find_command("nope") == nullptr);
  CHECK_THROWS_AS(find_command("status")->parse({"--format", "yaml"}), Error);
}

TEST_CASE("install-hooks and uninstall-hooks need no configuration")
{
  CHECK_FALSE(find_command("install-hooks")->parse({}).needs.config);
  CHECK_FALSE(find_command("uninstall-hooks")->parse({"--dry-run"}).needs.config);
  CHECK_FALSE(find_command("install-hooks")->parse({"--settings", "x.json"}).needs.repo);
  CHECK_THROWS_AS(find_command("install-hooks")->parse({"--settings"}), Error);
  CHECK_THROWS_AS(find_command("uninstall-hooks")->parse({"--bogus"}), Error);
  CHECK_THROWS_AS(find_command("install-hooks")->parse({"--help"}), HelpRequested);
}

TEST_CASE("run: version, help, unknown command and usage errors")
{
  test::TempDir dir;
  const platform::Environment env({{"HOME", dir.path().string()}});
  std::ostringstream out;
  std::ostringstream err;
  CHECK(run_with({"--version"}, env, out, err) == 0);
  CHECK(out.str().rfind("ccsync ", 0) == 0);
  out.str("");
  CHECK(run_with({"help"}, env, out, err) == 0);
  CHECK(out.str().find("  uninstall-hooks  Remove") != std::string::npos);
  CHECK(out.str().find("  help             Show help") != std::string::npos);
  out.str("");
  CHECK(run_with({"help", "init"}, env, out, err) == 0);
  CHECK(out.str().find("--machine-id") != std::string::npos);
  CHECK(run_with({"-v", "inti"}, env, out, err) == 2);
  CHECK(err.str().find("did you mean 'init'?") != std::string::npos);
  err.str("");
  CHECK(run_with({"status"}, env, out, err) == 1);
  CHECK(err.str().find("ccsync init") != std::string::npos);
  CHECK(run_with({}, env, out, err) == 2);
}

TEST_CASE("doctor: uncovered project directories are grouped, most sessions first")
{
  CHECK(describe_uncovered_projects({"/data", "/srv/work/a", "/srv/work/b", "/srv/work/a"}) ==
        "/srv/work (3 sessions): /srv/work/a, /srv/work/b; /data (1 session): /data");
  CHECK(describe_uncovered_projects({}).empty());
}

TEST_SUITE_END();
