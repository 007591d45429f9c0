// Edit transactions on the sync repository.
#include "sync/repo/sync_repo.hpp"

#include "sync/local/state.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/upgrade.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>
#include <utility>

namespace ccsync::sync {

SyncRepo::SyncRepo(platform::FileLock lock, platform::UsageMark in_use, git::Repository repo,
                   git::Repository locks, platform::Dirs dirs, RepoIdentity identity)
    : m_lock(std::move(lock))
    , m_in_use(std::move(in_use))
    , m_repo(std::move(repo))
    , m_locks(std::move(locks))
    , m_dirs(std::move(dirs))
    , m_identity(std::move(identity))
    , m_sealing(std::make_unique<Sealing>())
{
  m_sealing->set_keys(std::move(m_identity.keys));
  m_identity.keys.clear();
  if (m_identity.key_source) {
    m_sealing->set_key_source(std::exchange(m_identity.key_source, nullptr));
  }
  read_main();
}

void
SyncRepo::read_main()
{
  m_main = readable_commit(m_repo, m_repo.resolve(tracking_ref(k_main_ref)), m_identity.machine_id);
  const auto marker = m_main ? m_repo.read(*m_main, k_marker_path) : std::nullopt;
  m_sealing->set_repository(marker ? encryption_of(*marker) : std::nullopt);
}

std::string
SyncRepo::stored_message(const std::string& message) const
{
  if (!m_sealing->writes_sealed()) {
    return message;
  }
  // Commit messages are not sealed: only the kind of edit and the machine, never a project,
  // path or title.
  const std::string kind = message.substr(0, message.find_first_of(": "));
  return kind + ": by " + m_identity.machine_id + " (encrypted repository)";
}

std::vector<git::Change>
SyncRepo::stored(const std::string& ref, std::vector<git::Change> changes) const
{
  const std::string prefix = place_prefix(ref, k_main_ref);
  for (auto& change : changes) {
    if (change.content) {
      change.content = m_sealing->seal(prefix + change.path, std::move(*change.content));
    }
  }
  return changes;
}

git::Repository&
SyncRepo::cache_of(const std::string& ref)
{
  return is_lock_ref(ref) ? m_locks : m_repo;
}

const git::Repository&
SyncRepo::cache_of(const std::string& ref) const
{
  return is_lock_ref(ref) ? m_locks : m_repo;
}

namespace {

// A pause before attempt `attempt` (2, 3, ...) of an edit whose push was refused: random, and
// longer after every refusal (about 0.1 s, 0.2 s, ... up to 3 s), so that a busy remote delays
// a push instead of failing it, and machines racing for one ref stop colliding.
void
pause_before_retry(int attempt)
{
  const int base_ms = 50 << std::min(attempt - 2, 5);
  static thread_local std::minstd_rand random(std::random_device{}());
  const int jitter_ms = std::uniform_int_distribution<int>(0, base_ms)(random);
  std::this_thread::sleep_for(std::chrono::milliseconds(base_ms + jitter_ms));
}

// Removes the temporary files an interrupted ccsync left in the ccsync home (never one a live
// process is writing: the daemon writes its state outside the repository lock).
void
remove_stale_temporary_files(const platform::Dirs& dirs)
{
  std::error_code error;
  for (const auto& entry : platform::list_dir(dirs.ccsync_home)) {
    if (platform::is_abandoned_temp_file(entry.path())) {
      spdlog::warn("removed {}, left by an interrupted ccsync", entry.path().string());
      std::filesystem::remove(entry.path(), error);
    }
  }
}

} // namespace

SyncRepo
SyncRepo::open(const platform::Dirs& dirs, const std::string& remote_url, RepoIdentity identity)
{
  platform::ensure_dir(dirs.ccsync_home);
  auto lock = platform::FileLock::acquire(dirs.repo_lock_file(), std::chrono::seconds(30));
  if (!lock) {
    throw Error(ErrorKind::busy, "another ccsync process is using the sync repository",
                "wait for it to finish and run the command again");
  }
  // Under repo.lock no other ccsync process uses the caches: git lock files in them are
  // leftovers of a killed process, and would make every later fetch fail. Temporary object files
  // are left only by a killed process, and looking for them costs a listing of every loose object.
  platform::UsageMark in_use(dirs.ccsync_home / "repo.in-use");
  clear_stale_cache_files(dirs,
                          in_use.was_interrupted() ? platform::Scan::all : platform::Scan::refs);
  remove_stale_temporary_files(dirs);
  util::rotate_log(dirs.log_file(), util::k_log_most_bytes); // one rotator at a time: this lock
  git::Repository repo = open_cache(dirs, CacheKind::branches, remote_url, identity.credentials);
  git::Repository locks = open_cache(dirs, CacheKind::locks, remote_url, identity.credentials);
  return SyncRepo(std::move(*lock), std::move(in_use), std::move(repo), std::move(locks), dirs,
                  std::move(identity));
}

void
SyncRepo::set_progress_observer(const git::ProgressObserver& observer)
{
  m_progress = observer;
  m_repo.set_progress_observer(observer);
  m_locks.set_progress_observer(observer);
}

void
SyncRepo::fetch_into(git::Repository& cache, CacheKind kind,
                     const std::vector<std::string>& refspecs)
{
  try {
    cache.fetch(refspecs);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::git || m_rebuilt) {
      throw;
    }
    spdlog::warn("fetching into the local cache failed ({}); rebuilding it from the remote",
                 e.what());
    m_rebuilt = true;
    cache = rebuild_cache(m_dirs, kind, cache.remote_url(), m_identity.credentials);
    cache.set_progress_observer(m_progress);
    cache.fetch(refspecs);
  }
}

