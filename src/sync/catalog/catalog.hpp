// Every session a person can open here: this machine's and the repository's, each with what a
// picker or a listing shows (title, project as it is here, who edited it, when, size, lock).
// Facts of a local transcript that was never pushed are read from the transcript itself, once
// per size and modification time (<ccsync home>/catalog-cache.json).
// The choosing rules (id prefix, latest) are pure functions over the entries.
#pragma once

#include "lock/lock_record.hpp"
#include "sync/engine.hpp"
#include "sync/repo/sync_repo.hpp"
#include "sync/sharing/sharing.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

struct CatalogEntry {
  std::string id;
  std::string title;
  std::string project;    // the project directory as it is on this machine, else portable
  bool mapped = true;     // false: a placeholder of `project` is not mapped here
  std::string not_mapped; // why not ("{{WORK}} is not mapped on this machine")
  std::string created_by; // machine ids ("" when unknown)
  std::string last_edited_by;
  std::string last_activity; // UTC ISO 8601, "" when unknown
  std::size_t lines = 0;
  std::uint64_t bytes = 0;
  bool local = false;         // a transcript is on this machine
  bool in_repository = false; // the repository has the session
  std::filesystem::path file; // the local transcript (when local)
  std::string forked_from;
  bool in_sync_directories = true;
  Sharing sharing;                      // not shared: excluded, local or forgotten (sharing.hpp)
  std::optional<lock::LockRecord> lock; // a held lock (expired or not)
};

// The sessions of this machine and of `snapshot`, newest activity first. `locks` are the lock
// records to show (held ones are attached to their sessions).
std::vector<CatalogEntry> build_catalog(const Snapshot& snapshot, const SyncSetup& setup,
                                        const std::vector<lock::LockRecord>& locks);

enum class IdMatch { unique, ambiguous, none };

struct Choice {
  IdMatch match = IdMatch::none;
  std::vector<std::size_t> candidates; // indexes into the entries
};

// The ids of `ids` that start with `prefix` (an exact id wins over longer ones).
Choice match_id_prefix(const std::vector<std::string>& ids, std::string_view prefix);
// The same over the entries' ids.
Choice match_id_prefix(const std::vector<CatalogEntry>& entries, std::string_view prefix);

// The entry with the most recent activity among those that can be opened here.
std::optional<std::size_t> latest_entry(const std::vector<CatalogEntry>& entries);

} // namespace ccsync::sync
