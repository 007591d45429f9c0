// lock.json (de)serialisation and the acquire/expiry rules.
#include "lock/lock_record.hpp"

#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace ccsync::lock {
using nlohmann::json;

namespace {

std::int64_t
time_field(const json& j, const char* key)
{
  if (!j.contains(key) || !j.at(key).is_string()) {
    return 0;
  }
  return util::parse_utc(j.at(key).get<std::string>()).value_or(0);
}

template <class T> T
number_field(const json& j, const char* key)
{
  return j.contains(key) && j.at(key).is_number_integer() ? j.at(key).get<T>() : T{};
}

std::string
string_field(const json& j, const char* key)
{
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

} // namespace

std::string
to_json(const LockRecord& r)
{
  const json j = {{"session_id", r.session_id},
                  {"state", r.held ? "held" : "released"},
                  {"machine_id", r.holder.machine_id},
                  {"hostname", r.holder.hostname},
                  {"pid", r.holder.pid},
                  {"process_start", r.holder.process_start},
                  {"acquired_at", util::format_epoch(r.acquired_at)},
                  {"heartbeat_at", util::format_epoch(r.heartbeat_at)},
                  {"expires_at", util::format_epoch(r.expires_at)},
                  {"fencing_token", r.token}};
  return j.dump(2) + "\n";
}

std::optional<LockRecord>
parse_lock(const std::string& text)
{
  const json j = json::parse(text, nullptr, false);
  // A record missing its state, times or fencing token is damaged, not a free lock: taking it
  // as free would restart the fencing token.
  if (!j.is_object() || string_field(j, "session_id").empty() || !j.contains("fencing_token") ||
      !j.at("fencing_token").is_number_unsigned()) {
    return std::nullopt;
  }
  const std::string state = string_field(j, "state");
  if (state != "held" && state != "released") {
    return std::nullopt;
  }
  LockRecord r;
  r.session_id = string_field(j, "session_id");
  r.held = state == "held";
  r.holder = {string_field(j, "machine_id"), string_field(j, "hostname"),
              number_field<long>(j, "pid"), number_field<std::int64_t>(j, "process_start")};
  r.acquired_at = time_field(j, "acquired_at");
  r.heartbeat_at = time_field(j, "heartbeat_at");
  r.expires_at = time_field(j, "expires_at");
  r.token = j.at("fencing_token").get<std::uint64_t>();
  if (r.held && (r.holder.machine_id.empty() || r.expires_at == 0)) {
    return std::nullopt;
  }
  return r;
}

namespace {

// The lease a record declares (its expiry after its heartbeat), at most `most`: what the holder
// promised to renew within. Computed without overflow whatever a record says.
std::int64_t
lease_of(const LockRecord& record, std::int64_t most)
{
  if (record.expires_at <= record.heartbeat_at) {
    return 0;
  }
  const std::uint64_t span =
    static_cast<std::uint64_t>(record.expires_at) - static_cast<std::uint64_t>(record.heartbeat_at);
  return static_cast<std::int64_t>(std::min<std::uint64_t>(span, static_cast<std::uint64_t>(most)));
}

} // namespace

Status
classify(const std::optional<LockRecord>& current, const std::string& machine_id,
         const Timing& timing)
{
  if (!current || !current->held) {
    return Status::free;
  }
  // An expiry further ahead than a full TTL (plus skew) was not set by a heartbeat: it is not
  // believed, so a bad clock or a hostile record cannot hold a session forever.
  const bool believable = current->expires_at <= timing.now + timing.ttl + timing.clock_skew;
  if (current->holder.machine_id == machine_id) {
    return believable && timing.now <= current->expires_at ? Status::mine : Status::mine_expired;
  }
  if (!believable) {
    return Status::other_expired;
  }
  if (timing.watched >= 0 && timing.watched < lease_of(*current, timing.ttl)) {
    return Status::other_active; // not watched long enough here to be judged expired
  }
  return timing.now <= current->expires_at + timing.clock_skew ? Status::other_active
                                                               : Status::other_expired;
}

std::uint64_t
next_token(std::uint64_t token) noexcept
{
  // A hostile record's token at the maximum stays there instead of wrapping to 0, which would
  // make every earlier holder's lines look newer than the lock's.
  return token == std::numeric_limits<std::uint64_t>::max() ? token : token + 1;
}

LockRecord
acquired(const std::optional<LockRecord>& current, const std::string& session_id, const Holder& me,
         const Timing& timing)
{
  const bool same_tenure = current && current->held && current->holder.machine_id == me.machine_id;
  LockRecord next;
  next.session_id = session_id;
  next.held = true;
  next.holder = me;
  next.acquired_at = same_tenure ? current->acquired_at : timing.now;
  next.heartbeat_at = timing.now;
  next.expires_at = timing.now + timing.ttl;
  const std::uint64_t previous = current ? current->token : 0;
  next.token = same_tenure ? std::max<std::uint64_t>(previous, 1) : next_token(previous);
  return next;
}

LockRecord
released(const LockRecord& current, std::int64_t now)
{
  LockRecord next = current;
  next.held = false;
  next.heartbeat_at = now;
  next.expires_at = now;
  return next;
}

bool
is_valid_session_id(const std::string& session_id)
{
  return !session_id.empty() && session_id.size() <= 128 &&
         std::all_of(session_id.begin(), session_id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

} // namespace ccsync::lock
