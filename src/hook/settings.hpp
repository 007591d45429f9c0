// ccsync's entries in Claude Code's settings.json: which events ccsync registers, how an entry
// is recognised as ccsync's, and the merge and removal behind `install-hooks` and
// `uninstall-hooks`. Pure functions on text (no I/O): the caller reads and writes the file.
//
// Which entries are ccsync's (is_ccsync_hook): a `"type": "command"` hook that is either
//  - exec form (`"args"` is an array): `command`'s base name is `ccsync` or `claude-session-sync`
//    and `args[0]` is "hook", or the base name is the plugin wrapper `ccsync-hook`;
//  - string form (no `"args"`): the command's first word (after `NAME=value` assignments and an
//    `exec`, quotes removed) has the base name `ccsync` or `claude-session-sync` and the second
//    word is "hook", or the first word's base name is `ccsync-hook`.
// So entries written by any older ccsync (another binary path, the string form, the old name)
// are replaced by install-hooks and removed by uninstall-hooks; no other hook ever is.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace ccsync::hook {

// One Claude Code event ccsync registers: Claude runs `<binary> hook <argument>` for it.
struct RegisteredEvent {
  std::string_view claude_name; // the settings key: "SessionStart"
  std::string_view argument;    // the `ccsync hook` argument: "session-start"
  std::string_view matcher;     // the group's matcher, "" for none (every occurrence)
  int timeout_seconds;          // Claude kills the hook after this long
};

// SessionStart, UserPromptSubmit, Stop, SessionEnd: the events ccsync registers, in this order.
std::span<const RegisteredEvent> registered_events();

// What install-hooks registers.
struct HookRegistration {
  std::string binary; // absolute path of the ccsync binary the entries run
};

// The hook entry for `event`, exec form:
// {"type":"command","command":<binary>,"args":["hook",<argument>],"timeout":<seconds>}.
nlohmann::ordered_json hook_entry(const HookRegistration& registration,
                                  const RegisteredEvent& event);

// True when `hook` (one element of a matcher group's "hooks" list) is ccsync's, by the rule above.
bool is_ccsync_hook(const nlohmann::ordered_json& hook);

// The settings object of `text`: an empty (or blank) text is `{}`. Throws Error{config} naming
// `file_name` and the line of the problem ("<file_name>:12: malformed JSON: ...") when `text` is
// not JSON, not an object, or has a "hooks" that is not an object; the hint says the file was
// left untouched.
nlohmann::ordered_json parse_settings(std::string_view text, std::string_view file_name);

// The number of ccsync entries (is_ccsync_hook) under "hooks" in `settings`.
std::size_t count_ccsync_hooks(const nlohmann::ordered_json& settings);

// True when `settings` enables a plugin named "ccsync" ("enabledPlugins": {"ccsync@...": true}),
// whose hooks would run beside registered ones.
bool ccsync_plugin_enabled(const nlohmann::ordered_json& settings);

// `text` with ccsync's entries for every registered event pointing at `registration`: a group
// that holds only ccsync entries is replaced where it stands (the first one; the others go), a
// ccsync entry in a group shared with other hooks is taken out of it (the others stay) and ccsync's
// group appended; ccsync entries under events it no longer registers are removed. Every other key,
// hook and the key order are kept. When this changes nothing, `text` itself is returned (same
// bytes); otherwise the result is the settings dumped with a 2-space indent and a final newline.
// So merge_hooks(merge_hooks(t)) == merge_hooks(t). Errors as parse_settings; a registered event
// whose value is not a list is an Error{config} with its line too.
std::string merge_hooks(std::string_view text, const HookRegistration& registration,
                        std::string_view file_name = "settings.json");

// `text` without ccsync's entries: a matcher group, an event's list and the "hooks" object are
// removed only when removing ccsync's entries left them empty. When there is no ccsync entry,
// `text` itself is returned; otherwise the dump as in merge_hooks. Errors as parse_settings.
std::string remove_hooks(std::string_view text, std::string_view file_name = "settings.json");

// A unified-style diff of two texts, line by line, for --dry-run: "@@ -a,b +c,d @@" hunk headers,
// then " " (context, up to 3 lines around a change), "-" and "+" lines; a last line without a
// final newline is followed by "\ No newline at end of file". "" when the texts are equal.
std::string line_diff(std::string_view old_text, std::string_view new_text);

} // namespace ccsync::hook
