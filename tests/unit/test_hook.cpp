// hook/: event names, payloads, reading stdin without hanging; sync/outbox: durable items;
// platform/process: steps in a child process with a deadline.
#include "hook/payload.hpp"
#include "hook/stdin_reader.hpp"
#include "platform/fs.hpp"
#include "platform/process.hpp"
#include "sync/decisions.hpp"
#include "sync/outbox/outbox.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;
using namespace std::chrono_literals;

namespace {

constexpr const char* k_id = "aaaaaaaa-1111-4222-8333-444444444444";

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe()
  {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    read_end = fds[0];
    write_end = fds[1];
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe()
  {
    close_write();
    ::close(read_end);
  }
  void
  write(const std::string& text) const
  {
    REQUIRE(::write(write_end, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  }
  void
  close_write()
  {
    if (write_end >= 0) {
      ::close(write_end);
      write_end = -1;
    }
  }
};

hook::Payload
payload_of(const std::string& text, hook::HookEvent event)
{
  auto parsed = hook::parse_payload(text, event);
  REQUIRE(std::holds_alternative<hook::Payload>(parsed));
  return std::get<hook::Payload>(parsed);
}

std::string
problem_of(const std::string& text, hook::HookEvent event)
{
  auto parsed = hook::parse_payload(text, event);
  REQUIRE(std::holds_alternative<std::string>(parsed));
  return std::get<std::string>(parsed);
}

} // namespace

TEST_SUITE_BEGIN("hook");

TEST_CASE("event names: ours and Claude's, nothing else")
{
  CHECK(hook::parse_event_name("session-start") == hook::HookEvent::session_start);
  CHECK(hook::parse_event_name("SessionStart") == hook::HookEvent::session_start);
  CHECK(hook::parse_event_name("user-prompt-submit") == hook::HookEvent::user_prompt_submit);
  CHECK(hook::parse_event_name("Stop") == hook::HookEvent::stop);
  CHECK(hook::parse_event_name("SessionEnd") == hook::HookEvent::session_end);
  CHECK_FALSE(hook::parse_event_name("PreToolUse").has_value());
  CHECK_FALSE(hook::parse_event_name("").has_value());
  CHECK(std::string(hook::claude_event_name(hook::HookEvent::session_end)) == "SessionEnd");
  CHECK(std::string(hook::event_name(hook::HookEvent::user_prompt_submit)) == "user-prompt-submit");
}

TEST_CASE("a payload: fields read, other keys ignored")
{
  const auto p = payload_of(std::string(R"({"session_id":")") + k_id +
                              R"(","transcript_path":"/h/.claude/projects/-a/x.jsonl",)"
                              R"("cwd":"/h/a","hook_event_name":"SessionStart","source":"resume",)"
                              R"("model":{"id":"x"},"extra":[1,2]})",
                            hook::HookEvent::session_start);
  CHECK(p.session_id == k_id);
  CHECK(p.cwd == "/h/a");
  CHECK(p.source == "resume");
  CHECK(p.transcript_path == "/h/.claude/projects/-a/x.jsonl");
}

TEST_CASE("SessionStart waits for the lock check only where another machine may hold the lock")
{
  CHECK_FALSE(hook::waits_for_lock_check("startup", false));
  CHECK_FALSE(hook::waits_for_lock_check("clear", false));
  CHECK(hook::waits_for_lock_check("startup", true)); // --session-id of an existing session
  CHECK(hook::waits_for_lock_check("resume", false));
  CHECK(hook::waits_for_lock_check("compact", true));
  CHECK(hook::waits_for_lock_check("fork", false));
  CHECK(hook::waits_for_lock_check("", false)); // unknown: the safe side
}

TEST_CASE("payloads that are refused, with the reason")
{
  const auto stop = hook::HookEvent::stop;
  CHECK(problem_of("", stop) == "empty payload");
  CHECK(problem_of(" \n", stop) == "empty payload");
  CHECK(problem_of("[1,2]", stop) == "the payload is not a JSON object");
  CHECK(problem_of("{\"session_id\":", stop) == "the payload is not a JSON object");
  CHECK(problem_of(R"({"cwd":"/a"})", stop) == "the payload has no valid session_id");
  CHECK(problem_of(R"({"session_id":"../../etc"})", stop) == "the payload has no valid session_id");
  CHECK(problem_of(R"({"session_id":42})", stop) == "the payload has no valid session_id");
  const std::string other =
    std::string(R"({"session_id":")") + k_id + R"(","hook_event_name":"SessionEnd"})";
  CHECK(problem_of(other, stop) == "the payload is for SessionEnd, not Stop");
}

TEST_CASE("stdin: the first line is enough although the pipe stays open")
{
  Pipe pipe;
  pipe.write("{\"a\":1}\n{\"b\":2}");
  std::string why;
  const auto started = std::chrono::steady_clock::now();
  const auto text = hook::read_payload(pipe.read_end, 5s, why);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  REQUIRE(text.has_value());
  CHECK(text->starts_with("{\"a\":1}"));
  CHECK(text->find("\"b\"") == std::string::npos);
}

TEST_CASE("stdin: end of file without a newline is the payload")
{
  Pipe pipe;
  pipe.write("{\"a\":1}");
  pipe.close_write();
  std::string why;
  const auto text = hook::read_payload(pipe.read_end, 5s, why);
  REQUIRE(text.has_value());
  CHECK(*text == "{\"a\":1}");
}

TEST_CASE("stdin: a writer that never finishes costs the deadline, not a hang")
{
  Pipe pipe;
  pipe.write("{\"a\":");
  std::string why;
  const auto started = std::chrono::steady_clock::now();
  const auto text = hook::read_payload(pipe.read_end, 200ms, why);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK_FALSE(text.has_value());
  CHECK(took >= 150ms);
  CHECK(took < 3s);
  CHECK_FALSE(why.empty());
}

TEST_CASE("stdin: nothing at all, and more than the cap")
{
  std::string why;
  {
    Pipe pipe;
    pipe.close_write();
    CHECK_FALSE(hook::read_payload(pipe.read_end, 1s, why).has_value());
  }
  {
    Pipe pipe;
    pipe.write(std::string(5000, 'x'));
    why.clear();
    CHECK_FALSE(hook::read_payload(pipe.read_end, 1s, why, 1024).has_value());
    CHECK_FALSE(why.empty());
  }
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("outbox");

TEST_CASE("one item per kind and session, however often it is asked for")
{
  TempDir home;
  const sync::Outbox outbox(home.path());
  CHECK(outbox.items().empty());
  outbox.enqueue(sync::WorkKind::push, k_id);
  outbox.enqueue(sync::WorkKind::push, k_id);
  outbox.enqueue(sync::WorkKind::release, k_id, 4242);
  const auto items = outbox.items();
  REQUIRE(items.size() == 2);
  CHECK(outbox.has(sync::WorkKind::push, k_id));
  CHECK(outbox.has(sync::WorkKind::release, k_id));
  const auto release = items[0].kind == sync::WorkKind::release ? items[0] : items[1];
  CHECK(release.pid == 4242);
  CHECK(release.enqueued_at > 0);
  outbox.done(release);
  CHECK_FALSE(outbox.has(sync::WorkKind::release, k_id));
  CHECK(outbox.status().depth == 1);
}

TEST_CASE("a half-written item is not an item; a damaged one is dropped")
{
  TempDir home;
  const sync::Outbox outbox(home.path());
  outbox.enqueue(sync::WorkKind::push, k_id);
  const auto dir = home / "outbox";
  platform::write_file_atomic(dir / "push-bbbbbbbb-1111-4222-8333-444444444444.json.tmp-0123",
                              "{\"kind\":\"pu", 0600);
  platform::write_file_atomic(dir / "push-cccccccc-1111-4222-8333-444444444444.json",
                              "{\"kind\":\"push\",\"sess", 0600);
  platform::write_file_atomic(dir / "push-dddddddd-1111-4222-8333-444444444444.json",
                              R"({"kind":"push","session_id":"../x"})", 0600);
  const auto items = outbox.items();
  REQUIRE(items.size() == 1);
  CHECK(items[0].session_id == k_id);
  CHECK_FALSE(std::filesystem::exists(dir / "push-cccccccc-1111-4222-8333-444444444444.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "push-dddddddd-1111-4222-8333-444444444444.json"));
}

TEST_CASE("a failure waits longer each time, up to ten minutes, and is reported")
{
  TempDir home;
  const sync::Outbox outbox(home.path());
  outbox.enqueue(sync::WorkKind::push, k_id);
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 10; ++i) {
    const auto item = outbox.items().at(0);
    outbox.failed(item, "remote unreachable", 1000);
    waits.push_back(outbox.items().at(0).next_attempt_at - 1000);
  }
  CHECK(waits.front() == 5);
  CHECK(waits[1] == 10);
  CHECK(waits.back() == 600);
  CHECK(std::is_sorted(waits.begin(), waits.end()));
  const auto status = outbox.status();
  CHECK(status.depth == 1);
  CHECK(status.last_error == "remote unreachable");
  CHECK(status.oldest > 0);
  CHECK(outbox.items().at(0).attempts == 10);
}

TEST_CASE("an item for something that is no session id is refused")
{
  TempDir home;
  const sync::Outbox outbox(home.path());
  CHECK_THROWS_AS(outbox.enqueue(sync::WorkKind::push, "../../x"), Error);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("process");

TEST_CASE("a step in a child: its exit code, or nothing when it overran and was killed")
{
  CHECK(platform::run_in_child([] { return 7; }, 5s) == 7);
  CHECK(platform::run_in_child([]() -> int { throw std::runtime_error("x"); }, 5s) == 1);
  const auto started = std::chrono::steady_clock::now();
  const auto overran = platform::run_in_child(
    [] {
      std::this_thread::sleep_for(30s);
      return 0;
    },
    300ms);
  CHECK_FALSE(overran.has_value());
  CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("a process is alive only while its pid has the start time it had")
{
  const long me = static_cast<long>(::getpid());
  const auto start = platform::process_start_time(me);
  CHECK(start > 0);
  CHECK(platform::process_alive(me, start));
  CHECK_FALSE(platform::process_alive(me, start + 1));
  CHECK_FALSE(platform::process_alive(0, 0));
}

TEST_SUITE_END();

TEST_CASE("selective sync: a directory and what lies under it, nothing beside it")
{
  const std::vector<std::string> dirs{"/home/me/work", "/srv/"};
  CHECK(sync::is_under_any("/home/me/work", dirs));
  CHECK(sync::is_under_any("/home/me/work/app", dirs));
  CHECK(sync::is_under_any("/srv/x", dirs));
  CHECK_FALSE(sync::is_under_any("/home/me/workshop", dirs));
  CHECK_FALSE(sync::is_under_any("/home/me", dirs));
  CHECK(sync::is_under_any("/anything", {"/"}));
  CHECK_FALSE(sync::is_under_any("/a", {}));
}

TEST_CASE("outbox: a request made while the same one is being done is kept")
{
  TempDir home;
  const sync::Outbox outbox(home.path());
  outbox.enqueue(sync::WorkKind::push, k_id);
  auto item = outbox.items().at(0);
  REQUIRE(outbox.claim(item));
  CHECK(outbox.items().empty());
  CHECK(outbox.has(sync::WorkKind::push, k_id));
  outbox.enqueue(sync::WorkKind::push, k_id); // the next turn, while the push runs
  outbox.done(item);
  CHECK(outbox.items().size() == 1);

  auto again = outbox.items().at(0);
  REQUIRE(outbox.claim(again));
  outbox.failed(again, "offline", 100);
  REQUIRE(outbox.items().size() == 1);
  CHECK(outbox.items().at(0).attempts == 1);

  auto killed = outbox.items().at(0);
  REQUIRE(outbox.claim(killed)); // and the drainer dies here
  CHECK(outbox.items().empty());
  outbox.recover();
  REQUIRE(outbox.items().size() == 1);
  CHECK(outbox.items().at(0).last_error == "offline");
}
