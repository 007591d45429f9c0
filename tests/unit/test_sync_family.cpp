// A session is a family of files (issue 23, item 3; claude-code.md §9): how each kind is stored,
// that a file gone here is no deletion, and that a fork by pointer travels with its parent. Push
// and pull run against a real bare repository (which files are taken: test_sync_family_names.cpp).
#include "git/repository.hpp"
#include "paths/project_dir.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"
#include "platform/fs.hpp"
#include "sync/engine.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/repo/sync_repo.hpp"
#include "sync/store/session_store.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_id = "fa3a1000-0000-4000-8000-000000000001";
constexpr const char* k_parent = "fa3a2000-0000-4000-8000-000000000002";

void
put(const fs::path& file, const std::string& text)
{
  fs::create_directories(file.parent_path());
  platform::write_file_atomic(file, text, 0600);
}

void
append(const fs::path& file, const std::string& text)
{
  std::ofstream(file, std::ios::app | std::ios::binary) << text;
}

std::string
replace_all(std::string text, const std::string& from, const std::string& to)
{
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string
day(int days_ago)
{
  return util::format_epoch(util::now_epoch() - std::int64_t{days_ago} * 86400).substr(0, 10);
}

// One machine: its home `root`, its Claude directory and cache there, its project `root/app`.
struct Machine {
  Machine(const fs::path& root, const fs::path& remote)
      : dirs(platform::resolve_dirs(platform::Environment({{"HOME", root.string()}})))
      , placeholders(sync::make_placeholders(root.string(), {}))
      , repo(sync::SyncRepo::open(dirs, remote.string(), {root.filename().string(), {}}))
  {
    setup.claude_dir = dirs.claude_dir;
    setup.ccsync_home = dirs.ccsync_home;
    setup.machine_id = root.filename().string();
    setup.sync_directories = {root.string()};
    setup.placeholders = &placeholders;
    fs::create_directories(root / "app");
  }

  std::string
  cwd() const
  {
    return (dirs.home / "app").string();
  }

  fs::path
  project() const
  {
    return dirs.claude_dir / "projects" / paths::encode_project_dir(cwd());
  }

  // A user line of session `id` written `days_ago` days back, with `extra` fields.
  std::string
  line(const std::string& id, const std::string& text, int days_ago = 1,
       const std::string& extra = "") const
  {
    return R"({"type":"user","message":{"role":"user","content":")" + text + R"("},"cwd":")" +
           cwd() + R"(","sessionId":")" + id + R"(","timestamp":")" + day(days_ago) +
           "T10:00:00.000Z\"" + extra + "}\n";
  }

  sync::PushReport
  push(std::set<std::string> ids = {})
  {
    sync::PushRequest request;
    request.ids = std::move(ids);
    return sync::push_sessions(repo, setup, request);
  }

  sync::PullReport
  pull(std::set<std::string> ids = {})
  {
    repo.refresh();
    sync::PullRequest request;
    request.ids = std::move(ids);
    return sync::pull_sessions(repo, setup, request);
  }

  std::optional<std::string>
  stored(const std::string& id, const std::string& file)
  {
    repo.refresh();
    return repo.current().read(sync::sidecar_path(id, file));
  }

  std::optional<sync::SessionMeta>
  meta(const std::string& id)
  {
    repo.refresh();
    const auto text = repo.current().read(sync::meta_path(id));
    return text ? sync::parse_meta(*text) : std::nullopt;
  }

  platform::Dirs dirs;
  paths::Placeholders placeholders;
  sync::SyncRepo repo;
  sync::SyncSetup setup;
};

struct TwoMachines {
  TwoMachines()
      : alice(dir / "alice", init(dir / "remote.git"))
      , bob(dir / "bob", dir / "remote.git")
  {}

  static fs::path
  init(const fs::path& remote)
  {
    git::Repository::init_bare(remote);
    return remote;
  }

  TempDir dir;
  Machine alice;
  Machine bob;
};