RemoteState
SyncRepo::refresh(KeyCheck check)
{
  m_refreshed_at.reset();
  // Two fetches, each negotiating with its own cache's commits (cache.hpp says why).
  fetch_into(m_repo, CacheKind::branches, {"+refs/heads/*:" + tracking_ref("refs/heads/") + "*"});
  fetch_into(m_locks, CacheKind::locks,
             {std::string("+") + k_locks_prefix + "*:" + tracking_ref(k_locks_prefix) + "*"});
  read_main();
  record_event(m_dirs.state_file(), Event::pull);
  if (check == KeyCheck::now) {
    m_sealing->require_key(); // before anything reads what it could not open
  }
  if (m_observer && m_sealing->can_open()) { // without the key, the view could not be read
    m_observer(*this);
  }
  refuse_newer_format(current());
  m_refreshed_at = std::chrono::steady_clock::now(); // only a refresh that passed every check
  RemoteState state;
  const std::string heads = "refs/heads/";
  for (const auto& ref : remote_refs(heads)) {
    state.branches.push_back(ref.substr(heads.size()));
  }
  return state;
}

Snapshot
SyncRepo::current(const std::string& ref) const
{
  const git::Repository& cache = cache_of(ref);
  return Snapshot(cache, ref == k_main_ref ? m_main : cache.resolve(tracking_ref(ref)), *m_sealing,
                  place_prefix(ref, k_main_ref));
}

std::vector<std::string>
SyncRepo::remote_refs(const std::string& prefix) const
{
  const std::string tracking = tracking_ref(prefix);
  std::vector<std::string> refs;
  for (const auto& [name, commit] : cache_of(prefix).list_refs(tracking + "*")) {
    refs.push_back(prefix + name.substr(tracking.size()));
  }
  return refs;
}

std::string
SyncRepo::replace_ref(const std::string& ref, const std::string& message,
                      const std::vector<git::Change>& changes)
{
  git::Repository& cache = cache_of(ref);
  const auto commit = cache.commit(std::nullopt, stored(ref, changes), stored_message(message),
                                   m_identity.machine_id);
  if (!commit) {
    throw Error(ErrorKind::internal, "replacing '" + ref + "' with nothing");
  }
  const git::PushOutcome outcome = cache.push(*commit, ref, git::Repository::Force::yes);
  if (!outcome.pushed) {
    throw Error(ErrorKind::conflict, "replacing '" + ref + "' was refused: " + outcome.reason,
                "run the command again in a moment");
  }
  cache.set_ref(tracking_ref(ref), *commit);
  read_main();
  spdlog::warn("replaced {} ({})", ref, message);
  return *commit;
}

EditResult
SyncRepo::edit_described(const std::string& ref, const std::function<std::string()>& message,
                         const Mutation& mutate)
{
  git::Repository& cache = cache_of(ref);
  std::string last_reason;
  for (int attempt = 1; attempt <= 1 + k_push_retries; ++attempt) {
    const bool fresh = attempt == 1 && m_refreshed_at &&
                       std::chrono::steady_clock::now() - *m_refreshed_at < k_fresh_for;
    if (attempt > 1) {
      pause_before_retry(attempt);
    }
    if (!fresh) {
      refresh();
    }
    const Snapshot base = current(ref);
    std::vector<git::Change> changes = mutate(base); // before message(): it may describe them
    const std::string text = message();
    const auto commit = cache.commit(base.commit(), stored(ref, std::move(changes)),
                                     stored_message(text), m_identity.machine_id);
    if (!commit) {
      return {std::nullopt, attempt}; // nothing to change: no commit, nothing pushed
    }
    const git::PushOutcome outcome = cache.push(*commit, ref);
    if (outcome.pushed) {
      cache.set_ref(tracking_ref(ref), *commit);
      read_main();
      record_event(m_dirs.state_file(), Event::push);
      if (m_observer) {
        m_observer(*this);
      }
      spdlog::info("pushed {} ({}) on attempt {}", commit->substr(0, 12),
                   text.substr(0, text.find('\n')), attempt);
      return {commit, attempt};
    }
    spdlog::info("attempt {}: push rejected ({}); fetching and retrying", attempt, outcome.reason);
    last_reason = outcome.reason;
  }
  const bool locked = last_reason.find("lock") != std::string::npos;
  throw Error(ErrorKind::conflict,
              "pushing to the sync repository: rejected " + std::to_string(1 + k_push_retries) +
                " times; the last time: " + last_reason,
              locked ? "the server could not lock the branch; if this persists, a lock file is "
                       "left on the server from a crash (remove it there)"
                     : "other machines kept pushing; nothing was changed, run the command again "
                       "in a moment");
}

} // namespace ccsync::sync
