// The sync repository as this machine sees it: bare local caches of the remote (cache.hpp:
// repo.git for the branches, locks.git for the session lock refs), used under an exclusive
// per-machine lock. Every change is an edit transaction:
//   fetch -> apply a mutation to the remote's newest tree -> commit -> push without force
// retried when another machine pushed first. A failed transaction changes nothing anywhere.
#pragma once

#include "git/repository.hpp"
#include "platform/dirs.hpp"
#include "platform/fs.hpp"
#include "sync/repo/cache.hpp"
#include "sync/repo/refs.hpp"
#include "sync/repo/remote_state.hpp"
#include "sync/store/sealing.hpp"
#include "sync/store/snapshot.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

struct EditResult {
  std::optional<std::string> commit; // the pushed commit; nothing when there was nothing to change
  int attempts = 0;
};

// The files to change, computed from the newest remote state. Called again on every retry.
using Mutation = std::function<std::vector<git::Change>(const Snapshot&)>;

struct RepoIdentity {
  std::string machine_id;
  git::Credentials credentials;
  std::vector<crypto::RepoKey> keys{}; // this machine's keys (encryption.hpp's machine_keys)
  // Where more come from when none of those is the repository's (the keychain; asked lazily).
  std::function<std::vector<crypto::RepoKey>()> key_source{};
};

// Whether refresh() insists on the key of an encrypted repository (Error{auth} without it), or
// leaves that to its caller (init, which may still be asking for the key).
enum class KeyCheck { now, later };

class SyncRepo {
public:
  // Opens the cache for `remote_url` (creating it when missing, re-pointing it when the URL
  // changed) and takes the machine's repository lock, waiting up to 30 s (then Error{busy}).
  static SyncRepo open(const platform::Dirs& dirs, const std::string& remote_url,
                       RepoIdentity identity);

  // Called after every fetch and every push that landed, with the repository as it then is (the
  // opener keeps this machine's view files up to date this way: setup/open.hpp). The
  // transaction itself knows nothing of what observers do; an observer must not throw.
  using Observer = std::function<void(const SyncRepo&)>;
  void
  observe(Observer observer)
  {
    m_observer = std::move(observer);
  }

  // Tells `observer` how far each fetch and push has come (a terminal's progress line).
  void set_progress_observer(const git::ProgressObserver& observer);

  // Fetches the remote's branches and session locks; records the time as the last pull.
  RemoteState refresh(KeyCheck check = KeyCheck::now);

  // How objects are stored (plain or sealed) as the newest main says, with this machine's key.
  Sealing&
  sealing()
  {
    return *m_sealing;
  }
  const Sealing&
  sealing() const
  {
    return *m_sealing;
  }

  // The newest known state of the remote's `ref` (as of the last refresh). For main, a tip of an
  // earlier format is shown upgraded (upgrade.hpp); an edit of main pushes the upgrade with it.
  Snapshot current(const std::string& ref = k_main_ref) const;

  // The remote refs under `prefix` ("refs/ccsync/locks/") known as of the last refresh.
  std::vector<std::string> remote_refs(const std::string& prefix) const;

  // The id, summary and time of a commit of the branches.
  git::CommitInfo
  describe(const std::string& commit) const
  {
    return m_repo.describe(commit);
  }

  // A view of any commit of `ref`'s history (a lock's, for example), and its first parent.
  Snapshot
  snapshot_of(const std::string& ref, const std::string& commit) const
  {
    return Snapshot(cache_of(ref), commit, *m_sealing, place_prefix(ref, k_main_ref));
  }
  std::optional<std::string>
  first_parent(const std::string& ref, const std::string& commit) const
  {
    return cache_of(ref).first_parent(commit);
  }

  // The directories it was opened with (its ccsync home keeps this machine's records).
  const platform::Dirs&
  dirs() const
  {
    return m_dirs;
  }

  // Throws Error when the remote would not take a push (git::Repository::check_push_access).
  void
  check_push_access()
  {
    m_repo.check_push_access();
  }

  // Replaces remote ref `ref` by a new root commit holding `changes`, with a forced push: only
  // to repair a ref whose content cannot be read (a non-forced push cannot replace it).
  std::string replace_ref(const std::string& ref, const std::string& message,
                          const std::vector<git::Change>& changes);

  // Stores `content` as the blob of main's `path` for a later commit (git::Change::blob; sealed
  // there in an encrypted repository) and returns its id.
  std::string
  write_blob(const std::string& path, std::string_view content)
  {
    return m_sealing->writes_sealed()
             ? m_repo.write_blob(m_sealing->seal(path, std::string(content)))
             : m_repo.write_blob(content); // no copy of a plain chunk
  }

  // Runs an edit transaction with up to `k_push_retries` retries after rejected pushes; then
  // Error{conflict} (exit 75). Network failures throw Error{network} and leave nothing behind.
  EditResult
  edit(const std::string& message, const Mutation& mutate)
  {
    return edit_ref(k_main_ref, message, mutate);
  }

  // The same transaction on any remote ref (a session lock, for example).
  EditResult
  edit_ref(const std::string& ref, const std::string& message, const Mutation& mutate)
  {
    return edit_described(
      ref, [&] { return message; }, mutate);
  }

  // The same, with the commit message written after each mutation (so it can list the changes).
  EditResult edit_described(const std::string& ref, const std::function<std::string()>& message,
                            const Mutation& mutate);

  static constexpr int k_push_retries = 6; // with pauses between them (about 6 s in all)
  static constexpr std::chrono::seconds k_fresh_for{2};

private:
  SyncRepo(platform::FileLock lock, platform::UsageMark in_use, git::Repository repo,
           git::Repository locks, platform::Dirs dirs, RepoIdentity identity);

  // Reads the remote's main as of the last fetch: itself, or its upgrade (upgrade.hpp); and how
  // its objects are stored.
  void read_main();

  // `changes` to `ref` as they are stored (their contents sealed in an encrypted repository).
  std::vector<git::Change> stored(const std::string& ref, std::vector<git::Change> changes) const;
  // `message` as it is committed: in an encrypted repository only its first word and this machine.
  std::string stored_message(const std::string& message) const;

  // The cache that holds `ref` (a lock ref: locks.git; anything else: repo.git).
  git::Repository& cache_of(const std::string& ref);
  const git::Repository& cache_of(const std::string& ref) const;

  // Fetches `refspecs` into `cache`; a cache the fetch finds damaged is rebuilt once per process.
  void fetch_into(git::Repository& cache, CacheKind kind, const std::vector<std::string>& refspecs);

  platform::FileLock m_lock; // declared first: released last
  // <ccsync home>/repo.in-use says "busy" while this process uses the cache: found so at open, it
  // says the last user was killed, and the cache is then searched for its half-written files.
  platform::UsageMark m_in_use;
  git::Repository m_repo;  // the branches
  git::Repository m_locks; // the lock refs
  platform::Dirs m_dirs;
  RepoIdentity m_identity;
  bool m_rebuilt = false;             // a cache was rebuilt once in this process: no second time
  std::optional<std::string> m_main;  // the commit current() shows for main (read_main)
  std::unique_ptr<Sealing> m_sealing; // kept apart: snapshots point to it across moves
  // When the last refresh ended: an edit right after one (push after the command's own fetch, a
  // lock after the pull) starts from it instead of fetching again; its push is a compare-and-swap,
  // so a base that went stale meanwhile is refused and the retry fetches.
  std::optional<std::chrono::steady_clock::time_point> m_refreshed_at;
  Observer m_observer;
  git::ProgressObserver m_progress;
};

} // namespace ccsync::sync
