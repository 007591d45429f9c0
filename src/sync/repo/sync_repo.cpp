// Edit transactions on the sync repository.
#include "sync/repo/sync_repo.hpp"

#include "sync/local/state.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/upgrade.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace ccsync::sync {

namespace {

constexpr const char* k_heads = "refs/heads/";
constexpr const char* k_tracking_heads = "refs/remotes/origin/";
constexpr const char* k_locks = "refs/ccsync/locks/";
constexpr const char* k_tracking_locks = "refs/ccsync/remote-locks/";

} // namespace

std::string
tracking_ref(const std::string& ref)
{
  if (std::string_view(ref).starts_with(k_heads)) {
    return k_tracking_heads + ref.substr(std::string(k_heads).size());
  }
  if (std::string_view(ref).starts_with(k_locks)) {
    return k_tracking_locks + ref.substr(std::string(k_locks).size());
  }
  throw Error(ErrorKind::internal, "no tracking ref for '" + ref + "'");
}

SyncRepo::SyncRepo(platform::FileLock lock, platform::UsageMark in_use, git::Repository repo,
                   platform::Dirs dirs, RepoIdentity identity)
    : m_lock(std::move(lock))
    , m_in_use(std::move(in_use))
    , m_repo(std::move(repo))
    , m_dirs(std::move(dirs))
    , m_identity(std::move(identity))
{
  read_main();
}

void
SyncRepo::read_main()
{
  m_main = readable_commit(m_repo, m_repo.resolve(tracking_ref(k_main_ref)), m_identity.machine_id);
}

SyncRepo
SyncRepo::open(const platform::Dirs& dirs, const std::string& remote_url, RepoIdentity identity)
{
  platform::ensure_dir(dirs.ccsync_home);
  auto lock = platform::FileLock::acquire(dirs.repo_lock_file(), std::chrono::seconds(30));
  if (!lock) {
    throw Error(ErrorKind::busy, "another ccsync process is using the sync repository",
                "wait for it to finish and run the command again");
  }
  // Under repo.lock no other ccsync process uses the cache: git lock files in it are leftovers
  // of a killed process, and would make every later fetch fail. Temporary object files are left
  // only by a killed process, and looking for them costs a listing of every loose object.
  platform::UsageMark in_use(dirs.ccsync_home / "repo.in-use");
  const platform::Scan scan = in_use.was_interrupted() ? platform::Scan::all : platform::Scan::refs;
  for (const auto& stale : platform::remove_git_lock_files(dirs.repo_dir(), scan)) {
    spdlog::warn("removed {}, left by an interrupted ccsync", stale.string());
  }
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dirs.ccsync_home, error)) {
    if (platform::is_atomic_temp_name(entry.path().filename().string())) {
      spdlog::warn("removed {}, left by an interrupted ccsync", entry.path().string());
      std::filesystem::remove(entry.path(), error);
    }
  }
  git::Repository repo = open_cache(dirs, remote_url, identity.credentials);
  return SyncRepo(std::move(*lock), std::move(in_use), std::move(repo), dirs, std::move(identity));
}

git::Repository
SyncRepo::open_cache(const platform::Dirs& dirs, const std::string& remote_url,
                     const git::Credentials& credentials)
{
  try {
    git::Repository repo = git::Repository::open_or_create(dirs.repo_dir(), remote_url);
    if (repo.remote_url() != remote_url) {
      spdlog::info("remote changed to {}", util::redact_url(remote_url));
      repo.set_remote_url(remote_url);
    }
    repo.resolve(tracking_ref(k_main_ref));
    repo.set_credentials(credentials);
    return repo;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::git) {
      throw;
    }
    spdlog::warn("the local cache {} is damaged ({}); rebuilding it from the remote",
                 dirs.repo_dir().string(), e.what());
  }
  return rebuild_cache(dirs, remote_url, credentials);
}

