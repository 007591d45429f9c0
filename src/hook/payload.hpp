// Claude Code's hook contract, the parts ccsync uses (claude-code.md §5): the events it
// registers for, their names on the command line and in the payload, and the payload Claude
// writes to the hook's stdin (one JSON object, then a newline).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ccsync::hook {

enum class HookEvent { session_start, user_prompt_submit, stop, session_end };

// The event named `name`: ccsync's own ("session-start") or Claude's ("SessionStart").
std::optional<HookEvent> parse_event_name(std::string_view name);

// ccsync's name ("session-start") and Claude's ("SessionStart").
const char* event_name(HookEvent event) noexcept;
const char* claude_event_name(HookEvent event) noexcept;

struct Payload {
  HookEvent event = HookEvent::stop;
  std::string session_id;
  std::string transcript_path; // may be empty (claude-code.md: derive the projects root from it)
  std::string cwd;
  std::string source; // SessionStart: startup, resume, clear, compact, fork
  std::string reason; // SessionEnd: clear, logout, prompt_input_exit, other, ...
};

// True when a SessionStart must wait for the lock check before Claude goes on: the session may
// exist elsewhere (resumed, compacted, forked, or a source ccsync does not know). A session that
// starts afresh ("startup" or "clear": a new id, a new file) cannot be locked by another machine,
// so the hook returns at once and the worker does its first step in the background; a "startup"
// whose transcript already has lines (`claude --session-id` of an existing session) waits.
bool waits_for_lock_check(std::string_view source, bool transcript_has_lines);

// The payload in `text` for `event`, or why it is not one: empty, not a JSON object, no valid
// session_id, or a hook_event_name that names another event.
std::variant<Payload, std::string> parse_payload(std::string_view text, HookEvent event);

} // namespace ccsync::hook
