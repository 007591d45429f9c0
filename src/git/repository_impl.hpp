// Internal to src/git/: the state behind Repository's pimpl and the helpers its files share
// (repository.cpp, repository_read.cpp, repository_write.cpp, remote.cpp).
#pragma once

#include "git/handle.hpp"
#include "git/repository.hpp"

#include <string>

namespace ccsync::git {

struct Repository::Impl {
  RepositoryHandle repo;
  Credentials credentials;
  ProgressObserver progress;
};

// Object ids as text and back (parse_oid throws Error for a malformed one).
std::string to_hex(const git_oid& oid);
git_oid parse_oid(const std::string& hex);

// The tree of commit `commit_id`, and the empty tree.
TreeHandle tree_of(git_repository* repo, const std::string& commit_id);
TreeHandle empty_tree(git_repository* repo);

// The bytes of `blob`.
std::string blob_text(const git_blob* blob);

// The entry at `path` in `tree`, or null when there is none.
TreeEntryHandle entry_at(git_tree* tree, const std::string& path);

// The remote "origin" of `repo`; throws Error when it has none.
RemoteHandle origin(git_repository* repo);

} // namespace ccsync::git
