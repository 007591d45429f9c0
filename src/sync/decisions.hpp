// The engine's decisions as pure functions (unit-tested row by row against the push and
// pull tables of src/sync/README.md): what a session's lock means for pushing it, what push does
// with a session given how its local copy relates to the repository's, and what pull does.
#pragma once

#include "lock/lock_record.hpp"
#include "sync/outcome.hpp"
#include "sync/relation.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

// What the session's lock says about pushing it.
enum class Fence {
  open,    // no lock, an expired one, or this machine's
  taken,   // another machine holds it and this machine never did
  stale,   // another machine took it over from this machine (a newer fencing token)
  damaged, // the lock cannot be read: the session waits until it is repaired
};

struct LockView {
  std::optional<lock::LockRecord> record; // nothing: no lock (or damaged)
  bool damaged = false;
};

// `my_token`: the fencing token this machine was granted for the session, if any.
Fence fence_for(const LockView& lock, const std::string& machine_id,
                std::optional<std::uint64_t> my_token, const lock::Timing& timing);

enum class PushAction { none, create, append, replace_tail, fork, hold };

struct PushDecision {
  PushAction action = PushAction::none;
  ForkReason reason = ForkReason::diverged; // for PushAction::fork
};

// `relation`: how the local copy relates to the repository's (nothing: not in the repository).
// `last_edited_here`: the repository's copy was last written by this machine. A damaged lock
// holds the session back (PushAction::hold) whatever the copies say.
PushDecision decide_push(std::optional<Relation> relation, Fence fence, bool last_edited_here);

enum class PullAction { none, write, extend, split, replace };

// `relation`: how the local copy relates to the repository's (nothing: no local copy).
// `local_synced`: the local copy is still, whole, what this machine last synced (every line of it
// was in the repository): a diverged repository copy was rewritten there (paths re-translated,
// a tail replaced), and it replaces the local copy (backed up) instead of splitting it.
PullAction decide_pull(std::optional<Relation> relation, bool force, bool local_synced = false);

// True when the directory `cwd` is one of `dirs` or lies under one (selective sync).
bool is_under_any(std::string_view cwd, const std::vector<std::string>& dirs);

} // namespace ccsync::sync
