// The outbox: work the hooks hand over to whoever runs next (the session's worker, any ccsync
// command, the daemon): push a session soon, release a session's lock once its last lines are
// pushed. One small file per item in <ccsync home>/outbox/ ("push-<id>.json", "release-<id>.json"),
// written atomically and fsynced, so work enqueued before a crash or a reboot is still there. An
// item is idempotent: doing it twice is harmless, so a crash between doing it and removing it
// costs nothing. A lost "push" item would cost only time: every push considers every session.
// Draining happens with the sync repository open, under its kernel lock: one drainer at a time
// (drain.hpp, in the engine; this queue is all the hooks need).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

enum class WorkKind { push, release };

struct OutboxItem {
  WorkKind kind = WorkKind::push;
  std::string session_id;
  long pid = 0;                     // release: the Claude process the lock was held for
  std::int64_t enqueued_at = 0;     // seconds since the epoch
  int attempts = 0;                 // failed attempts so far
  std::int64_t next_attempt_at = 0; // not before (exponential backoff)
  std::string last_error;
  std::filesystem::path file;
};

struct OutboxStatus {
  std::size_t depth = 0;
  std::int64_t oldest = 0; // enqueued_at of the oldest item (0: none)
  std::string last_error;  // of the item that failed last
};

class Outbox {
public:
  explicit Outbox(const std::filesystem::path& ccsync_home);

  // Adds an item unless the same one waits already (a Stop hook after every turn writes one
  // file per session, not one per turn). Cheap: no network, one small atomic file.
  void enqueue(WorkKind kind, const std::string& session_id, long pid = 0) const;

  // The items, oldest first; damaged ones are logged and removed (they say nothing that can be
  // done), half-written ones (temporary files) are not items.
  std::vector<OutboxItem> items() const;
  bool has(WorkKind kind, const std::string& session_id) const;

  // Takes an item out of the queue before doing it ("<file>.taken"), so that the same request
  // made while it is being done is a new item, not lost when this one is removed. False when
  // the item is gone. Only a drainer (under the repository's kernel lock) claims.
  static bool claim(OutboxItem& item);
  // Puts a claimed item back in the queue undone (it waits for another item).
  static void put_back(const OutboxItem& item);
  // Puts back the claimed items a killed drainer left behind (run before claiming).
  void recover() const;
  // A claimed item is done: removed.
  static void done(const OutboxItem& item);
  // A claimed item failed: it waits (5 s, 10 s, ... up to 10 minutes) before it is tried again,
  // unless the same request was made meanwhile (that one is due at once).
  static void failed(OutboxItem item, const std::string& error, std::int64_t now);

  OutboxStatus status() const;

private:
  std::filesystem::path file_for(WorkKind kind, const std::string& session_id) const;
  std::filesystem::path m_dir;
};

} // namespace ccsync::sync
