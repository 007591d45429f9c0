// lock/: lock.json round trip, expiry with clock skew, fencing tokens, session ids.
#include "lock/lock_record.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

using namespace ccsync;
using lock::Status;

namespace {

lock::LockRecord
held_by(const std::string& machine, std::int64_t expires, std::uint64_t token)
{
  lock::LockRecord r;
  r.session_id = "s";
  r.held = true;
  r.holder = {machine, "host", 42, 7};
  r.acquired_at = expires - 600;
  r.heartbeat_at = expires - 600;
  r.expires_at = expires;
  r.token = token;
  return r;
}

} // namespace

TEST_SUITE_BEGIN("lock");

TEST_CASE("lock.json round trip")
{
  const auto record = held_by("alpha", 1'800'000'000, 5);
  const auto parsed = lock::parse_lock(lock::to_json(record));
  REQUIRE(parsed.has_value());
  CHECK(parsed->session_id == "s");
  CHECK(parsed->held);
  CHECK(parsed->holder.machine_id == "alpha");
  CHECK(parsed->holder.pid == 42);
  CHECK(parsed->holder.process_start == 7);
  CHECK(parsed->expires_at == 1'800'000'000);
  CHECK(parsed->acquired_at == 1'800'000'000 - 600);
  CHECK(parsed->token == 5);
  CHECK_FALSE(lock::parse_lock("not json").has_value());
  CHECK_FALSE(lock::parse_lock("{}").has_value());
  CHECK_FALSE(lock::parse_lock(lock::to_json(lock::released(record, 1))).value().held);
}

TEST_CASE("classification, with the clock skew allowance for other machines only")
{
  const lock::Timing at_100{100, 600, 30};
  CHECK(lock::classify(std::nullopt, "a", at_100) == Status::free);
  CHECK(lock::classify(lock::released(held_by("b", 200, 1), 50), "a", at_100) == Status::free);
  CHECK(lock::classify(held_by("a", 100, 1), "a", at_100) == Status::mine);
  CHECK(lock::classify(held_by("a", 99, 1), "a", at_100) == Status::mine_expired);
  CHECK(lock::classify(held_by("b", 100, 1), "a", at_100) == Status::other_active);
  CHECK(lock::classify(held_by("b", 71, 1), "a", at_100) == Status::other_active);
  CHECK(lock::classify(held_by("b", 70, 1), "a", at_100) == Status::other_active);
  CHECK(lock::classify(held_by("b", 69, 1), "a", at_100) == Status::other_expired);
}

TEST_CASE("fencing tokens grow with every change of holder, not with heartbeats")
{
  const lock::Timing t{1000, 600, 0};
  const lock::Holder a{"a", "h", 1, 0};
  const lock::Holder b{"b", "h", 2, 0};
  const auto first = lock::acquired(std::nullopt, "s", a, t);
  CHECK(first.token == 1);
  CHECK(first.expires_at == 1600);
  const auto beat = lock::acquired(first, "s", a, {1100, 600, 0});
  CHECK(beat.token == 1);
  CHECK(beat.acquired_at == 1000);
  CHECK(beat.expires_at == 1700);
  const auto taken = lock::acquired(beat, "s", b, {1200, 600, 0});
  CHECK(taken.token == 2);
  CHECK(taken.acquired_at == 1200);
  const auto after_release = lock::acquired(lock::released(taken, 1300), "s", b, t);
  CHECK(after_release.token == 3);
}

TEST_CASE("session ids that may name a ref")
{
  CHECK(lock::is_valid_session_id("0b8f3a2e-6c1d-4e8b-9f7a-1234567890ab"));
  CHECK(lock::is_valid_session_id("race_1"));
  CHECK_FALSE(lock::is_valid_session_id(""));
  CHECK_FALSE(lock::is_valid_session_id("../x"));
  CHECK_FALSE(lock::is_valid_session_id("a/b"));
  CHECK_FALSE(lock::is_valid_session_id("a.lock"));
  CHECK_FALSE(lock::is_valid_session_id(std::string(129, 'a')));
}

TEST_CASE("UTC times parse back")
{
  CHECK(util::parse_utc("1970-01-01T00:00:00Z") == 0);
  CHECK(util::parse_utc(util::format_epoch(1'764'000'000)) == 1'764'000'000);
  CHECK_FALSE(util::parse_utc("2026-11-24 15:00:00").has_value());
  CHECK_FALSE(util::parse_utc("2026-11-24T15:00:00+01:00").has_value());
  CHECK_FALSE(util::parse_utc("").has_value());
}

TEST_SUITE_END();
