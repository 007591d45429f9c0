// A placeholder added after sessions were pushed: the next push writes those sessions again in
// the new translation (once), and a machine that pulled the old translation takes the new one
// without a fork.
#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "sync/store/session_store.hpp"

#include <doctest/doctest.h>

#include "sync_machine.hpp"
#include "temp_dir.hpp"

using namespace ccsync;
using test::report_of;
using test::stored_transcript;
using test::SyncMachine;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string k_id = "7e7a0000-0000-4000-8000-000000000001";

bool
has(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

std::string
stored_project(sync::SyncRepo& repo, const std::string& id)
{
  const auto meta = sync::parse_meta(repo.current().read(sync::meta_path(id)).value_or(""));
  REQUIRE(meta);
  return meta->project;
}

struct TwoMachines {
  TwoMachines()
      : remote(test::bare_remote(dir / "remote.git"))
      , alice(dir / "alice", remote)
      , bob(dir / "bob", remote)
  {}
  TempDir dir;
  std::string remote;
  SyncMachine alice;
  SyncMachine bob;
};

} // namespace

TEST_CASE("a placeholder added later re-translates the sessions pushed before it, once")
{
  TwoMachines m;
  m.alice.append(k_id, "hello", "work/app");
  REQUIRE(m.alice.push().changed.size() == 1);
  REQUIRE(has(stored_transcript(m.alice.repo(), k_id), "{{HOME}}/work/app"));

  m.alice.map("W", m.alice.dirs().home / "work");
  const auto report = m.alice.push();
  const auto* session = report_of(report.changed, k_id);
  REQUIRE(session != nullptr);
  CHECK(session->outcome == sync::Outcome::retranslated);
  const std::string stored = stored_transcript(m.alice.repo(), k_id);
  CHECK(has(stored, "\"cwd\":\"{{W}}/app\""));
  CHECK_FALSE(has(stored, "{{HOME}}/work"));
  CHECK(stored_project(m.alice.repo(), k_id) == "{{W}}/app");

  CHECK(m.alice.push().changed.empty()); // once: the index now vouches for it

  m.bob.map("W", m.bob.dirs().home / "src");
  const auto pulled = m.bob.pull();
  REQUIRE(report_of(pulled.changed, k_id) != nullptr);
  const auto local = platform::read_file(m.bob.transcript(k_id, "src/app"));
  REQUIRE(local);
  CHECK(has(*local, m.bob.project("src/app").string()));
}

TEST_CASE("a machine that pulled the old translation takes the new one without a fork")
{
  TwoMachines m;
  const fs::path lib = m.alice.dirs().home / "work" / "lib";
  m.alice.append(k_id, "see " + lib.string());
  REQUIRE(m.alice.push().changed.size() == 1);
  m.bob.map("W", m.bob.dirs().home / "src");
  REQUIRE(m.bob.pull().changed.size() == 1);
  REQUIRE(
    has(*platform::read_file(m.bob.transcript(k_id)), m.bob.dirs().home.string() + "/work/lib"));

  m.alice.map("W", m.alice.dirs().home / "work");
  const auto pushed = m.alice.push();
  REQUIRE(report_of(pushed.changed, k_id) != nullptr);
  CHECK(report_of(pushed.changed, k_id)->outcome == sync::Outcome::retranslated);
  const auto pulled = m.bob.pull();
  const auto* session = report_of(pulled.changed, k_id);
  REQUIRE(session != nullptr);
  CHECK(session->outcome == sync::Outcome::replaced); // every local line was in the repository
  CHECK(session->fork_id.empty());
  CHECK(has(*platform::read_file(m.bob.transcript(k_id)), m.bob.dirs().home.string() + "/src/lib"));

  // A local line the repository never had still splits: nothing of it is lost.
  m.bob.append(k_id, "bob's own");
  m.alice.append(k_id, "alice's next");
  REQUIRE(m.alice.push().changed.size() == 1);
  const auto later = m.bob.pull();
  const auto* split = report_of(later.changed, k_id);
  REQUIRE(split != nullptr);
  CHECK(split->outcome == sync::Outcome::split);
}

TEST_CASE("a session the repository holds more of waits, and is re-translated after the pull")
{
  TwoMachines m;
  m.alice.append(k_id, "hello", "work/app");
  REQUIRE(m.alice.push().changed.size() == 1);
  m.bob.map("W", m.bob.dirs().home / "work");
  REQUIRE(m.bob.pull().changed.size() == 1);
  m.bob.append(k_id, "from bob", "work/app");
  REQUIRE(m.bob.push().changed.size() == 1);

  m.alice.map("W", m.alice.dirs().home / "work");
  const auto behind = m.alice.push();
  CHECK(report_of(behind.changed, k_id) == nullptr); // the repository is ahead: nothing rewritten
  CHECK(has(stored_transcript(m.alice.repo(), k_id), "{{HOME}}/work/app"));

  const auto extended = m.alice.pull();
  REQUIRE(report_of(extended.changed, k_id) != nullptr);
  CHECK(report_of(extended.changed, k_id)->outcome == sync::Outcome::extended);
  const auto again = m.alice.push();
  const auto* session = report_of(again.changed, k_id);
  REQUIRE(session != nullptr);
  CHECK(session->outcome == sync::Outcome::retranslated);
  const std::string stored = stored_transcript(m.alice.repo(), k_id);
  CHECK_FALSE(has(stored, "{{HOME}}/work"));
  CHECK(has(stored, "from bob"));
}

TEST_CASE("a path stored verbatim that a new placeholder covers is re-translated too")
{
  TwoMachines m;
  m.alice.append(k_id, "read /srv/data/report.csv");
  REQUIRE(m.alice.push().changed.size() == 1);
  REQUIRE(has(stored_transcript(m.alice.repo(), k_id), "read /srv/data/report.csv"));
  m.alice.map("SRV", "/srv");
  const auto report = m.alice.push();
  REQUIRE(report_of(report.changed, k_id) != nullptr);
  CHECK(report_of(report.changed, k_id)->outcome == sync::Outcome::retranslated);
  CHECK(has(stored_transcript(m.alice.repo(), k_id), "read {{SRV}}/data/report.csv"));
}

TEST_CASE("a redacted line is re-translated, and pull never replaces the secret it stands for")
{
  TempDir dir;
  const std::string remote = test::bare_remote(dir / "remote.git");
  SyncMachine alice(dir / "alice", remote, secrets::Policy::redact);
  const std::string key = "AKIAQYLPMN5HHWFPZAM2";
  alice.append(k_id, "key " + key, "work/app");
  REQUIRE(alice.push().changed.size() == 1);
  const std::string before = *platform::read_file(alice.transcript(k_id, "work/app"));
  alice.map("W", alice.dirs().home / "work");

  const auto pulled = alice.pull(); // before any push under the new placeholder
  const auto* kept = report_of(pulled.changed, k_id);
  CHECK((kept == nullptr || kept->outcome != sync::Outcome::replaced));
  CHECK(*platform::read_file(alice.transcript(k_id, "work/app")) == before);

  const auto pushed = alice.push();
  REQUIRE(report_of(pushed.changed, k_id) != nullptr);
  CHECK(report_of(pushed.changed, k_id)->outcome == sync::Outcome::retranslated);
  const std::string stored = stored_transcript(alice.repo(), k_id);
  CHECK(has(stored, "{{W}}/app"));
  CHECK(has(stored, "{{!REDACTED:aws-access-key:"));
  CHECK_FALSE(has(stored, key));
  CHECK(*platform::read_file(alice.transcript(k_id, "work/app")) == before);
}
