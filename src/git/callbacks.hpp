// Remote callbacks for fetch and push. Every callback catches all exceptions, stores the first in
// the context and returns GIT_EUSER; the caller rethrows after libgit2 returns. No exception ever
// crosses into C.
#pragma once

#include "git/deadline.hpp"
#include "git/repository.hpp"

#include <git2.h>

#include <exception>
#include <optional>
#include <string>

namespace ccsync::git {

struct RemoteContext {
  const Credentials* credentials = nullptr;
  int credential_calls = 0;
  std::string rejected_ref; // set when the server refused a ref update
  std::string rejection;    // its status text
  std::exception_ptr error;
  const ProgressObserver* progress = nullptr; // told how far the transfer has come
  std::optional<NetworkDeadline> deadline;    // armed by make_callbacks, disarmed with the context
};

// Callbacks whose payload is `context` (which must outlive the libgit2 call). Call it right before
// the network call: it also arms the process's network deadline (git/deadline.hpp) until
// `context` is destroyed, and the progress callbacks push that deadline back.
git_remote_callbacks make_callbacks(RemoteContext& context);

// Rethrows an exception a callback stored.
void rethrow_callback_error(const RemoteContext& context);

} // namespace ccsync::git
