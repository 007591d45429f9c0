// The engine's decision tables (sync/decisions.hpp), row by row as src/sync/README.md "How sessions
// sync" states them, and the lock rules they rely on.
#include "sync/decisions.hpp"

#include <doctest/doctest.h>

using namespace ccsync;
using namespace ccsync::sync;

TEST_SUITE_BEGIN("sync");

namespace {

lock::LockRecord
held_by(const std::string& machine, std::uint64_t token, std::int64_t expires_at)
{
  lock::LockRecord r;
  r.session_id = "s";
  r.held = true;
  r.holder.machine_id = machine;
  r.token = token;
  r.heartbeat_at = expires_at - 600;
  r.expires_at = expires_at;
  return r;
}

constexpr lock::Timing k_now{1000000, 600, 60};

} // namespace

TEST_CASE("push: a session the repository does not have")
{
  CHECK(decide_push(std::nullopt, Fence::open, false).action == PushAction::create);
  const auto locked = decide_push(std::nullopt, Fence::taken, false);
  CHECK(locked.action == PushAction::fork);
  CHECK(locked.reason == ForkReason::locked);
  const auto fenced = decide_push(std::nullopt, Fence::stale, false);
  CHECK(fenced.action == PushAction::fork);
  CHECK(fenced.reason == ForkReason::fenced);
}

TEST_CASE("push: equal or behind sends nothing, whatever the lock says")
{
  for (const Fence fence : {Fence::open, Fence::taken, Fence::stale}) {
    for (const bool mine : {false, true}) {
      CHECK(decide_push(Relation::equal, fence, mine).action == PushAction::none);
      CHECK(decide_push(Relation::remote_ahead, fence, mine).action == PushAction::none);
    }
  }
}

TEST_CASE("push: new lines are appended, or forked when another machine holds the lock")
{
  CHECK(decide_push(Relation::local_ahead, Fence::open, false).action == PushAction::append);
  CHECK(decide_push(Relation::local_ahead, Fence::open, true).action == PushAction::append);
  const auto locked = decide_push(Relation::local_ahead, Fence::taken, true);
  CHECK(locked.action == PushAction::fork);
  CHECK(locked.reason == ForkReason::locked);
  const auto fenced = decide_push(Relation::local_ahead, Fence::stale, true);
  CHECK(fenced.action == PushAction::fork);
  CHECK(fenced.reason == ForkReason::fenced);
}

TEST_CASE("push: a diverged copy replaces its own tail, or forks at once")
{
  CHECK(decide_push(Relation::diverged, Fence::open, true).action == PushAction::replace_tail);
  const auto other = decide_push(Relation::diverged, Fence::open, false);
  CHECK(other.action == PushAction::fork);
  CHECK(other.reason == ForkReason::diverged);
  CHECK(decide_push(Relation::diverged, Fence::taken, true).reason == ForkReason::locked);
  CHECK(decide_push(Relation::diverged, Fence::stale, true).reason == ForkReason::fenced);
}

TEST_CASE("push: a damaged lock holds its session back, and only it")
{
  for (const auto relation : {std::optional<Relation>{}, std::optional(Relation::local_ahead),
                              std::optional(Relation::diverged)}) {
    CHECK(decide_push(relation, Fence::damaged, true).action == PushAction::hold);
  }
}

TEST_CASE("pull: the decision table")
{
  CHECK(decide_pull(std::nullopt, false) == PullAction::write);
  CHECK(decide_pull(Relation::equal, false) == PullAction::none);
  CHECK(decide_pull(Relation::local_ahead, false) == PullAction::none);
  CHECK(decide_pull(Relation::remote_ahead, false) == PullAction::extend);
  CHECK(decide_pull(Relation::diverged, false) == PullAction::split);
  CHECK(decide_pull(Relation::diverged, true) == PullAction::replace);
  CHECK(decide_pull(Relation::diverged, false, true) == PullAction::replace);
  CHECK(decide_pull(Relation::remote_ahead, false, true) == PullAction::extend);
  CHECK(decide_pull(Relation::local_ahead, false, true) == PullAction::none);
  CHECK(decide_pull(Relation::remote_ahead, true) == PullAction::extend);
}

TEST_CASE("fencing: what a lock means for pushing")
{
  const std::int64_t later = k_now.now + 300;
  CHECK(fence_for({}, "me", std::nullopt, k_now) == Fence::open);
  CHECK(fence_for({held_by("me", 3, later)}, "me", 3, k_now) == Fence::open);
  CHECK(fence_for({held_by("other", 2, later)}, "me", std::nullopt, k_now) == Fence::taken);
  CHECK(fence_for({held_by("other", 2, later)}, "me", 2, k_now) == Fence::taken);
  CHECK(fence_for({held_by("other", 3, later)}, "me", 2, k_now) == Fence::stale);
  // expired past the skew allowance: open again
  CHECK(fence_for({held_by("other", 3, k_now.now - 61)}, "me", 2, k_now) == Fence::open);
  CHECK(fence_for({held_by("other", 3, k_now.now - 30)}, "me", 2, k_now) == Fence::stale);
  lock::LockRecord released = held_by("other", 5, later);
  released.held = false;
  CHECK(fence_for({released}, "me", 1, k_now) == Fence::open);
  CHECK(fence_for({std::nullopt, true}, "me", 1, k_now) == Fence::damaged);
}

TEST_CASE("locks: an expiry beyond TTL plus skew in the future is not believed")
{
  const auto far = held_by("other", 2, k_now.now + 600 + 60 + 1);
  CHECK(lock::classify(far, "me", k_now) == lock::Status::other_expired);
  const auto near = held_by("other", 2, k_now.now + 600 + 60);
  CHECK(lock::classify(near, "me", k_now) == lock::Status::other_active);
  const auto mine_far = held_by("me", 2, k_now.now + 5000);
  CHECK(lock::classify(mine_far, "me", k_now) == lock::Status::mine_expired);
  CHECK(fence_for({far}, "me", 1, k_now) == Fence::open);
}

TEST_CASE("locks: a record without state or fencing token is damaged, not free")
{
  CHECK_FALSE(lock::parse_lock(R"({"session_id":"s","state":"held"})").has_value());
  CHECK_FALSE(lock::parse_lock(R"({"session_id":"s","fencing_token":3})").has_value());
  CHECK_FALSE(
    lock::parse_lock(R"({"session_id":"s","state":"held","fencing_token":-1})").has_value());
  CHECK_FALSE(lock::parse_lock(R"({"session_id":"s","state":"held","fencing_token":4})")
                .has_value()); // held, but by nobody and never expiring
  const auto released =
    lock::parse_lock(R"({"session_id":"s","state":"released","fencing_token":4})");
  REQUIRE(released.has_value());
  CHECK(released->token == 4);
}
