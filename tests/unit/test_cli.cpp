// cli/: argument parsing of each command (pure), error rendering, exit codes, dispatch.
#include "cli/cmd_config.hpp"
#include "cli/cmd_init.hpp"
#include "cli/commands.hpp"
#include "cli/doctor_checks.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/run.hpp"

#include <doctest/doctest.h>

#include <regex>
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
  const auto add_dir = parse_config({"add-sync-dir", "/srv/work"});
  CHECK(add_dir.action == ConfigOptions::Action::add_sync_dir);
  CHECK(add_dir.path == "/srv/work");
  CHECK(parse_config({"remove-sync-dir", "/srv/work"}).action ==
        ConfigOptions::Action::remove_sync_dir);
  CHECK_THROWS_AS(parse_config({"add-sync-dir"}), Error);
  CHECK_FALSE(find_command("config")->parse({"add-sync-dir", "/x"}).needs.repo); // config.json
}

TEST_CASE("machine remove: an action, a valid id, and the repository")
{
  const CommandSpec& machine = *find_command("machine");
  CHECK(machine.parse({"remove", "old-laptop"}).needs.repo);
  CHECK(machine.parse({"remove", "old-laptop", "--force"}).needs.initialised);
  CHECK_THROWS_AS(machine.parse({}), Error);
  CHECK_THROWS_AS(machine.parse({"remove"}), Error);
  CHECK_THROWS_AS(machine.parse({"remove", "Old Laptop"}), Error);
  CHECK_THROWS_AS(machine.parse({"list"}), Error);
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

namespace {

// The help `args` print, or "" when they are no request for help.
std::string
help_of(const CommandSpec& command, const Args& args)
{
  try {
    command.parse(args);
  } catch (const HelpRequested& help) {
    return help.text;
  }
  return "";
}

// The usage error `args` make, as the user reads it, or "" when they parse.
std::string
usage_error_of(const CommandSpec& command, const Args& args)
{
  try {
    command.parse(args);
  } catch (const Error& e) {
    return render_error(e);
  } catch (const HelpRequested&) {
    FAIL("help where an error was expected");
  }
  return "";
}

// The names under "Actions:" in a help text.
std::vector<std::string>
actions_in(const std::string& help)
{
  std::vector<std::string> names;
  const auto start = help.find("Actions:\n");
  if (start == std::string::npos) {
    return names;
  }
  std::istringstream lines(help.substr(start + 9));
  for (std::string line; std::getline(lines, line) && line.starts_with("  ");) {
    names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

// CLI11's own words, which ccsync's help and errors must not show.
void
check_own_words(const std::string& text, const std::string& what)
{
  INFO(what << ":\n" << text);
  static const std::regex k_library_words(
    R"(\b(ENUM|TEXT|INT|UINT|FLOAT|REQUIRED|FAILED)\b|->|OR \{|[Ss]ubcommand|Positionals)");
  CHECK_FALSE(std::regex_search(text, k_library_words));
}

// Every line of the "Arguments:" section names an argument and says what it is.
void
check_arguments_described(const std::string& help, const std::string& what)
{
  const auto start = help.find("Arguments:\n");
  if (start == std::string::npos) {
    return;
  }
  std::istringstream lines(help.substr(start + 11));
  static const std::regex k_described(R"(^  \S+ +\S.*)");
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    INFO(what << ": " << line);
    CHECK(std::regex_match(line, k_described));
  }
}

const std::vector<Args> k_bad_arguments = {
  {"--bogus"},         {"--format", "xml"}, {"--format"},   {"stray", "extra", "more", "x"},
  {"--interval", "2"}, {"--interval", "x"}, {"--interval"}, {"--pid", "abc"},
  {"--dry-run=maybe"}, {"--remote"},        {"--settings"}, {"frobnicate"},
  {"--from"},          {"--sync-dir"},      {"-y=3"},       {"--force=no", "--force"},
};

} // namespace

TEST_CASE("help and usage errors speak ccsync's words, not the argument library's")
{
  for (const CommandSpec& command : commands()) {
    const std::string name(command.name);
    const std::string help = help_of(command, {"--help"});
    CHECK_MESSAGE(!help.empty(), name);
    check_own_words(help, name + " --help");
    check_arguments_described(help, name);
    std::vector<Args> attempts = k_bad_arguments;
    for (const auto& action : actions_in(help)) {
      const std::string action_help = help_of(command, {action, "--help"});
      CHECK_MESSAGE(action_help.find("ccsync " + name + " " + action) != std::string::npos,
                    (name + " " + action));
      check_own_words(action_help, name + " " + action + " --help");
      check_arguments_described(action_help, name + " " + action);
      for (Args bad : k_bad_arguments) {
        bad.insert(bad.begin(), action);
        attempts.push_back(bad);
      }
      attempts.push_back({action});
    }
    for (const auto& bad : attempts) {
      std::string words = name;
      for (const auto& arg : bad) {
        words += " " + arg;
      }
      check_own_words(usage_error_of(command, bad), words);
    }
  }
}

TEST_CASE("usage errors say what is wrong")
{
  CHECK(usage_error_of(*find_command("list"), {"--format", "xml"})
          .find("'xml' is not table or "
                "json") != std::string::npos);
  CHECK(usage_error_of(*find_command("daemon"), {"--interval", "2"})
          .find("--interval: 2 is not between 5 and 86400") != std::string::npos);
  CHECK(usage_error_of(*find_command("push"), {"--bogus"}).find("unknown option '--bogus'") !=
        std::string::npos);
  CHECK(usage_error_of(*find_command("config"), {"add-exlcude", "x"})
          .find("did you mean 'add-exclude'?") != std::string::npos);
  CHECK(usage_error_of(*find_command("lock"), {"acquire"}).find("missing SESSION_ID") !=
        std::string::npos);
  CHECK(usage_error_of(*find_command("init"), {"--remote"}).find("--remote needs a value") !=
        std::string::npos);
  CHECK(help_of(*find_command("resume"), {"--help"}).find("Esc or Ctrl-C") != std::string::npos);
}

TEST_CASE("help COMMAND ACTION shows the action's help; a transposed name is suggested")
{
  test::TempDir dir;
  const platform::Environment env({{"HOME", dir.path().string()}});
  std::ostringstream out;
  std::ostringstream err;
  CHECK(run_with({"help", "lock", "acquire"}, env, out, err) == 0);
  CHECK(out.str().find("Usage: ccsync lock acquire") != std::string::npos);
  CHECK(out.str().find("--pid PID") != std::string::npos);
  CHECK(run_with({"lsit"}, env, out, err) == 2);
  CHECK(err.str().find("did you mean 'list'?") != std::string::npos);
}

TEST_CASE("doctor: uncovered project directories are grouped, most sessions first")
{
  CHECK(describe_uncovered_projects({"/data", "/srv/work/a", "/srv/work/b", "/srv/work/a"}) ==
        "/srv/work (3 sessions): /srv/work/a, /srv/work/b; /data (1 session): /data");
  CHECK(describe_uncovered_projects({}).empty());
}

TEST_SUITE_END();

TEST_CASE("a transfer's progress line: quiet when quick, redrawn in place, ended with done")
{
  using git::TransferProgress;
  std::ostringstream quick;
  TerminalProgress hidden(quick);
  hidden.observer()({TransferProgress::Direction::fetch, 1, 3, 100});
  hidden.observer()({TransferProgress::Direction::fetch, 3, 3, 300});
  CHECK(quick.str().empty()); // done within half a second: nothing drawn

  std::ostringstream err;
  TerminalProgress shown(err, std::chrono::milliseconds(0));
  const auto observe = shown.observer();
  observe({TransferProgress::Direction::fetch, 0, 10, 0});
  observe({TransferProgress::Direction::fetch, 10, 10, 2048});
  CHECK(err.str().find("\r\033[Kfetch: 0/10 objects") != std::string::npos);
  CHECK(err.str().find("fetch: 10/10 objects, 2.0 KB") != std::string::npos);
  CHECK(err.str().ends_with(", done\n"));
  observe({TransferProgress::Direction::push, 4, 4, 512});
  CHECK(err.str().find("upload: 4/4 objects") != std::string::npos);
}
