// The settings merge behind install-hooks / uninstall-hooks: parse Claude's settings.json
// (keeping key order), replace or remove ccsync's entries (recognised by settings_rule.cpp),
// report a malformed file with its line. No I/O.
#include "hook/settings.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace ccsync::hook {
using Json = nlohmann::ordered_json;

namespace {

constexpr std::array k_events = {
  RegisteredEvent{"SessionStart", "session-start", "startup|resume|clear|compact|fork", 15},
  RegisteredEvent{"UserPromptSubmit", "user-prompt-submit", "", 5},
  RegisteredEvent{"Stop", "stop", "", 5},
  RegisteredEvent{"SessionEnd", "session-end", "", 5},
};

constexpr const char* k_untouched = "fix the file; ccsync left it untouched";

// ---- locating a problem in the text ----

std::size_t
line_at(std::string_view text, std::size_t byte)
{
  const auto* const end = text.begin() + static_cast<std::ptrdiff_t>(std::min(byte, text.size()));
  return static_cast<std::size_t>(std::count(text.begin(), end, '\n')) + 1;
}

// The line of the key `path` (object keys from the root) in the valid JSON `text`; the line of
// the first non-blank byte when it is not found.
std::size_t
line_of_key(std::string_view text, const std::vector<std::string_view>& path)
{
  struct Level {
    bool object;
    std::string key;
  };
  std::vector<Level> levels;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '{' || c == '[') {
      levels.push_back({c == '{', ""});
    } else if ((c == '}' || c == ']') && !levels.empty()) {
      levels.pop_back();
    } else if (c == '"') {
      const std::size_t start = at;
      for (++at; at < text.size() && text[at] != '"'; ++at) {
        at += text[at] == '\\' ? 1 : 0;
      }
      std::size_t next = text.find_first_not_of(" \t\r\n", at + 1);
      if (next != std::string_view::npos && text[next] == ':' && !levels.empty() &&
          levels.back().object) {
        levels.back().key = std::string(text.substr(start + 1, at - start - 1));
        const bool match =
          levels.size() == path.size() && std::equal(levels.begin(), levels.end(), path.begin(),
                                                     [](const Level& level, std::string_view key) {
                                                       return level.object && level.key == key;
                                                     });
        if (match) {
          return line_at(text, start);
        }
      }
    }
  }
  return line_at(text, text.find_first_not_of(" \t\r\n"));
}

Error
settings_error(std::string_view file_name, std::size_t line, const std::string& what)
{
  return Error(ErrorKind::config, std::string(file_name) + ":" + std::to_string(line) + ": " + what,
               k_untouched);
}

// nlohmann's message without its "[json.exception...] parse error at line L, column C: " prefix.
std::string
parse_error_text(const std::string& what)
{
  const std::size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// ---- editing ----

// True for a matcher group whose "hooks" is a list (the shape Claude reads).
bool
is_group(const Json& group)
{
  return group.is_object() && group.contains("hooks") && group["hooks"].is_array();
}

std::size_t
count_in_group(const Json& group)
{
  return static_cast<std::size_t>(
    std::count_if(group["hooks"].begin(), group["hooks"].end(), is_ccsync_hook));
}

// Removes ccsync's entries from `group`'s list.
void
strip_group(Json& group)
{
  Json kept = Json::array();
  for (const Json& hook : group["hooks"]) {
    if (!is_ccsync_hook(hook)) {
      kept.push_back(hook);
    }
  }
  group["hooks"] = std::move(kept);
}

// Removes ccsync's entries from an event's list of groups, and the groups that held nothing
// else. True when it removed any.
bool
remove_from_event(Json& groups)
{
  if (!groups.is_array()) {
    return false;
  }
  bool removed = false;
  Json kept = Json::array();
  for (Json& group : groups) {
    if (is_group(group) && count_in_group(group) > 0) {
      removed = true;
      strip_group(group);
      if (group["hooks"].empty()) {
        continue;
      }
    }
    kept.push_back(std::move(group));
  }
  groups = std::move(kept);
  return removed;
}

// Removes ccsync's entries from every event, and what that left empty. True when it removed any.
bool
remove_everywhere(Json& hooks, const std::vector<std::string>& events)
{
  bool removed = false;
  for (const std::string& event : events) {
    if (remove_from_event(hooks[event])) {
      removed = true;
      if (hooks[event].empty()) {
        hooks.erase(event);
      }
    }
  }
  return removed;
}

Json
group_for(const HookRegistration& registration, const RegisteredEvent& event)
{
  Json group = Json::object();
  if (!event.matcher.empty()) {
    group["matcher"] = event.matcher;
  }
  group["hooks"] = Json::array({hook_entry(registration, event)});
  return group;
}

// Puts ccsync's group into `groups`: where the first ccsync-only group stood, else at the end.
void
place_group(Json& groups, Json group)
{
  std::optional<std::size_t> slot;
  Json kept = Json::array();
  for (Json& existing : groups) {
    const std::size_t ours = is_group(existing) ? count_in_group(existing) : 0;
    if (ours > 0 && ours == existing["hooks"].size()) {
      if (!slot) {
        slot = kept.size();
        kept.push_back(group);
      }
      continue;
    }
    if (ours > 0) {
      strip_group(existing);
    }
    kept.push_back(std::move(existing));
  }
  if (!slot) {
    kept.push_back(std::move(group));
  }
  groups = std::move(kept);
}

std::string
dump(const Json& settings)
{
  return settings.dump(2) + "\n";
}

std::vector<std::string>
event_names(const Json& hooks)
{
  std::vector<std::string> names;
  for (const auto& [name, groups] : hooks.items()) {
    names.push_back(name);
  }
  return names;
}

bool
is_registered(std::string_view name)
{
  return std::any_of(k_events.begin(), k_events.end(),
                     [&](const RegisteredEvent& event) { return event.claude_name == name; });
}

} // namespace

