// locks.json: the locks this machine took (see held_locks.hpp).
#include "sync/local/held_locks.hpp"

#include "platform/fs.hpp"
#include "sync/local/state.hpp"
#include "util/clock.hpp"

#include <nlohmann/json.hpp>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path
record_file(const fs::path& ccsync_home)
{
  return ccsync_home / "locks.json";
}

// The files of earlier versions: tokens, and the expiries of the locks held.
fs::path
old_tokens_file(const fs::path& ccsync_home)
{
  return ccsync_home / "held-locks.json";
}

fs::path
old_expiries_file(const fs::path& ccsync_home)
{
  return ccsync_home / "locks-held.json";
}

// The record as earlier versions left it in two files.
std::map<std::string, HeldLock>
read_old_files(const fs::path& ccsync_home)
{
  std::map<std::string, HeldLock> locks;
  const json tokens = read_object_file(old_tokens_file(ccsync_home)); // outlives items()
  for (const auto& [id, token] : tokens.items()) {
    if (token.is_number_unsigned()) {
      locks[id].token = token.get<std::uint64_t>();
    }
  }
  const json expiries = read_object_file(old_expiries_file(ccsync_home));
  for (const auto& [id, expires] : expiries.items()) {
    if (expires.is_number_integer()) {
      locks[id].expires_at = expires.get<std::int64_t>();
    }
  }
  for (auto& [id, lock] : locks) {
    lock.noted_at = util::now_epoch(); // the old files said nothing of when: kept from now on
  }
  return locks;
}

HeldLock
lock_of(const json& entry)
{
  HeldLock lock;
  if (const auto token = entry.find("token"); token != entry.end() && token->is_number_unsigned()) {
    lock.token = token->get<std::uint64_t>();
  }
  if (const auto expires = entry.find("expires_at");
      expires != entry.end() && expires->is_number_integer()) {
    lock.expires_at = expires->get<std::int64_t>();
  }
  if (const auto noted = entry.find("noted_at");
      noted != entry.end() && noted->is_number_integer()) {
    lock.noted_at = noted->get<std::int64_t>();
  }
  return lock;
}

// Writes the record without the releases older than k_released_kept_seconds, so that it holds
// the sessions of the last weeks, not every session ever locked.
void
write_record(const fs::path& ccsync_home, const std::map<std::string, HeldLock>& locks)
{
  const std::int64_t oldest_kept = util::now_epoch() - k_released_kept_seconds;
  json record = json::object();
  for (const auto& [id, lock] : locks) {
    if (lock.expires_at == 0 && lock.noted_at < oldest_kept) {
      continue;
    }
    record[id] = {
      {"token", lock.token}, {"expires_at", lock.expires_at}, {"noted_at", lock.noted_at}};
  }
  platform::write_file_atomic(record_file(ccsync_home), record.dump(2) + "\n", 0600);
  std::error_code ignored; // the old files are read only while locks.json is missing
  fs::remove(old_tokens_file(ccsync_home), ignored);
  fs::remove(old_expiries_file(ccsync_home), ignored);
}

} // namespace

std::map<std::string, HeldLock>
read_held_locks(const fs::path& ccsync_home)
{
  std::error_code error;
  if (!fs::exists(record_file(ccsync_home), error)) {
    return read_old_files(ccsync_home);
  }
  std::map<std::string, HeldLock> locks;
  const json record = read_object_file(record_file(ccsync_home)); // outlives items()
  for (const auto& [id, entry] : record.items()) {
    if (entry.is_object()) {
      locks[id] = lock_of(entry);
    }
  }
  return locks;
}

std::map<std::string, std::int64_t>
locks_held(const fs::path& ccsync_home)
{
  std::map<std::string, std::int64_t> held;
  for (const auto& [id, lock] : read_held_locks(ccsync_home)) {
    if (lock.expires_at != 0) {
      held[id] = lock.expires_at;
    }
  }
  return held;
}

std::map<std::string, std::uint64_t>
granted_tokens(const fs::path& ccsync_home)
{
  std::map<std::string, std::uint64_t> tokens;
  for (const auto& [id, lock] : read_held_locks(ccsync_home)) {
    if (lock.token != 0) {
      tokens[id] = lock.token;
    }
  }
  return tokens;
}

void
note_lock_held(const fs::path& ccsync_home, const std::string& session_id, std::uint64_t token,
               std::int64_t expires_at)
{
  auto locks = read_held_locks(ccsync_home);
  if (const auto it = locks.find(session_id);
      it == locks.end() || it->second.token != token || it->second.expires_at != expires_at) {
    locks[session_id] = {token, expires_at, util::now_epoch()};
    write_record(ccsync_home, locks);
  }
}

void
note_lock_released(const fs::path& ccsync_home, const std::string& session_id)
{
  auto locks = read_held_locks(ccsync_home);
  if (const auto it = locks.find(session_id); it != locks.end() && it->second.expires_at != 0) {
    it->second.expires_at = 0;
    it->second.noted_at = util::now_epoch();
    write_record(ccsync_home, locks);
  }
}

} // namespace ccsync::sync
