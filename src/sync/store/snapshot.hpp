// A read-only view of one commit of the sync repository (or of a repository with no commits):
// what the storage format's readers (session metas, chunks, bookkeeping files) read from. It
// holds no lock and changes nothing; repo/sync_repo.hpp hands out snapshots of what it fetched.
#pragma once

#include "git/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

class Snapshot {
public:
  Snapshot(const git::Repository& repo, std::optional<std::string> commit)
      : m_repo(&repo)
      , m_commit(std::move(commit))
  {}

  bool
  empty() const
  {
    return !m_commit;
  }
  const std::optional<std::string>&
  commit() const
  {
    return m_commit;
  }
  std::optional<std::string> read(const std::string& path) const;
  // The blob id of regular file `path`, or nothing (cheap: no content is read).
  std::optional<std::string> entry_id(const std::string& path) const;
  std::vector<std::string> list(const std::string& dir) const;
  // The content of blob `id` (a chunk by its hash), or nothing when the cache lacks it.
  std::optional<std::string> read_blob(const std::string& id) const;

private:
  const git::Repository* m_repo;
  std::optional<std::string> m_commit;
};

} // namespace ccsync::sync
