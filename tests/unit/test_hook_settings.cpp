// hook/settings: ccsync's entries in Claude's settings.json (merge, removal, recognition, errors)
// and the --dry-run diff.
#include "hook/settings.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ccsync;
using namespace ccsync::hook;
using Json = nlohmann::ordered_json;

namespace {

const HookRegistration k_here{"/opt/ccsync/bin/ccsync"};

// A settings file with other keys, other hooks (one group shared with nobody, one matcher group
// on an event ccsync also uses) and an unusual key order.
const std::string k_rich = R"~({
  "permissions": {"allow": ["Bash(ls:*)"], "deny": []},
  "hooks": {
    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "audit.sh"}]}],
    "SessionStart": [{"matcher": "startup", "hooks": [{"type": "command", "command": "echo hi"}]}]
  },
  "model": "opus",
  "env": {"ZED": "1", "ALPHA": "2"}
})~";

// `text` as ordered_json dumps it (the formatting merge_hooks and remove_hooks write).
std::string
normalised(const std::string& text)
{
  return Json::parse(text).dump(2) + "\n";
}

std::string
error_of(const std::string& text)
{
  try {
    merge_hooks(text, k_here, "/h/settings.json");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::config);
    CHECK(e.hint().find("untouched") != std::string::npos);
    return e.what();
  }
  return "no error";
}

std::size_t
ours(const Json& settings, const std::string& event)
{
  std::size_t count = 0;
  for (const Json& group : settings["hooks"][event]) {
    for (const Json& hook : group["hooks"]) {
      count += is_ccsync_hook(hook) ? 1 : 0;
    }
  }
  return count;
}

} // namespace

TEST_SUITE_BEGIN("hook");

TEST_CASE("the four entries, exec form with the binary, args and timeouts")
{
  const Json settings = Json::parse(merge_hooks("", k_here));
  const Json& hooks = settings["hooks"];
  REQUIRE(hooks.size() == 4);
  CHECK(hooks.begin().key() == "SessionStart");
  CHECK(hooks["SessionStart"][0]["matcher"] == "startup|resume|clear|compact|fork");
  CHECK(hooks["SessionStart"][0]["hooks"][0] ==
        Json::parse(R"({"type": "command", "command": "/opt/ccsync/bin/ccsync",
                        "args": ["hook", "session-start"], "timeout": 15})"));
  CHECK(hooks["UserPromptSubmit"][0]["hooks"][0]["args"][1] == "user-prompt-submit");
  CHECK(hooks["Stop"][0]["hooks"][0]["timeout"] == 5);
  CHECK_FALSE(hooks["Stop"][0].contains("matcher"));
  CHECK(hooks["SessionEnd"][0]["hooks"][0]["args"] == Json::array({"hook", "session-end"}));
  CHECK(merge_hooks("{}", k_here) == merge_hooks("  \n", k_here));
  CHECK(merge_hooks("{}", k_here).ends_with("}\n"));
}

TEST_CASE("other keys and hooks are kept, in their order")
{
  const std::string merged = merge_hooks(k_rich, k_here);
  const Json settings = Json::parse(merged);
  std::string keys;
  for (const auto& [key, value] : settings.items()) {
    keys += key + " ";
  }
  CHECK(keys == "permissions hooks model env ");
  CHECK(settings["env"].begin().key() == "ZED");
  CHECK(settings["hooks"].begin().key() == "PreToolUse");
  CHECK(settings["hooks"]["PreToolUse"] == Json::parse(k_rich)["hooks"]["PreToolUse"]);
  const Json& start = settings["hooks"]["SessionStart"];
  REQUIRE(start.size() == 2);
  CHECK(start[0]["hooks"][0]["command"] == "echo hi");
  CHECK(ours(settings, "SessionStart") == 1);
  CHECK(merged.find("\n  \"permissions\": {\n    \"allow\": [") != std::string::npos);
}

TEST_CASE("merging is idempotent and leaves an installed file byte for byte")
{
  const std::string once = merge_hooks(k_rich, k_here);
  CHECK(merge_hooks(once, k_here) == once);
  const std::string compact = Json::parse(once).dump(); // another formatting, same content
  CHECK(merge_hooks(compact, k_here) == compact);
  CHECK(remove_hooks(k_rich) == k_rich); // nothing of ours: same bytes
}

