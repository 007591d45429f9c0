// The local caches of the sync repository, in the ccsync home: repo.git holds the branches (the
// sessions) and locks.git the session lock refs. Two repositories, so that fetching the branch
// negotiates with the branch's own commits: libgit2 1.5 offers the server the newest commits of
// every local ref, 20 at a time, and stops at the first batch the server has one of; with the lock
// refs beside the branch those were lock commits (newer than the branch's tip after a few session
// starts), and the server sent the whole branch again (issue 22: 3 MB for one line). Each cache
// holds nothing that is not on the remote, so a damaged one is rebuilt from it.
#pragma once

#include "git/repository.hpp"
#include "platform/dirs.hpp"
#include "platform/fs.hpp"

#include <filesystem>
#include <string>

namespace ccsync::sync {

enum class CacheKind { branches, locks };

std::filesystem::path cache_dir(const platform::Dirs& dirs, CacheKind kind);

// The cache of `kind`, opened (created when missing, re-pointed when the URL changed); one that
// cannot be opened is rebuilt from the remote (log line). The branches' cache loses the lock refs
// earlier versions fetched into it.
git::Repository open_cache(const platform::Dirs& dirs, CacheKind kind, const std::string& url,
                           const git::Credentials& credentials);

// The cache of `kind` made anew (empty, to be fetched into).
git::Repository rebuild_cache(const platform::Dirs& dirs, CacheKind kind, const std::string& url,
                              const git::Credentials& credentials);

// Removes what a killed ccsync left in the caches: git lock files (which would make every later
// fetch fail), and with Scan::all its temporary object files. Only under the repository lock.
void clear_stale_cache_files(const platform::Dirs& dirs, platform::Scan scan);

} // namespace ccsync::sync
