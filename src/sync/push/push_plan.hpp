// Planning a push, one session at a time, against a snapshot of the repository: what to write
// (chunks go into blobs as they are cut, so memory stays bounded whatever the transcript's size),
// or why nothing. Internal to the sync engine; the decisions themselves are in decisions.hpp.
#pragma once

#include "sync/decisions.hpp"
#include "sync/engine.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/push/plan_types.hpp"
#include "sync/store/chunk_writer.hpp"
#include "sync/store/session_store.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

// The quick plan for a transcript that only grew since this machine pushed it and whose
// repository copy has not changed since: reads the new tail and the last chunk, nothing else.
// Nothing when that cannot be vouched for (then plan_session reads everything).
std::optional<Plan> plan_append(const PlanContext& context, Candidate& candidate);

// The full plan: compares the whole transcript with the repository's copy and decides.
Plan plan_session(const PlanContext& context, Candidate& candidate, Fence fence,
                  const std::string& lock_holder);

} // namespace ccsync::sync
