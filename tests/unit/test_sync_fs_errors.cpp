// Entries std::filesystem cannot stat (a symbolic link that points at itself: ELOOP, which the
// throwing overloads turn into std::filesystem_error even for root) in Claude's directory: push
// and pull list past them with the error_code overloads instead of stopping as a whole.
#include "sync/outcome.hpp"
#include "sync/store/session_store.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include "sync_machine.hpp"
#include "temp_dir.hpp"

using namespace ccsync;
using test::SyncMachine;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string k_one = "5e55a000-0000-4000-8000-000000000001";

// A symbolic link at `link` that points at itself.
void
loop_at(const fs::path& link)
{
  fs::create_directories(link.parent_path());
  fs::create_symlink(link.filename(), link);
}

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("push and pull go on past entries std::filesystem cannot stat")
{
  TempDir dir;
  const std::string remote = test::bare_remote(dir / "remote.git");
  SyncMachine alice(dir / "alice", remote);
  SyncMachine bob(dir / "bob", remote);
  alice.append(k_one, "one");
  loop_at(alice.dirs().claude_dir / "projects" / "-loop");        // a project folder
  loop_at(alice.project_folder() / k_one / "subagents" / "loop"); // in the session's sidecars
  loop_at(alice.dirs().claude_dir / "tasks" / k_one / "loop.json");

  const sync::PushReport pushed = alice.push();
  REQUIRE(pushed.changed.size() == 1);
  CHECK(pushed.changed[0].outcome == sync::Outcome::created);
  CHECK(pushed.skipped.empty());

  loop_at(bob.dirs().claude_dir / "projects" / "-loop");
  const sync::PullReport pulled = bob.pull();
  REQUIRE(pulled.changed.size() == 1);
  CHECK(pulled.changed[0].outcome == sync::Outcome::written);
  CHECK_FALSE(pulled.failed);
}

TEST_CASE("one per-session policy: damaged repository content is refused, anything else fails")
{
  const auto damaged = sync::failed_item(k_one, Error(ErrorKind::git, "chunk missing"));
  CHECK(damaged.outcome == sync::Outcome::held_refused);
  CHECK(damaged.detail == "chunk missing");
  const auto unreadable = sync::failed_item(k_one, Error(ErrorKind::io, "Permission denied"));
  CHECK(unreadable.outcome == sync::Outcome::failed);
  CHECK_FALSE(sync::is_held_back(unreadable.outcome));
  const fs::filesystem_error standard("status", "/x", std::make_error_code(std::errc::io_error));
  const auto other = sync::failed_item(k_one, standard);
  CHECK(other.outcome == sync::Outcome::failed);
  CHECK(other.id == k_one);
}

TEST_SUITE_END();