std::vector<std::string>
ids_of(const std::vector<sync::SessionReport>& reports)
{
  std::vector<std::string> ids;
  for (const auto& r : reports) {
    ids.push_back(r.id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("meta: verbatim files and parents round-trip; hostile ones are refused")
{
  sync::SessionMeta meta;
  meta.session_id = k_id;
  meta.project = "{{HOME}}/app";
  meta.files = {"@beside/cast", "@beside/ccr-tip.json"};
  meta.verbatim = {"@beside/cast"};
  meta.parents = {k_parent};
  const auto parsed = sync::parse_meta(sync::to_json(meta));
  REQUIRE(parsed);
  CHECK(parsed->verbatim == meta.verbatim);
  CHECK(parsed->parents == meta.parents);
  CHECK(sync::is_verbatim(*parsed, "@beside/cast"));
  CHECK_FALSE(sync::is_verbatim(*parsed, "@beside/ccr-tip.json"));
  meta.verbatim.clear();
  meta.parents.clear();
  CHECK(sync::to_json(meta).find("verbatim") == std::string::npos); // as earlier versions wrote it
  const std::string start = R"({"session_id":"a","project":"p","chunks":[],"files":["x.bin"],)";
  CHECK(sync::parse_meta(start + R"("verbatim":["x.bin"]})"));
  CHECK_FALSE(sync::parse_meta(start + R"("verbatim":["y.bin"]})"));
  CHECK_FALSE(sync::parse_meta(start + R"("parents":["../x"]})"));
  CHECK_FALSE(sync::parse_meta(start + R"("parents":["a"]})")); // itself
  CHECK_FALSE(sync::parse_meta(start + R"("parents":"b"})"));
}

TEST_CASE("push and pull carry the whole family: known kinds translated, the rest byte for byte")
{
  TwoMachines m;
  Machine& alice = m.alice;
  const fs::path project = alice.project();
  const std::string id = k_id;
  put(project / (id + ".jsonl"), alice.line(id, "hello"));
  const std::string tip = R"({"eventId":"e1","path":")" + alice.cwd() + "\"}\n";
  const std::string cast = "\x1b[0m raw " + alice.cwd() + " {{HOME}} \xff\n";
  put(project / (id + ".ccr-tip.json"), tip);
  put(project / (id + ".cast"), cast);
  put(project / id / "workflows" / "a.json", tip);
  put(project / id / "subagents" / "journal.jsonl", R"({"type":"spawned","agentId":"a1"})"
                                                    "\n");
  put(project / (id + ".jsonl.compact.tmp.1"), "temporary");
  put(project / (id + ".jsonl.superseded-2"), "rotated");
  REQUIRE(alice.push().changed.size() == 1);

  const auto meta = alice.meta(id);
  REQUIRE(meta);
  CHECK(meta->files == std::vector<std::string>{"@beside/cast", "@beside/ccr-tip.json",
                                                "subagents/journal.jsonl", "workflows/a.json"});
  CHECK(meta->verbatim == std::vector<std::string>{"@beside/cast"});
  CHECK(alice.stored(id, "@beside/cast") == cast);
  CHECK(alice.stored(id, "@beside/ccr-tip.json") == R"({"eventId":"e1","path":"{{HOME}}/app"})"
                                                    "\n");
  alice.repo.refresh();
  CHECK(alice.repo.current().list(sync::session_dir(id) + "/files") ==
        std::vector<std::string>{"@beside", "subagents", "workflows"});

  Machine& bob = m.bob;
  REQUIRE(bob.pull().changed.size() == 1);
  const fs::path there = bob.project();
  const std::string tip_there = R"({"eventId":"e1","path":")" + bob.cwd() + "\"}\n";
  CHECK(platform::read_file(there / (id + ".ccr-tip.json")) == tip_there);
  CHECK(platform::read_file(there / id / "workflows" / "a.json") == tip_there);
  CHECK(platform::read_file(there / (id + ".cast")) == cast);
  CHECK(platform::read_file(there / id / "subagents" / "journal.jsonl") ==
        platform::read_file(project / id / "subagents" / "journal.jsonl"));
  CHECK_FALSE(fs::exists(there / (id + ".jsonl.compact.tmp.1")));
  CHECK_FALSE(fs::exists(there / (id + ".jsonl.superseded-2")));
  // Nothing changed since: bob's next push sends nothing back.
  CHECK(bob.push().changed.empty());
}

TEST_CASE("a file gone here is no deletion: the next push keeps it in the repository")
{
  TwoMachines m;
  Machine& alice = m.alice;
  const fs::path project = alice.project();
  const std::string id = k_id;
  put(project / (id + ".jsonl"), alice.line(id, "hello"));
  put(project / (id + ".precompact.json"), "{}\n");
  put(project / id / "subagents" / "agent-1.jsonl", "{}\n");
  put(project / id / "tool-results" / "t.txt", "out\n");
  REQUIRE(alice.push().changed.size() == 1);
  fs::remove(project / (id + ".precompact.json"));
  fs::remove_all(project / id); // Claude's retention sweep takes the folder
  put(project / (id + ".jsonl"), alice.line(id, "hello") + alice.line(id, "more"));
  const auto report = alice.push();
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].outcome == sync::Outcome::appended);
  const auto meta = alice.meta(id);
  REQUIRE(meta);
  CHECK(meta->files == std::vector<std::string>{"@beside/precompact.json",
                                                "subagents/agent-1.jsonl", "tool-results/t.txt"});
  CHECK(alice.stored(id, "@beside/precompact.json") == "{}\n");
  CHECK(alice.stored(id, "tool-results/t.txt") == "out\n");
  // A file that becomes a folder of the same name replaces it.
  put(project / id / "tool-results" / "t.txt" / "inner.txt", "now a folder\n");
  REQUIRE(alice.push().changed.size() == 1);
  CHECK(alice.meta(id)->files == std::vector<std::string>{"@beside/precompact.json",
                                                          "subagents/agent-1.jsonl",
                                                          "tool-results/t.txt/inner.txt"});
  CHECK(alice.stored(id, "tool-results/t.txt/inner.txt") == "now a folder\n");
  REQUIRE(m.bob.pull().changed.size() == 1);
  CHECK(platform::read_file(m.bob.project() / (id + ".precompact.json")) == "{}\n");
}

