// The decision tables of push and pull.
#include "sync/decisions.hpp"

#include <algorithm>

namespace ccsync::sync {

Fence
fence_for(const LockView& lock, const std::string& machine_id,
          std::optional<std::uint64_t> my_token, const lock::Timing& timing)
{
  if (lock.damaged) {
    return Fence::damaged;
  }
  const auto& record = lock.record;
  if (!record || !record->held || record->holder.machine_id == machine_id ||
      lock::classify(record, machine_id, timing) == lock::Status::other_expired) {
    return Fence::open;
  }
  return my_token && *my_token < record->token ? Fence::stale : Fence::taken;
}

namespace {

PushDecision
fork_for(Fence fence)
{
  return {PushAction::fork, fence == Fence::stale ? ForkReason::fenced : ForkReason::locked};
}

} // namespace

PushDecision
decide_push(std::optional<Relation> relation, Fence fence, bool last_edited_here)
{
  if (fence == Fence::damaged) {
    return {PushAction::hold};
  }
  const bool open = fence == Fence::open;
  if (!relation) {
    return open ? PushDecision{PushAction::create} : fork_for(fence);
  }
  switch (*relation) {
  case Relation::equal:
  case Relation::remote_ahead: return {PushAction::none};
  case Relation::local_ahead: return open ? PushDecision{PushAction::append} : fork_for(fence);
  case Relation::diverged:
    if (!open) {
      return fork_for(fence);
    }
    // The machine that wrote the repository's copy last may replace its own tail: Claude
    // truncates and rewrites a transcript's tail (claude-code.md §3.6).
    return last_edited_here ? PushDecision{PushAction::replace_tail}
                            : PushDecision{PushAction::fork, ForkReason::diverged};
  }
  return {PushAction::none};
}

PullAction
decide_pull(std::optional<Relation> relation, bool force, bool local_synced)
{
  if (!relation) {
    return PullAction::write;
  }
  switch (*relation) {
  case Relation::equal:
  case Relation::local_ahead: return PullAction::none;
  case Relation::remote_ahead: return PullAction::extend;
  case Relation::diverged: return force || local_synced ? PullAction::replace : PullAction::split;
  }
  return PullAction::none;
}

bool
is_under_any(std::string_view cwd, const std::vector<std::string>& dirs)
{
  return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) {
    const std::string base =
      dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir;
    return !base.empty() && (cwd == base || cwd.starts_with(base == "/" ? base : base + "/"));
  });
}

} // namespace ccsync::sync
