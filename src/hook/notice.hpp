// What a SessionStart hook tells the person in Claude about trouble (issue 22: trouble was
// invisible): a remote that did not answer, sessions not pushed yet. Said as the hook's one
// systemMessage, and each distinct notice once a day at most, so that a long offline stretch
// does not repeat it at every session start.
#pragma once

#include "platform/dirs.hpp"
#include "sync/outbox/outbox.hpp"

#include <optional>
#include <string>

namespace ccsync::hook {

// The notice for work the outbox still holds after it failed; nothing when there is none.
std::optional<std::string> outbox_notice(const sync::OutboxStatus& status);

// The notice for a first step whose network work failed with `error`.
std::string unreachable_notice(const std::string& error);

// True when `notice` should be said now: it differs from the last one said, or that was a day
// ago. Records it as said (<ccsync home>/hook-notice.json).
bool say_once(const platform::Dirs& dirs, const std::string& notice);

// The machine that lost a session's lock is told (issue 22): its worker's heartbeat found the
// lock taken over (`holder` in the engine's words) and notes it here; the session's next
// UserPromptSubmit or Stop hook says it once, as its systemMessage
// (<ccsync home>/taken-over/<session>.txt).
void note_taken_over(const platform::Dirs& dirs, const std::string& session_id,
                     const std::string& holder);
std::optional<std::string> take_taken_over_notice(const platform::Dirs& dirs,
                                                  const std::string& session_id);
// Drops the note unsaid when the session ends (the ccsync home keeps none for ended sessions).
void forget_taken_over(const platform::Dirs& dirs, const std::string& session_id);

} // namespace ccsync::hook
