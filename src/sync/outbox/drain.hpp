// Draining the outbox (outbox.hpp): the engine does the queued work with the sync repository
// open, under its kernel lock, so there is one drainer at a time.
#pragma once

#include "sync/engine.hpp"
#include "sync/outbox/outbox.hpp"

#include <cstddef>
#include <cstdint>

namespace ccsync::sync {

struct DrainResult {
  std::size_t done = 0;
  std::size_t failed = 0;
  std::size_t waiting = 0; // not yet due
};

struct DrainOptions {
  std::int64_t now = 0;
  std::int64_t push_delay = 0; // a push item younger than this waits (debounce)
  bool ignore_backoff = false; // the final drain of a session, or a command run by a person
};

// Does the due items: every session to push in one push, then the releases whose session has
// no push waiting. A failure (the network is down) leaves the items for later with backoff.
DrainResult drain_outbox(SyncRepo& repo, const SyncSetup& setup, const Outbox& outbox,
                         const DrainOptions& options);

} // namespace ccsync::sync
