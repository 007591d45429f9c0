// What a push plan works on and produces, for one session: the candidate (a local session with
// its stamps and index entry), the repository's copy it is compared with, the plan (the changes,
// the report, or the refusal), and the context a plan reads.
#pragma once

#include "secrets/redactor.hpp"
#include "sync/decisions.hpp"
#include "sync/engine.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/store/chunk_writer.hpp"
#include "sync/store/session_store.hpp"
#include "sync/store/snapshot.hpp"
#include "sync/store/transcript_compare.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

struct Candidate {
  LocalSession session;
  IndexEntry stamps;                 // the files' stat() before they were read
  std::optional<IndexEntry> indexed; // the push index's entry (same project folder)
  bool stat_unchanged = false;       // ... and its stamps match `stamps`
  std::string cwd;
  std::string fork_id;              // used if this push has to keep the lines as a new fork
  bool in_sync = false;             // after planning: the repository holds exactly this session
  bool vouched = false;             // ... known from the index alone (nothing was read)
  bool tail_only = false;           // planned from its new tail alone
  bool read_whole = false;          // planned by reading the whole transcript
  bool translation_pending = false; // the repository keeps lines in an older translation
  std::uint64_t pushed_bytes = 0;   // for the index after this push (see IndexEntry)
  std::uint64_t tail_hash = 0;
};

// The repository's copy of a session (or of this machine's fork of it), and how the local
// transcript relates to it: what appending to it, replacing its tail or updating it needs.
struct RepositoryCopy {
  SessionMeta meta;
  Comparison common;
};

struct Plan {
  SessionReport report;
  std::vector<git::Change> changes;
  bool skip = false;                  // nothing to write (report.outcome says why)
  std::optional<std::string> fork_of; // a fork to record (forks.json) once the push landed
  std::vector<std::string> parents;   // sessions the planned one continues by pointer (meta)

  // Makes this plan a refusal, a value and never an error: nothing is written, and the session
  // is held back with `outcome` (is_held_back) and `detail`.
  void
  refuse(Outcome outcome, std::string detail)
  {
    report = SessionReport::of(report.id, outcome, std::move(detail));
    changes.clear();
    skip = true;
    fork_of.reset();
  }

  bool
  refused() const noexcept
  {
    return skip && is_held_back(report.outcome);
  }
};

// What a plan needs besides the candidate.
struct PlanContext {
  const Snapshot& snapshot;
  const SyncSetup& setup;
  const BlobWriter& write_blob;
  const std::map<std::string, std::string>& forks; // fork id -> origin id (forks.json)
  secrets::Redaction& redaction; // the session's project's (redaction_for), counting its secrets
};

} // namespace ccsync::sync
