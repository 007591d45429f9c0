// Internal to src/git/: the state behind Repository's pimpl, shared by repository.cpp (trees,
// commits) and remote.cpp (fetch, push).
#pragma once

#include "git/handle.hpp"
#include "git/repository.hpp"

namespace ccsync::git {

struct Repository::Impl {
  RepositoryHandle repo;
  Credentials credentials;
};

// The remote "origin" of `repo`; throws Error when it has none.
RemoteHandle origin(git_repository* repo);

} // namespace ccsync::git
