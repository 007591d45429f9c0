// One pull's work, session by session: what to write where (pull_files.hpp writes it into the
// active write batch), what the report says, and what the sync index notes once the batch has put
// the files in place. Internal to pull.
#pragma once

#include "platform/fs.hpp"
#include "sync/decisions.hpp"
#include "sync/engine.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/pull/pull_files.hpp"
#include "sync/sharing/sharing_state.hpp"
#include "sync/store/transcript_compare.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ccsync::sync {

class SessionPuller {
public:
  SessionPuller(const Snapshot& snapshot, const SyncSetup& setup, const PullRequest& request,
                SharingPolicy& policy, PullReport& report, SyncIndex& index);

  void pull(const std::string& id);

  // Pulls `id` (again) as a session another one continues by pointer (claude-code.md §9.2):
  // written even when it is older than Claude's cleanup period.
  void pull_parent(const std::string& id);

  // The sessions that sessions here (or written by this pull) continue by pointer, and that this
  // pull left in the repository as too old: pull_parent brings them.
  std::set<std::string> parents_left_behind() const;

  // The sessions whose files the write batch left alone are not noted in the index.
  void forget(const std::vector<platform::LeftAlone>& left);

  // Notes in the index what this pull found in sync or wrote (once the files are in place), but
  // a transcript that changed since (Claude Code appended to it): the next push reads that one.
  void remember_all();

  // Sessions the index vouched for (not read).
  std::size_t
  unchanged() const
  {
    return m_unchanged;
  }

  // Project folders this pull wrote sessions into.
  std::set<std::filesystem::path> touched() const;

private:
  // A session in sync with the repository once the batch is done: its chunk ends in the local
  // transcript, and the size that transcript then has.
  struct InSync {
    Target target;
    std::vector<Boundary> boundaries;
    std::uint64_t size = 0;
  };

  void pull_into(const Target& target);
  void keep_local(const Target& target, const Comparison& common, std::uint64_t local_size,
                  const IndexEntry* known);
  LocalSession local_session(const std::string& id, const std::string& project_dir) const;
  bool unchanged_since_sync(const std::string& id, const std::string& meta_id) const;
  const IndexEntry* comparable_entry(const Target& target) const;
  bool all_synced(const Target& target) const;
  Comparison compare(const Target& target, std::uint64_t local_size, const IndexEntry* known) const;
  void remember(const InSync& session);
  void apply(const Target& target, PullAction action, const std::optional<Comparison>& common,
             const platform::FileState& seen, bool expired, SessionReport& entry,
             const IndexEntry* indexed);
  void split(const Target& target, std::uint64_t local_size, SessionReport& entry);

  const Snapshot& m_snapshot;
  const SyncSetup& m_setup;
  const PullRequest& m_request;
  SharingPolicy& m_policy;
  PullReport& m_report;
  SyncIndex& m_index;
  std::set<std::string> m_live;
  std::set<std::string> m_forks_written;                  // by a split in this pull
  std::map<std::string, std::filesystem::path> m_touched; // session -> its project folder
  std::size_t m_unchanged = 0;
  std::set<std::string> m_parents; // of the sessions here once this pull is done
  std::set<std::string> m_too_old; // not written: older than the cleanup period
  std::set<std::string> m_wanted;  // written even so (pull_parent)
  std::vector<InSync> m_in_sync;   // for remember_all
  // Project folder -> session id -> suffixes of its files beside the transcript (local_session).
  mutable std::map<std::string, std::map<std::string, std::vector<std::string>>> m_beside;
};

} // namespace ccsync::sync
