// A read-only view of one commit of the sync repository (or of a repository with no commits):
// what the storage format's readers (session metas, chunks, bookkeeping files) read from. It
// holds no lock and changes nothing; repo/sync_repo.hpp hands out snapshots of what it fetched.
#pragma once

#include "git/repository.hpp"
#include "sync/store/sealing.hpp"

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
  // A view whose objects are opened through `sealing` (an encrypted repository), each at its
  // place: `place_prefix` (sealing.hpp) followed by its path.
  Snapshot(const git::Repository& repo, std::optional<std::string> commit, const Sealing& sealing,
           std::string place_prefix)
      : m_repo(&repo)
      , m_commit(std::move(commit))
      , m_sealing(&sealing)
      , m_place_prefix(std::move(place_prefix))
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
  // The content of `path` (opened when it is sealed), or nothing.
  std::optional<std::string> read(const std::string& path) const;
  // The blob id of regular file `path`, or nothing (cheap: no content is read).
  std::optional<std::string> entry_id(const std::string& path) const;
  std::vector<std::string> list(const std::string& dir) const;
  // The files and directories of `dir` ("" = the root).
  std::vector<git::TreeEntry> entries(const std::string& dir) const;
  // The content of blob `id` (a chunk by its hash) that belongs at `path` (where a sealed blob
  // opens), or nothing when the cache lacks it.
  std::optional<std::string> read_blob(const std::string& id, const std::string& path) const;

  // How this view's objects are stored (a plain one when it was made without).
  const Sealing& sealing() const;

  // The text a folder of `parent` named by Sealing::folder_name stands for: its
  // k_folder_text_file when it has one, else its name percent-decoded; nothing when neither.
  std::optional<std::string> folder_text(const std::string& parent,
                                         const std::string& folder) const;

private:
  std::optional<std::string> opened(const std::string& path,
                                    std::optional<std::string> stored) const;

  const git::Repository* m_repo;
  std::optional<std::string> m_commit;
  const Sealing* m_sealing = nullptr;
  std::string m_place_prefix;
};

} // namespace ccsync::sync
