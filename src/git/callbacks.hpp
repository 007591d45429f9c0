// Remote callbacks for fetch and push. Every callback catches all exceptions, stores the first in
// the context and returns GIT_EUSER; the caller rethrows after libgit2 returns. No exception ever
// crosses into C.
#pragma once

#include "git/repository.hpp"

#include <git2.h>

#include <exception>
#include <string>

namespace ccsync::git {

struct RemoteContext {
  const Credentials* credentials = nullptr;
  int credential_calls = 0;
  std::string rejected_ref; // set when the server refused a ref update
  std::string rejection;    // its status text
  std::exception_ptr error;
};

// Callbacks whose payload is `context` (which must outlive the libgit2 call).
git_remote_callbacks make_callbacks(RemoteContext& context);

// Rethrows an exception a callback stored.
void rethrow_callback_error(const RemoteContext& context);

} // namespace ccsync::git