git::Repository
SyncRepo::rebuild_cache(const platform::Dirs& dirs, const std::string& remote_url,
                        const git::Credentials& credentials)
{
  // The cache holds nothing that is not on the remote (commits are pushed before they count).
  std::error_code error;
  const auto aside = dirs.repo_dir().string() + ".damaged-" + platform::random_hex(4);
  std::filesystem::rename(dirs.repo_dir(), aside, error);
  std::filesystem::remove_all(aside, error);
  std::filesystem::remove_all(dirs.repo_dir(), error);
  git::Repository repo = git::Repository::open_or_create(dirs.repo_dir(), remote_url);
  repo.set_credentials(credentials);
  return repo;
}

RemoteState
SyncRepo::refresh()
{
  const std::vector<std::string> refspecs = {
    std::string("+") + k_heads + "*:" + k_tracking_heads + "*",
    std::string("+") + k_locks + "*:" + k_tracking_locks + "*"};
  m_refreshed_at.reset();
  try {
    m_repo.fetch(refspecs);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::git || m_rebuilt) {
      throw;
    }
    spdlog::warn("fetching into the local cache failed ({}); rebuilding it from the remote",
                 e.what());
    m_rebuilt = true;
    m_repo = rebuild_cache(m_dirs, m_repo.remote_url(), m_identity.credentials);
    m_repo.fetch(refspecs);
  }
  read_main();
  record_event(m_dirs.state_file(), Event::pull);
  if (m_observer) {
    m_observer(*this);
  }
  refuse_newer_format(current());
  m_refreshed_at = std::chrono::steady_clock::now(); // only a refresh that passed every check
  RemoteState state;
  for (const auto& ref : remote_refs(k_heads)) {
    state.branches.push_back(ref.substr(std::string(k_heads).size()));
  }
  return state;
}

Snapshot
SyncRepo::current(const std::string& ref) const
{
  return Snapshot(m_repo, ref == k_main_ref ? m_main : m_repo.resolve(tracking_ref(ref)));
}

std::vector<std::string>
SyncRepo::remote_refs(const std::string& prefix) const
{
  const std::string tracking = tracking_ref(prefix);
  std::vector<std::string> refs;
  for (const auto& [name, commit] : m_repo.list_refs(tracking + "*")) {
    refs.push_back(prefix + name.substr(tracking.size()));
  }
  return refs;
}

std::string
SyncRepo::replace_ref(const std::string& ref, const std::string& message,
                      const std::vector<git::Change>& changes)
{
  const auto commit = m_repo.commit(std::nullopt, changes, message, m_identity.machine_id);
  const git::PushOutcome outcome = m_repo.push(*commit, ref, git::Repository::Force::yes);
  if (!outcome.pushed) {
    throw Error(ErrorKind::conflict, "replacing '" + ref + "' was refused: " + outcome.reason,
                "run the command again in a moment");
  }
  m_repo.set_ref(tracking_ref(ref), *commit);
  read_main();
  spdlog::warn("replaced {} ({})", ref, message);
  return *commit;
}

EditResult
SyncRepo::edit_described(const std::string& ref, const std::function<std::string()>& message,
                         const Mutation& mutate)
{
  std::string last_reason;
  for (int attempt = 1; attempt <= 1 + k_push_retries; ++attempt) {
    const bool fresh = attempt == 1 && m_refreshed_at &&
                       std::chrono::steady_clock::now() - *m_refreshed_at < k_fresh_for;
    if (!fresh) {
      refresh();
    }
    const Snapshot base = current(ref);
    const std::vector<git::Change> changes = mutate(base); // before message(): it may describe them
    const std::string text = message();
    const auto commit = m_repo.commit(base.commit(), changes, text, m_identity.machine_id);
    if (!commit) {
      return {std::nullopt, attempt};
    }
    const git::PushOutcome outcome = m_repo.push(*commit, ref);
    if (outcome.pushed) {
      m_repo.set_ref(tracking_ref(ref), *commit);
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