std::span<const RegisteredEvent>
registered_events()
{
  return k_events;
}

Json
hook_entry(const HookRegistration& registration, const RegisteredEvent& event)
{
  return Json{{"type", "command"},
              {"command", registration.binary},
              {"args", Json::array({"hook", event.argument})},
              {"timeout", event.timeout_seconds}};
}

Json
parse_settings(std::string_view text, std::string_view file_name)
{
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Json::object();
  }
  Json settings;
  try {
    settings = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw settings_error(file_name, line_at(text, e.byte == 0 ? 0 : e.byte - 1),
                         "malformed JSON: " + parse_error_text(e.what()));
  }
  if (!settings.is_object()) {
    throw settings_error(file_name, line_of_key(text, {}),
                         "the settings must be a JSON object, not " +
                           std::string(settings.type_name()));
  }
  if (settings.contains("hooks") && !settings["hooks"].is_object()) {
    throw settings_error(file_name, line_of_key(text, {"hooks"}),
                         "\"hooks\" must be an object (event name: list of matcher groups)");
  }
  return settings;
}

std::size_t
count_ccsync_hooks(const Json& settings)
{
  std::size_t count = 0;
  if (!settings.contains("hooks") || !settings["hooks"].is_object()) {
    return 0;
  }
  for (const auto& [event, groups] : settings["hooks"].items()) {
    if (!groups.is_array()) {
      continue;
    }
    for (const Json& group : groups) {
      count += is_group(group) ? count_in_group(group) : 0;
    }
  }
  return count;
}

bool
ccsync_plugin_enabled(const Json& settings)
{
  if (!settings.contains("enabledPlugins") || !settings["enabledPlugins"].is_object()) {
    return false;
  }
  const auto plugins = settings["enabledPlugins"].items();
  return std::any_of(plugins.begin(), plugins.end(), [](const auto& plugin) {
    const std::string& id = plugin.key();
    const Json& enabled = plugin.value();
    return (id == "ccsync" || id.starts_with("ccsync@")) && enabled.is_boolean() &&
           enabled.get<bool>();
  });
}

std::string
merge_hooks(std::string_view text, const HookRegistration& registration, std::string_view file_name)
{
  Json settings = parse_settings(text, file_name);
  const Json before = settings;
  Json& hooks = settings["hooks"];
  if (hooks.is_null()) {
    hooks = Json::object();
  }
  std::vector<std::string> others = event_names(hooks);
  std::erase_if(others, is_registered);
  remove_everywhere(hooks, others);
  for (const RegisteredEvent& event : k_events) {
    const std::string name(event.claude_name);
    if (!hooks.contains(name)) {
      hooks[name] = Json::array();
    } else if (!hooks[name].is_array()) {
      throw settings_error(file_name, line_of_key(text, {"hooks", event.claude_name}),
                           "\"hooks\"." + name + " must be a list of matcher groups");
    }
    place_group(hooks[name], group_for(registration, event));
  }
  return settings == before ? std::string(text) : dump(settings);
}

std::string
remove_hooks(std::string_view text, std::string_view file_name)
{
  Json settings = parse_settings(text, file_name);
  if (!settings.contains("hooks")) {
    return std::string(text);
  }
  Json& hooks = settings["hooks"];
  if (!remove_everywhere(hooks, event_names(hooks))) {
    return std::string(text);
  }
  if (hooks.empty()) {
    settings.erase("hooks");
  }
  return dump(settings);
}

} // namespace ccsync::hook
