// Event names and payload parsing.
#include "hook/payload.hpp"

#include "lock/lock_record.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace ccsync::hook {
namespace {

struct Names {
  HookEvent event;
  const char* ours;
  const char* claudes;
};

constexpr std::array k_names = {
  Names{HookEvent::session_start, "session-start", "SessionStart"},
  Names{HookEvent::user_prompt_submit, "user-prompt-submit", "UserPromptSubmit"},
  Names{HookEvent::stop, "stop", "Stop"},
  Names{HookEvent::session_end, "session-end", "SessionEnd"},
};

std::string
string_of(const nlohmann::json& j, const char* key)
{
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

} // namespace

std::optional<HookEvent>
parse_event_name(std::string_view name)
{
  for (const auto& n : k_names) {
    if (name == n.ours || name == n.claudes) {
      return n.event;
    }
  }
  return std::nullopt;
}

const char*
event_name(HookEvent event) noexcept
{
  for (const auto& n : k_names) {
    if (n.event == event) {
      return n.ours;
    }
  }
  return "stop";
}

const char*
claude_event_name(HookEvent event) noexcept
{
  for (const auto& n : k_names) {
    if (n.event == event) {
      return n.claudes;
    }
  }
  return "Stop";
}

std::variant<Payload, std::string>
parse_payload(std::string_view text, HookEvent event)
{
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return std::string("empty payload");
  }
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) {
    return std::string("the payload is not a JSON object");
  }
  Payload payload;
  payload.event = event;
  payload.session_id = string_of(j, "session_id");
  if (!lock::is_valid_session_id(payload.session_id)) {
    return std::string("the payload has no valid session_id");
  }
  const std::string named = string_of(j, "hook_event_name");
  if (!named.empty() && parse_event_name(named) != event) {
    return "the payload is for " + named + ", not " + claude_event_name(event);
  }
  payload.transcript_path = string_of(j, "transcript_path");
  payload.cwd = string_of(j, "cwd");
  payload.source = string_of(j, "source");
  payload.reason = string_of(j, "reason");
  return payload;
}

bool
waits_for_lock_check(std::string_view source, bool transcript_has_lines)
{
  const bool fresh = source == "startup" || source == "clear";
  return !fresh || transcript_has_lines;
}

} // namespace ccsync::hook