TEST_CASE("duplicate uuids and unknown record kinds round-trip byte for byte")
{
  TwoMachines m;
  Machine& alice = m.alice;
  const std::string id = k_id;
  const std::string dup = R"(,"uuid":"0d0d0d0d-0000-4000-8000-000000000001","parentUuid":null)";
  // A second /compact re-appends earlier messages with their uuids (claude-code.md §9.3), and
  // Claude Code 2.1.337 writes kinds ccsync has never heard of.
  const std::string text =
    alice.line(id, "first", 1, dup) +
    R"({"type":"api-request-route","provider":"x","sessionId":")" + id + "\"}\n" +
    R"({"type":"cost-state","sessionId":")" + id + R"(","totalCostUSD":0.1})" + "\n" +
    R"({"type":"never-seen-kind","nested":{"uuid":"u"},"sessionId":")" + id + "\"}\n" +
    alice.line(id, "first", 1, dup) + alice.line(id, "first", 1, dup) + "{\"type\":\"no-newline";
  put(alice.project() / (id + ".jsonl"), text);
  REQUIRE(alice.push().changed.size() == 1);
  Machine& bob = m.bob;
  REQUIRE(bob.pull().changed.size() == 1);
  const std::string complete = text.substr(0, text.rfind('\n') + 1); // the unfinished line waits
  CHECK(platform::read_file(bob.project() / (id + ".jsonl")) ==
        replace_all(complete, alice.cwd(), bob.cwd()));
  CHECK(bob.push().changed.empty());
  // More duplicates appended on bob come back to alice as they are.
  const std::string more = bob.line(id, "first", 1, dup);
  append(bob.project() / (id + ".jsonl"), more);
  REQUIRE(bob.push().changed.size() == 1);
  put(alice.project() / (id + ".jsonl"), complete); // alice's unfinished line went away
  REQUIRE(alice.pull().changed.size() == 1);
  CHECK(platform::read_file(alice.project() / (id + ".jsonl")) ==
        complete + replace_all(more, bob.cwd(), alice.cwd()));
}

TEST_CASE("a fork by pointer travels with its parent, however it is named and however old")
{
  TwoMachines m;
  Machine& alice = m.alice;
  const std::string fork = k_id;
  const std::string parent = k_parent;
  put(alice.project() / (parent + ".jsonl"), alice.line(parent, "the parent", 60));
  const std::string pointer = R"({"type":"fork-context-ref","parentSessionId":")" + parent +
                              R"(","parentLastUuid":"u1","contextLength":1,"sessionId":")" + fork +
                              "\"}\n";
  put(alice.project() / (fork + ".jsonl"), pointer + alice.line(fork, "the fork"));
  const auto pushed = alice.push({fork}); // only the fork named
  CHECK(ids_of(pushed.changed) == std::vector<std::string>{fork, parent});
  REQUIRE(alice.meta(fork));
  CHECK(alice.meta(fork)->parents == std::vector<std::string>{parent});
  CHECK(alice.meta(parent)->parents.empty());

  // A full pull leaves a 60-day-old session alone, but not the parent of a fork it brings.
  Machine& bob = m.bob;
  CHECK(ids_of(bob.pull().changed) == std::vector<std::string>{fork, parent});
  CHECK(fs::exists(bob.project() / (parent + ".jsonl")));

  // Named alone, the fork comes with its parent.
  TempDir third_dir;
  Machine carol(third_dir / "carol", m.dir / "remote.git");
  CHECK(ids_of(carol.pull({fork}).changed) == std::vector<std::string>{fork, parent});

  // The parent changed and the fork grew: pushing the fork takes the parent's new lines along.
  append(alice.project() / (parent + ".jsonl"), alice.line(parent, "later", 1));
  append(alice.project() / (fork + ".jsonl"), alice.line(fork, "fork later"));
  CHECK(ids_of(alice.push({fork}).changed) == std::vector<std::string>{fork, parent});
}