TEST_CASE("uninstall removes exactly what install added")
{
  CHECK(remove_hooks(merge_hooks(k_rich, k_here)) == normalised(k_rich));
  CHECK(remove_hooks(merge_hooks("{\"a\": 1}", k_here)) == "{\n  \"a\": 1\n}\n");
  CHECK(remove_hooks(merge_hooks("", k_here)) == "{}\n");
  // An event list that was empty before install goes with ccsync's group (uninstall cannot know
  // it was there); other empty values stay.
  const std::string empty = R"({"hooks": {"Stop": []}, "x": {}, "y": []})";
  CHECK(remove_hooks(merge_hooks(empty, k_here)) == normalised(R"({"x": {}, "y": []})"));
}

TEST_CASE("an older ccsync entry is replaced where it stands, not duplicated")
{
  const std::string old = R"({"hooks": {"Stop": [
      {"hooks": [{"type": "command", "command": "before.sh"}]},
      {"hooks": [{"type": "command", "command": "/usr/bin/claude-session-sync",
                  "args": ["hook", "stop"]}]},
      {"hooks": [{"type": "command", "command": "after.sh"}]},
      {"hooks": [{"type": "command", "command": "/old/ccsync", "args": ["hook", "stop"]}]}],
    "PreCompact": [{"hooks": [{"type": "command", "command": "ccsync hook pre-compact"}]}]}})";
  const Json settings = Json::parse(merge_hooks(old, k_here));
  const Json& stop = settings["hooks"]["Stop"];
  REQUIRE(stop.size() == 3);
  CHECK(stop[0]["hooks"][0]["command"] == "before.sh");
  CHECK(stop[1]["hooks"][0]["command"] == "/opt/ccsync/bin/ccsync");
  CHECK(stop[2]["hooks"][0]["command"] == "after.sh");
  CHECK_FALSE(settings["hooks"].contains("PreCompact")); // an event ccsync no longer uses
  CHECK(count_ccsync_hooks(Json::parse(old)) == 3);
  CHECK(count_ccsync_hooks(settings) == 4);
}

TEST_CASE("the string and plugin forms are recognised and replaced")
{
  const std::string old = R"({"hooks": {"SessionStart": [{"matcher": "startup|resume",
      "hooks": [{"type": "command", "command": "ccsync hook session-start", "timeout": 30}]}],
    "SessionEnd": [{"hooks": [{"type": "command",
      "command": "\"${CLAUDE_PLUGIN_ROOT}/hooks/ccsync-hook\" session-end"}]}]}})";
  const Json settings = Json::parse(merge_hooks(old, k_here));
  REQUIRE(settings["hooks"]["SessionStart"].size() == 1);
  CHECK(settings["hooks"]["SessionStart"][0]["matcher"] == "startup|resume|clear|compact|fork");
  CHECK(settings["hooks"]["SessionStart"][0]["hooks"][0]["timeout"] == 15);
  REQUIRE(settings["hooks"]["SessionEnd"].size() == 1);
  CHECK(settings["hooks"]["SessionEnd"][0]["hooks"][0]["command"] == "/opt/ccsync/bin/ccsync");
}

TEST_CASE("a group shared with another hook keeps the other hook")
{
  const std::string shared = R"({"hooks": {"Stop": [{"matcher": "", "hooks": [
      {"type": "command", "command": "/old/ccsync", "args": ["hook", "stop"]},
      {"type": "command", "command": "notify-send done"}]}]}})";
  const Json settings = Json::parse(merge_hooks(shared, k_here));
  const Json& stop = settings["hooks"]["Stop"];
  REQUIRE(stop.size() == 2);
  CHECK(stop[0] == Json::parse(R"({"matcher": "", "hooks": [
      {"type": "command", "command": "notify-send done"}]})"));
  CHECK(ours(settings, "Stop") == 1);
  const Json removed = Json::parse(remove_hooks(shared));
  CHECK(removed["hooks"]["Stop"][0]["hooks"].size() == 1);
  CHECK(removed["hooks"]["Stop"][0]["hooks"][0]["command"] == "notify-send done");
}

