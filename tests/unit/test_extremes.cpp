// Extreme values through configuration, lock records and the outbox (issue 23, item 6): every
// accepted value is bounded by its use, and what a damaged or hostile file says cannot overflow
// (the sanitizer build stops at any signed overflow or bad shift these would cause).
#include "config/config.hpp"
#include "lock/lock_record.hpp"
#include "platform/fs.hpp"
#include "sync/outbox/outbox.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;

namespace {

constexpr auto k_int_max = std::numeric_limits<int>::max();
constexpr auto k_i64_max = std::numeric_limits<std::int64_t>::max();
constexpr auto k_i64_min = std::numeric_limits<std::int64_t>::min();
constexpr auto k_u64_max = std::numeric_limits<std::uint64_t>::max();

config::Loaded
load_with(const TempDir& dir, const std::string& key, const std::string& value)
{
  const platform::Environment env({{"HOME", (dir / "home").string()}, {key, value}});
  return config::load(platform::resolve_dirs(env), env, "host");
}

} // namespace

TEST_SUITE_BEGIN("extremes");

TEST_CASE("durations are bounded by their use, at the door")
{
  TempDir dir;
  for (const char* key :
       {"CCSYNC_LOCK_TTL_SECONDS", "CCSYNC_HEARTBEAT_SECONDS", "CCSYNC_NETWORK_TIMEOUT_SECONDS",
        "CCSYNC_HOOK_DEADLINE_SECONDS", "CCSYNC_LOCK_CLOCK_SKEW_SECONDS"}) {
    CAPTURE(key);
    CHECK_THROWS_WITH_AS(load_with(dir, key, std::to_string(k_int_max)),
                         doctest::Contains("seconds, got"), Error);
    CHECK_THROWS_AS(load_with(dir, key, "99999999999999999999"), Error);
    CHECK_THROWS_AS(load_with(dir, key, "-1"), Error);
  }
  CHECK(
    load_with(dir, "CCSYNC_NETWORK_TIMEOUT_SECONDS", "3600").config.network_timeout_seconds.value ==
    3600);
  CHECK(load_with(dir, "CCSYNC_LOCK_TTL_SECONDS", "604800").config.lock_ttl_seconds.value ==
        604800);
  CHECK_THROWS_AS(load_with(dir, "CCSYNC_HOOK_DEADLINE_SECONDS", "61"), Error);
}

TEST_CASE("a fencing token at its maximum stays there instead of wrapping to 0")
{
  CHECK(lock::next_token(1) == 2);
  CHECK(lock::next_token(k_u64_max) == k_u64_max);
  lock::LockRecord other;
  other.session_id = "s";
  other.held = true;
  other.holder.machine_id = "beta";
  other.token = k_u64_max;
  other.expires_at = 100;
  const lock::Timing timing{1'000'000, 600, 60};
  const auto mine = lock::acquired(other, "s", {"alpha", "h", 1, 1}, timing);
  CHECK(mine.token == k_u64_max);
}

TEST_CASE("hostile lock times are judged without overflow")
{
  for (const std::int64_t expires : {k_i64_max, k_i64_min, std::int64_t{0}, std::int64_t{-1}}) {
    CAPTURE(expires);
    lock::LockRecord record;
    record.session_id = "s";
    record.held = true;
    record.holder.machine_id = "beta";
    record.expires_at = expires;
    record.acquired_at = expires;
    const lock::Timing timing{util::now_epoch(), 600, 60};
    const lock::Status theirs = lock::classify(record, "alpha", timing);
    CHECK((theirs == lock::Status::other_active || theirs == lock::Status::other_expired));
    CHECK(lock::classify(record, "beta", timing) != lock::Status::free);
  }
  const std::string hostile = R"({"session_id": "s", "state": "held", "machine_id": "beta",
    "pid": 99999999999999999999, "process_start": -9223372036854775808,
    "acquired_at": "9999-12-31T23:59:59Z", "heartbeat_at": "0000-01-01T00:00:00Z",
    "expires_at": "9999-12-31T23:59:59Z", "fencing_token": 18446744073709551615})";
  const auto parsed = lock::parse_lock(hostile);
  REQUIRE(parsed.has_value());
  const lock::Timing timing{util::now_epoch(), 600, 60};
  CHECK(lock::classify(parsed, "alpha", timing) == lock::Status::other_expired); // not believable
}

TEST_CASE("a damaged outbox item is clamped, and its backoff never shifts by a negative count")
{
  TempDir dir;
  const sync::Outbox outbox(dir.path());
  outbox.enqueue(sync::WorkKind::push, "s1");
  auto items = outbox.items();
  REQUIRE(items.size() == 1);
  platform::write_file_atomic(
    items.front().file,
    R"({"kind": "push", "session_id": "s1", "attempts": -2147483648, "pid": -5,
        "enqueued_at": -9223372036854775808, "next_attempt_at": 9223372036854775807})",
    0600);
  items = outbox.items();
  REQUIRE(items.size() == 1);
  CHECK(items.front().attempts == 0);
  CHECK(items.front().pid == 0);
  CHECK(items.front().enqueued_at == 0);
  CHECK(items.front().next_attempt_at <= (std::int64_t{1} << 40));
  REQUIRE(outbox.claim(items.front()));
  outbox.failed(items.front(), "down", 1000);
  items = outbox.items();
  REQUIRE(items.size() == 1);
  CHECK(items.front().attempts == 1);
  CHECK(items.front().next_attempt_at == 1005);
  for (int i = 0; i < 40; ++i) { // the backoff stays bounded (10 minutes) however often it fails
    REQUIRE(outbox.claim(items.front()));
    outbox.failed(items.front(), "down", 1000);
    items = outbox.items();
  }
  CHECK(items.front().next_attempt_at == 1600);
}
