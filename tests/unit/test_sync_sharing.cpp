// What is shared: the glob matcher of `exclude` (paths/glob.hpp), the sharing decision
// (sync/sharing/sharing.hpp), the local marks (sync/sharing/marks.hpp) and forgotten.json
// (sync/sharing/sharing_state.hpp), and which
// repository paths a forget removes (sync/sharing/forget.hpp).
#include "config/config.hpp"
#include "paths/glob.hpp"
#include "sync/engine.hpp"
#include "sync/sharing/forget.hpp"
#include "sync/sharing/secrets_policy.hpp"
#include "sync/sharing/sharing.hpp"
#include "sync/sharing/sharing_state.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "unit/temp_dir.hpp"

using namespace ccsync;
using namespace ccsync::sync;
using paths::glob_covers;
using paths::glob_match;

TEST_SUITE_BEGIN("sync");

TEST_CASE("glob: * stays within one directory, ** crosses directories")
{
  CHECK(glob_match("/home/me/*", "/home/me/app"));
  CHECK_FALSE(glob_match("/home/me/*", "/home/me/app/web"));
  CHECK(glob_match("/home/me/**", "/home/me/app/web"));
  CHECK(glob_match("/home/me/**", "/home/me"));           // "/**" names the directory too
  CHECK_FALSE(glob_match("/home/me/**", "/home/meadow")); // ... but not a sibling
  CHECK(glob_match("/home/*/clients/**", "/home/me/clients/a/b"));
  CHECK_FALSE(glob_match("/home/*/clients/**", "/home/me/x/clients/a"));
  CHECK(glob_match("/home/me/**/secret", "/home/me/a/b/secret"));
  CHECK(glob_match("/home/me/**/secret", "/home/me/secret")); // "/**/" may be no directory
  CHECK_FALSE(glob_match("/home/me/**/secret", "/home/me/secrets"));
  CHECK(glob_match("/srv/app-?", "/srv/app-1"));
  CHECK_FALSE(glob_match("/srv/app-?", "/srv/app-12"));
  CHECK_FALSE(glob_match("/srv/app?x", "/srv/app/x"));
  CHECK(glob_match("/srv/*-prod", "/srv/shop-prod"));
  CHECK_FALSE(glob_match("/srv/*-prod", "/srv/shop-prod2"));
  CHECK(glob_match("/a/*b*c", "/a/xbybzc"));
  CHECK_FALSE(glob_match("/a/*b*c", "/a/xbybz/c"));
  CHECK(glob_match("/exact", "/exact"));
  CHECK_FALSE(glob_match("/exact", "/exactly"));
  CHECK_FALSE(glob_match("", "/x"));
}

TEST_CASE("glob: a pattern covers the directory it matches and everything below it")
{
  CHECK(glob_covers("/home/me/clients/*", "/home/me/clients/acme/web"));
  CHECK(glob_covers("/home/me/clients/acme", "/home/me/clients/acme"));
  CHECK(glob_covers("/home/me/clients/acme/", "/home/me/clients/acme/src/"));
  CHECK_FALSE(glob_covers("/home/me/clients/acme", "/home/me/clients/acme2"));
  CHECK_FALSE(glob_covers("/home/me/clients/acme", "/home/me/clients"));
  CHECK(glob_covers("{{HOME}}/clients/**", "{{HOME}}/clients/acme"));
  CHECK_FALSE(glob_covers("{{HOME}}/clients/**", "{{WORK}}/clients/acme"));
  CHECK_FALSE(glob_covers("/home/me", ""));
  CHECK_FALSE(glob_covers("", "/home/me"));
}

namespace {

SharingRules
rules_with(std::vector<ExcludePattern> exclude)
{
  SharingRules rules;
  rules.exclude = std::move(exclude);
  return rules;
}

ProjectFacts
project(std::string cwd, std::string portable, bool ignore_file = false)
{
  return {std::move(cwd), std::move(portable), ignore_file};
}

} // namespace

TEST_CASE("sharing: a session is shared unless a rule says otherwise")
{
  const SharingRules none;
  CHECK(decide_sharing(none, "s1", project("/home/me/app", "{{HOME}}/app")).shared());
  CHECK(decide_sharing(none, "s1", project("", "")).shared());
}

TEST_CASE("sharing: exclude patterns match the expanded cwd or the portable path")
{
  const auto rules = rules_with({{"{{HOME}}/clients/**", "/home/me/clients/**"}});
  const Sharing by_cwd = decide_sharing(rules, "s", project("/home/me/clients/acme", ""));
  CHECK(by_cwd.reason == NotShared::excluded);
  CHECK(by_cwd.detail == "{{HOME}}/clients/**");
  // A symlinked spelling of the cwd still has the same portable path.
  CHECK(
    decide_sharing(rules, "s", project("/real/me/clients/acme", "{{HOME}}/clients/acme")).reason ==
    NotShared::excluded);
  CHECK(decide_sharing(rules, "s", project("/home/me/app", "{{HOME}}/app")).shared());
  CHECK(decide_sharing(rules, "s", project("/home/me/clientsX", "{{HOME}}/clientsX")).shared());
}

