// Which files belong to a session (issue 23, item 3; claude-code.md §9.1): its folder at any
// depth and the files beside its transcript are taken; temporary, rotation, hidden and reserved
// names, symbolic links and other sessions' files never are; which kinds are stored byte for byte.
#include "platform/fs.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/session_family.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_id = "fa3a1000-0000-4000-8000-000000000001";

void
put(const fs::path& file, const std::string& text)
{
  fs::create_directories(file.parent_path());
  platform::write_file_atomic(file, text, 0600);
}

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("names: transient, beside the transcript, stored byte for byte")
{
  using namespace sync;
  for (const char* name :
       {"x.jsonl.compact.tmp.1a2b", "x.jsonl.superseded-1796662626830", "x.ccr-tip.json.tmp.5.17",
        "x.json.tmp-1234-deadbeef", "x.jsonl.tmp-0123456789ab", "a.tmp", ".lock", "tasks.lock"}) {
    CHECK_MESSAGE(is_transient_name(name), name);
  }
  for (const char* name : {"agent-1.jsonl", "journal.jsonl", "wf_1.json", "template.md"}) {
    CHECK_FALSE_MESSAGE(is_transient_name(name), name);
  }
  const auto tip = beside_name(std::string(k_id) + ".ccr-tip.json");
  REQUIRE(tip);
  CHECK(tip->id == k_id);
  CHECK(tip->suffix == "ccr-tip.json");
  for (const std::string suffix : {".jsonl", ".jsonl.bak", ".jsonl.compact.tmp.1", "..x", ".",
                                   ".a b", ".ccr-tip.json.tmp.1"}) {
    CHECK_FALSE_MESSAGE(beside_name(k_id + suffix), suffix);
  }
  CHECK_FALSE(beside_name("memory"));
  CHECK_FALSE(beside_name("not/an.id"));
  CHECK_FALSE(is_verbatim_kind("subagents/agent-1.jsonl"));
  CHECK_FALSE(is_verbatim_kind("@beside/precompact.json"));
  CHECK_FALSE(is_verbatim_kind("tool-results/t.txt"));
  CHECK(is_verbatim_kind("@beside/cast"));
  CHECK(is_verbatim_kind("remote-agents/blob.bin"));
  CHECK(is_verbatim_kind("noext"));
}

TEST_CASE("a session's files: its folder at any depth and beside its transcript; never the rest")
{
  TempDir dir;
  const fs::path claude = dir / ".claude";
  const fs::path project = claude / "projects" / "-p";
  const std::string id = k_id;
  const fs::path folder = project / id;
  put(project / (id + ".jsonl"), "{}\n");
  for (const char* taken :
       {"subagents/agent-1.jsonl", "subagents/journal.jsonl",
        "subagents/workflows/run1/journal.jsonl", "workflows/a.json",
        "remote-agents/remote-agent-x.meta.json", "mcp-tasks/mcp-task-1.meta.json",
        "tool-results/t.txt", "deep/er/still/blob.bin"}) {
    put(folder / taken, "x");
  }
  for (const char* never : {".hidden", "subagents/.x", "@tasks/evil.json", "@beside/evil.json",
                            "workflows/a.json.tmp.3", "subagents/agent-2.jsonl.tmp-42-deadbeef",
                            "x.superseded-1/inner.json"}) {
    put(folder / never, "x");
  }
  for (const std::string suffix : {".ccr-tip.json", ".precompact.json", ".cast"}) {
    put(project / (id + suffix), "x");
  }
  for (const std::string suffix : {".jsonl.compact.tmp.1a2b", ".jsonl.superseded-2",
                                   ".ccr-tip.json.tmp.5", ".jsonl.tmp-99-deadbeef", ".lock"}) {
    put(project / (id + suffix), "x");
  }
  put(project / "fa3a9000-0000-4000-8000-000000000009.ccr-tip.json", "an orphan");
  fs::create_symlink(project / (id + ".jsonl"), project / (id + ".link.json"));
  put(claude / "tasks" / id / "1.json", "{}");
  put(claude / "tasks" / id / ".lock", "");

  const auto sessions = sync::find_local_sessions(claude);
  REQUIRE(sessions.size() == 1);
  const sync::LocalSession& session = sessions[0];
  CHECK(session.beside == std::vector<std::string>{"cast", "ccr-tip.json", "precompact.json"});
  CHECK(sync::session_files(session) ==
        std::vector<std::string>{
          "@beside/cast", "@beside/ccr-tip.json", "@beside/precompact.json", "@tasks/1.json",
          "deep/er/still/blob.bin", "mcp-tasks/mcp-task-1.meta.json",
          "remote-agents/remote-agent-x.meta.json", "subagents/agent-1.jsonl",
          "subagents/journal.jsonl", "subagents/workflows/run1/journal.jsonl", "tool-results/t.txt",
          "workflows/a.json"});
  CHECK(sync::session_file_path(session, "@beside/ccr-tip.json") ==
        project / (id + ".ccr-tip.json"));
  CHECK(sync::session_file_path(session, "@tasks/1.json") == claude / "tasks" / id / "1.json");
  CHECK(sync::session_file_path(session, "workflows/a.json") == folder / "workflows" / "a.json");
}

TEST_SUITE_END();
