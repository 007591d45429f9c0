// Lock transactions on refs/ccsync/locks/<session id>.
#include "sync/session_locks.hpp"

#include "sync/state.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::sync {
namespace {

constexpr const char* k_lock_file = "lock.json";

std::optional<lock::LockRecord>
read_lock(const Snapshot& snapshot)
{
  const auto text = snapshot.read(k_lock_file);
  return text ? lock::parse_lock(*text) : std::nullopt;
}

void
require_valid(const std::string& session_id)
{
  if (!lock::is_valid_session_id(session_id)) {
    throw Error(ErrorKind::usage, "'" + session_id + "' is not a session id",
                "session ids use letters, digits, '-' and '_'");
  }
}

Error
busy_error(const lock::LockRecord& holder)
{
  return Error(ErrorKind::busy,
               "session " + holder.session_id + " is locked by " + holder.holder.machine_id +
                 " since " + util::format_epoch(holder.acquired_at) + " (expires " +
                 util::format_epoch(holder.expires_at) + ")",
               "take it over with --yes, run 'ccsync update' on " + holder.holder.machine_id +
                 ", or 'ccsync lock release " + holder.session_id + " --force'");
}

std::vector<git::Change>
write_lock(const lock::LockRecord& record)
{
  return {git::Change{k_lock_file, lock::to_json(record)}};
}

} // namespace

std::string
lock_ref(const std::string& session_id)
{
  return k_locks_prefix + session_id;
}

AcquireOutcome
acquire_lock(SharedRepo& repo, const std::string& session_id, const lock::Holder& me,
             const LockSettings& settings, const TakeoverPolicy& takeover)
{
  require_valid(session_id);
  AcquireOutcome outcome;
  repo.edit_ref(lock_ref(session_id), "lock: " + me.machine_id + " takes " + session_id,
                [&](const Snapshot& snapshot) {
                  const lock::Timing timing{util::now_epoch(), settings.ttl, settings.clock_skew};
                  const auto current = read_lock(snapshot);
                  const lock::Status status = lock::classify(current, me.machine_id, timing);
                  if (status == lock::Status::other_active && !takeover(*current)) {
                    throw busy_error(*current);
                  }
                  outcome.previous = current;
                  outcome.record = lock::acquired(current, session_id, me, timing);
                  outcome.kind = status == lock::Status::mine || status == lock::Status::mine_expired
                                   ? Acquired::extended
                                 : status == lock::Status::other_active ? Acquired::taken_over
                                                                        : Acquired::acquired;
                  return write_lock(outcome.record);
                });
  spdlog::info("lock {} held by {} with token {} until {}", session_id, me.machine_id,
               outcome.record.token, util::format_epoch(outcome.record.expires_at));
  return outcome;
}

std::vector<lock::LockRecord>
list_locks(SharedRepo& repo)
{
  repo.refresh();
  std::vector<lock::LockRecord> locks;
  for (const auto& ref : repo.remote_refs(k_locks_prefix)) {
    if (auto record = read_lock(repo.current(ref))) {
      locks.push_back(std::move(*record));
    } else {
      spdlog::warn("{} holds no readable lock.json; ignored", ref);
    }
  }
  return locks;
}

bool
release_lock(SharedRepo& repo, const std::string& session_id, const std::string& machine_id,
             Force force)
{
  require_valid(session_id);
  bool was_held = false;
  repo.edit_ref(lock_ref(session_id), "lock: " + machine_id + " releases " + session_id,
                [&](const Snapshot& snapshot) -> std::vector<git::Change> {
                  const auto current = read_lock(snapshot);
                  was_held = current && current->held;
                  if (!was_held) {
                    return {};
                  }
                  if (current->holder.machine_id != machine_id && force == Force::no) {
                    throw Error(ErrorKind::usage,
                                "session " + session_id + " is locked by " +
                                  current->holder.machine_id + ", not by this machine",
                                "add --force to release another machine's lock");
                  }
                  return write_lock(lock::released(*current, util::now_epoch()));
                });
  return was_held;
}

bool
release_if_unchanged(SharedRepo& repo, const lock::LockRecord& record)
{
  bool released = false;
  repo.edit_ref(lock_ref(record.session_id), "lock: release " + record.session_id,
                [&](const Snapshot& snapshot) -> std::vector<git::Change> {
                  const auto current = read_lock(snapshot);
                  released = current && current->held && current->token == record.token &&
                             current->heartbeat_at == record.heartbeat_at &&
                             current->holder.machine_id == record.holder.machine_id;
                  if (!released) {
                    return {};
                  }
                  return write_lock(lock::released(*current, util::now_epoch()));
                });
  return released;
}

void
remember_token(const std::filesystem::path& ccsync_home, const std::string& session_id,
               std::uint64_t token)
{
  set_object_entry(ccsync_home / "held-locks.json", session_id, token);
}

std::map<std::string, std::uint64_t>
remembered_tokens(const std::filesystem::path& ccsync_home)
{
  std::map<std::string, std::uint64_t> tokens;
  const nlohmann::json file = read_object_file(ccsync_home / "held-locks.json"); // outlives items()
  for (const auto& [id, token] : file.items()) {
    if (token.is_number_unsigned()) {
      tokens[id] = token.get<std::uint64_t>();
    }
  }
  return tokens;
}

std::optional<lock::LockRecord>
current_lock(const SharedRepo& repo, const std::string& session_id)
{
  if (!lock::is_valid_session_id(session_id)) {
    return std::nullopt;
  }
  return read_lock(repo.current(lock_ref(session_id)));
}

} // namespace ccsync::sync