TEST_CASE("which entries are ccsync's")
{
  const auto hook = [](const char* text) { return is_ccsync_hook(Json::parse(text)); };
  CHECK(hook(R"({"type":"command","command":"/x/ccsync","args":["hook","stop"]})"));
  CHECK(hook(R"({"type":"command","command":"claude-session-sync","args":["hook"]})"));
  CHECK(hook(R"({"type":"command","command":"C:\\bin\\ccsync.exe","args":["hook","stop"]})"));
  CHECK(hook(R"({"type":"command","command":"/usr/local/bin/ccsync hook stop"})"));
  CHECK(hook(R"({"type":"command","command":"CCSYNC_HOME=/x exec 'ccsync' hook stop"})"));
  CHECK(hook(R"({"type":"command","command":"\"/p/hooks/ccsync-hook\" stop"})"));
  CHECK(hook(R"({"type":"command","command":"\"${CLAUDE_PLUGIN_ROOT}/hooks/ccsync-hook\""})"));
  CHECK_FALSE(hook(R"({"type":"command","command":"/x/ccsync","args":["push"]})"));
  CHECK_FALSE(hook(R"({"type":"command","command":"/x/ccsync","args":[]})"));
  CHECK_FALSE(hook(R"({"type":"command","command":"ccsync push"})"));
  CHECK_FALSE(hook(R"({"type":"command","command":"echo ccsync hook stop"})"));
  CHECK_FALSE(hook(R"({"type":"command","command":"/x/ccsync-old hook stop"})"));
  CHECK_FALSE(hook(R"({"type":"http","url":"http://h/ccsync hook"})"));
  CHECK_FALSE(hook(R"({"command":"ccsync hook stop"})"));
  CHECK_FALSE(hook(R"("ccsync hook stop")"));
}

TEST_CASE("a malformed file is reported with its line")
{
  CHECK(error_of("{\n  \"model\": \"opus\",\n  \"hooks\": {\n    \"Stop\": [,]\n  }\n}\n")
          .starts_with("/h/settings.json:4: malformed JSON: "));
  CHECK(error_of("{\n  \"a\": 1,\n}").starts_with("/h/settings.json:3: malformed JSON"));
  CHECK(error_of("{\"a\": 1").find("malformed JSON") != std::string::npos);
  CHECK(error_of("\n[1, 2]").starts_with("/h/settings.json:2: the settings must be a JSON object"));
  CHECK(error_of("{\n  \"x\": {\"hooks\": 1},\n  \"hooks\": []\n}")
          .starts_with("/h/settings.json:3: \"hooks\" must be an object"));
  CHECK(error_of("{\"hooks\": {\n  \"Stop\": {}\n}}")
          .starts_with("/h/settings.json:2: \"hooks\".Stop"));
  CHECK_THROWS_AS(remove_hooks("{oops", "f"), Error);
  CHECK(error_of("\xff\xfe{}").find("malformed JSON") != std::string::npos);
}

TEST_CASE("a plugin enabled beside the registration is noticed")
{
  CHECK(ccsync_plugin_enabled(Json::parse(R"({"enabledPlugins": {"ccsync@tools": true}})")));
  CHECK_FALSE(ccsync_plugin_enabled(Json::parse(R"({"enabledPlugins": {"ccsync@t": false}})")));
  CHECK_FALSE(ccsync_plugin_enabled(Json::parse(R"({"enabledPlugins": {"ccsyncx@t": true}})")));
  CHECK_FALSE(ccsync_plugin_enabled(Json::object()));
}

TEST_CASE("the diff of a change")
{
  CHECK(line_diff("a\nb\n", "a\nb\n").empty());
  CHECK(line_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n") ==
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  CHECK(line_diff("", "{}\n") == "@@ -0,0 +1,1 @@\n+{}\n");
  CHECK(line_diff("{}", "{}\n") == "@@ -1,1 +1,1 @@\n-{}\n\\ No newline at end of file\n+{}\n");
  CHECK(line_diff("a\nb\n", "") == "@@ -1,2 +0,0 @@\n-a\n-b\n");
  // Two changes far apart make two hunks.
  std::string before;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
  }
  std::string after = before;
  after.replace(0, 2, "one\n");
  after += "21\n";
  const std::string diff = line_diff(before, after);
  CHECK(diff.starts_with("@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -18,3 +18,4 @@\n 18\n"));
  CHECK(diff.ends_with(" 20\n+21\n"));
  const std::string install = line_diff(k_rich, merge_hooks(k_rich, k_here));
  CHECK(install.find("+            \"command\": \"/opt/ccsync/bin/ccsync\",\n") !=
        std::string::npos);
}

TEST_SUITE_END();