TEST_CASE("sharing: a pattern whose placeholder is not mapped here matches portable paths only")
{
  const auto rules = rules_with({{"{{WORK}}/secret", ""}});
  CHECK(decide_sharing(rules, "s", project("/w/secret", "{{WORK}}/secret")).reason ==
        NotShared::excluded);
  CHECK(decide_sharing(rules, "s", project("/w/secret", "/w/secret")).shared());
}

TEST_CASE("sharing: .ccsync-ignore, local marks and forget records")
{
  SharingRules rules;
  CHECK(decide_sharing(rules, "s", project("/p", "/p", true)).reason == NotShared::ignore_file);
  rules.local_ids = {"s"};
  CHECK(decide_sharing(rules, "s", project("/p", "/p")).reason == NotShared::local);
  CHECK(decide_sharing(rules, "other", project("/p", "/p")).shared());
  rules.forgotten_ids = {"s"};
  CHECK(decide_sharing(rules, "s", project("/p", "/p")).reason == NotShared::forgotten);
  // Without a known project, the id rules still hold.
  CHECK(decide_sharing(rules, "s", project("", "")).reason == NotShared::forgotten);
  CHECK(std::string(to_string(NotShared::ignore_file)) == "ignore-file");
}

TEST_CASE("sharing: exclude patterns expand with this machine's placeholders")
{
  const paths::Placeholders placeholders = make_placeholders("/home/me", {{"WORK", "/srv/work"}});
  const auto expanded =
    expand_excludes({"{{HOME}}/a/*", "{{WORK}}/b", "{{NOPE}}/c", "/abs"}, placeholders);
  REQUIRE(expanded.size() == 4);
  CHECK(expanded[0].expanded == "/home/me/a/*");
  CHECK(expanded[1].expanded == "/srv/work/b");
  CHECK(expanded[2].expanded.empty());
  CHECK(expanded[3].expanded == "/abs");
}

TEST_CASE("local marks are stored atomically; a damaged file is an error, not 'none'")
{
  const test::TempDir home;
  CHECK(load_local_ids(home.path()).empty());
  CHECK(mark_local(home.path(), "a", true));
  CHECK_FALSE(mark_local(home.path(), "a", true));
  CHECK(mark_local(home.path(), "b", true));
  CHECK(load_local_ids(home.path()) == std::set<std::string>{"a", "b"});
  CHECK(mark_local(home.path(), "a", false));
  CHECK_FALSE(mark_local(home.path(), "a", false));
  CHECK(load_local_ids(home.path()) == std::set<std::string>{"b"});
  std::ofstream(home / "local-sessions.json") << "{broken";
  CHECK_THROWS_AS(load_local_ids(home.path()), Error);
}

TEST_CASE(".ccsync-ignore in the project directory or above it")
{
  const test::TempDir dir;
  std::filesystem::create_directories(dir / "a/b/c");
  CHECK_FALSE(has_ignore_file((dir / "a/b/c").string()));
  std::ofstream(dir / "a/b/.ccsync-ignore");
  CHECK(has_ignore_file((dir / "a/b/c").string()));
  CHECK(has_ignore_file((dir / "a/b").string()));
  CHECK_FALSE(has_ignore_file((dir / "a").string()));
}

TEST_CASE("forget: which projects lie within the one named")
{
  CHECK(is_within_project("{{HOME}}/clients/acme", "{{HOME}}/clients"));
  CHECK(is_within_project("{{HOME}}/clients", "{{HOME}}/clients/"));
  CHECK_FALSE(is_within_project("{{HOME}}/clients2", "{{HOME}}/clients"));
  CHECK_FALSE(is_within_project("{{HOME}}/clients", ""));
}

TEST_CASE("secrets policy per project: the first covering secrets_projects entry, or none")
{
  const paths::Placeholders placeholders = make_placeholders("/home/me", {{"WORK", "/srv/work"}});
  SyncSetup setup;
  setup.placeholders = &placeholders;
  setup.secrets_projects = {
    {"{{WORK}}/vault/**", "block"}, {"{{HOME}}/notes/*", "off"}, {"/srv/work/**", "warn"}};
  CHECK(secrets_policy_for(setup, "/srv/work/vault") == "block");
  CHECK(secrets_policy_for(setup, "/srv/work/vault/keys") == "block");
  CHECK(secrets_policy_for(setup, "/srv/work/app") == "warn");
  CHECK(secrets_policy_for(setup, "/home/me/notes/a") == "off");
  CHECK_FALSE(secrets_policy_for(setup, "/home/me/src")); // config `secrets` applies
  CHECK_FALSE(secrets_policy_for(setup, ""));             // CLAUDE.md: the global policy
}

TEST_CASE("secrets_projects entries: PATTERN=POLICY, checked")
{
  CHECK(config::parse_project_policy("{{HOME}}/a=b/**=block") ==
        std::pair<std::string, std::string>{"{{HOME}}/a=b/**", "block"});
  CHECK_THROWS_AS(config::parse_project_policy("{{HOME}}/vault"), Error);
  CHECK_THROWS_AS(config::parse_project_policy("vault/**=block"), Error);
  CHECK_THROWS_AS(config::parse_project_policy("/vault/**=hide"), Error);
}
TEST_SUITE_END();
