// Opening, rebuilding and cleaning the local caches (see cache.hpp).
#include "sync/repo/cache.hpp"

#include "sync/repo/refs.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

// Earlier versions kept the lock refs in the branches' cache; there they would still be offered
// to the server at every fetch of the branch.
void
drop_old_lock_refs(git::Repository& repo)
{
  for (const auto& [ref, commit] : repo.list_refs(tracking_ref(k_locks_prefix) + "*")) {
    repo.delete_ref(ref);
  }
}

git::Repository
open_existing(const platform::Dirs& dirs, CacheKind kind, const std::string& url)
{
  git::Repository repo = git::Repository::open_or_create(cache_dir(dirs, kind), url);
  if (repo.remote_url() != url) {
    spdlog::info("remote changed to {}", util::redact_url(url));
    repo.set_remote_url(url);
  }
  if (kind == CacheKind::branches) {
    repo.resolve(tracking_ref(k_main_ref)); // reads the refs: a damaged cache fails here
    drop_old_lock_refs(repo);
  }
  return repo;
}

} // namespace

fs::path
cache_dir(const platform::Dirs& dirs, CacheKind kind)
{
  return kind == CacheKind::branches ? dirs.repo_dir() : dirs.locks_repo_dir();
}

git::Repository
open_cache(const platform::Dirs& dirs, CacheKind kind, const std::string& url,
           const git::Credentials& credentials)
{
  try {
    git::Repository repo = open_existing(dirs, kind, url);
    repo.set_credentials(credentials);
    return repo;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::git) {
      throw;
    }
    spdlog::warn("the local cache {} is damaged ({}); rebuilding it from the remote",
                 cache_dir(dirs, kind).string(), e.what());
  }
  return rebuild_cache(dirs, kind, url, credentials);
}

git::Repository
rebuild_cache(const platform::Dirs& dirs, CacheKind kind, const std::string& url,
              const git::Credentials& credentials)
{
  // The cache holds nothing that is not on the remote (commits are pushed before they count).
  const fs::path dir = cache_dir(dirs, kind);
  std::error_code error;
  const auto aside = dir.string() + ".damaged-" + platform::random_hex(4);
  fs::rename(dir, aside, error);
  fs::remove_all(aside, error);
  fs::remove_all(dir, error);
  git::Repository repo = git::Repository::open_or_create(dir, url);
  repo.set_credentials(credentials);
  return repo;
}

void
clear_stale_cache_files(const platform::Dirs& dirs, platform::Scan scan)
{
  for (const CacheKind kind : {CacheKind::branches, CacheKind::locks}) {
    std::error_code error;
    if (!fs::exists(cache_dir(dirs, kind), error)) {
      continue;
    }
    for (const auto& stale : platform::remove_git_lock_files(cache_dir(dirs, kind), scan)) {
      spdlog::warn("removed {}, left by an interrupted ccsync", stale.string());
    }
  }
}

} // namespace ccsync::sync
