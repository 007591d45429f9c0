// SessionWriter: see corpus_session.hpp. Record shapes follow claude-code.md §3.2 and §3.3.
#include "corpus_session.hpp"

#include <algorithm>
#include <cmath>

namespace corpus {
namespace {

// The same start-up listings appear in every session of a user (they compress across files).
std::string
skill_listing()
{
  std::string out = "The following skills are available for use with the Skill tool:\n\n";
  const char* const skills[] = {"pdf: Extract text and tables from PDF files, fill forms",
                                "xlsx: Create and edit spreadsheets with formulas and charts",
                                "docx: Read and write Word documents with tracked changes",
                                "frontend-design: Build distinctive production-grade interfaces",
                                "webapp-testing: Test local web applications with Playwright",
                                "mcp-builder: Create MCP servers that connect models to services"};
  for (const char* s : skills) {
    out += std::string("- ") + s + "\n";
  }
  return out;
}

} // namespace

SessionWriter::SessionWriter(std::uint64_t seed, Project project, SessionOptions options)
    : m_rng(seed)
    , m_project(std::move(project))
    , m_opt(std::move(options))
    , m_now(m_opt.start_ms)
    , m_parent(m_opt.parent_uuid)
    , m_subagent_left(m_opt.subagent_bytes)
{
  if (!m_opt.header) {
    m_turns = 1;
  }
}

void
SessionWriter::generate(std::size_t bytes)
{
  const std::size_t target = m_out.size() + bytes;
  while (m_out.size() < target) {
    turn(target - m_out.size());
  }
}

SessionWriter::Json
SessionWriter::head(const char* type)
{
  Json j;
  j["parentUuid"] = m_parent.empty() ? Json(nullptr) : Json(m_parent);
  j["isSidechain"] = !m_opt.agent_id.empty();
  if (!m_opt.agent_id.empty()) {
    j["agentId"] = m_opt.agent_id;
  }
  if (std::string(type) == "user" && !m_prompt_id.empty() && m_opt.agent_id.empty()) {
    j["promptId"] = m_prompt_id;
  }
  j["type"] = type;
  return j;
}

void
SessionWriter::stamp(Json& j, const std::string& uuid)
{
  j["uuid"] = uuid;
  j["timestamp"] = iso_ms(m_now);
}

void
SessionWriter::tail(Json& j)
{
  j["userType"] = "external";
  j["entrypoint"] = m_opt.entrypoint;
  j["cwd"] = m_opt.cwd;
  j["sessionId"] = m_opt.session_id;
  j["version"] = m_opt.version;
  j["gitBranch"] = m_opt.branch;
}

void
SessionWriter::emit(const Json& j)
{
  m_out += j.dump();
  m_out += '\n';
}

void
SessionWriter::tick(std::int64_t lo_ms, std::int64_t hi_ms)
{
  m_now +=
    lo_ms + static_cast<std::int64_t>(m_rng.below(static_cast<std::size_t>(hi_ms - lo_ms + 1)));
}

SessionWriter::Json
SessionWriter::usage()
{
  return Json{
    {"input_tokens", m_rng.range(1, 12)},
    {"cache_creation_input_tokens", m_rng.range(0, 9000)},
    {"cache_read_input_tokens", m_rng.range(8000, 160000)},
    {"cache_creation",
     {{"ephemeral_5m_input_tokens", m_rng.range(0, 9000)}, {"ephemeral_1h_input_tokens", 0}}},
    {"output_tokens", m_rng.range(1, 2400)},
    {"service_tier", "standard"}};
}

// One assistant line holding one content block; returns its uuid.
std::string
SessionWriter::assistant_line(Json block, const std::string& message_id, const char* stop)
{
  tick(800, 12000);
  Json j = head("assistant");
  Json message;
  message["id"] = message_id;
  message["type"] = "message";
  message["role"] = "assistant";
  message["model"] = m_opt.model;
  message["content"] = Json::array({std::move(block)});
  message["stop_reason"] = stop == nullptr ? Json(nullptr) : Json(stop);
  message["stop_sequence"] = nullptr;
  message["usage"] = usage();
  j["message"] = std::move(message);
  j["requestId"] = "req_011C" + base62(m_rng, 20);
  const std::string uuid = uuid4(m_rng);
  stamp(j, uuid);
  tail(j);
  emit(j);
  m_parent = uuid;
  return uuid;
}

void
SessionWriter::tool_result(const std::string& use_uuid, const std::string& tool_id, Json content,
                           Json result, bool is_error)
{
  tick(50, 20000);
  Json j = head("user");
  Json block{{"tool_use_id", tool_id}, {"type", "tool_result"}, {"content", std::move(content)}};
  if (is_error) {
    block["is_error"] = true;
  }
  j["message"] = Json{{"role", "user"}, {"content", Json::array({std::move(block)})}};
  const std::string uuid = uuid4(m_rng);
  stamp(j, uuid);
  j["toolUseResult"] = std::move(result);
  j["sourceToolAssistantUUID"] = use_uuid;
  tail(j);
  emit(j);
  m_parent = uuid;
}

void
SessionWriter::header()
{
  if (m_rng.chance(0.6)) {
    emit(Json{{"type", "permission-mode"},
              {"permissionMode", m_rng.chance(0.8) ? "default" : "acceptEdits"},
              {"sessionId", m_opt.session_id}});
  }
  const auto attachment = [&](Json body) {
    tick(5, 400);
    Json j = head("attachment");
    j["attachment"] = std::move(body);
    j.erase("type");
    j["type"] = "attachment";
    const std::string uuid = uuid4(m_rng);
    stamp(j, uuid);
    tail(j);
    emit(j);
    m_parent = uuid;
  };
  if (m_rng.chance(0.35)) {
    const std::string out =
      "Loaded " + std::to_string(m_rng.range(1, 9)) + " notes for " + m_project.name + "\n";
    attachment(Json{{"type", "hook_success"},
                    {"hookName", "SessionStart:startup"},
                    {"hookEvent", "SessionStart"},
                    {"content", out},
                    {"stdout", out},
                    {"stderr", ""},
                    {"exitCode", 0},
                    {"command", m_opt.home + "/.local/bin/project-notes --start"},
                    {"durationMs", m_rng.range(20, 400)}});
  }
  if (m_rng.chance(0.5)) {
    attachment(Json{{"type", "skill_listing"}, {"content", skill_listing()}, {"skillCount", 6}});
  }
  if (m_rng.chance(0.3)) {
    attachment(Json{{"type", "agent_listing_delta"},
                    {"addedTypes", Json::array({"general-purpose", "Explore", "Plan"})},
                    {"removedTypes", Json::array()}});
  }
}

void
SessionWriter::compact()
{
  tick(2000, 30000);
  Json j;
  j["parentUuid"] = nullptr;
  j["logicalParentUuid"] = m_parent;
  j["isSidechain"] = false;
  j["type"] = "system";
  j["subtype"] = "compact_boundary";
  j["content"] = "Conversation compacted";
  j["isMeta"] = false;
  j["timestamp"] = iso_ms(m_now);
  const std::string uuid = uuid4(m_rng);
  j["uuid"] = uuid;
  j["level"] = "info";
  j["compactMetadata"] = Json{{"trigger", m_rng.chance(0.8) ? "auto" : "manual"},
                              {"preTokens", m_rng.range(120000, 190000)}};
  tail(j);
  emit(j);
  m_parent = uuid;
  Json s = head("user");
  s["message"] = Json{
    {"role", "user"},
    {"content", "This session is being continued from a previous conversation that ran out of "
                "context. The summary below covers the earlier portion of the conversation.\n\n" +
                  prose(m_rng, m_project, m_rng.range(2000, 9000)) +
                  "\n\nIf you need specific details from before compaction (like exact code "
                  "snippets, error messages, or content you generated), read the full "
                  "transcript at: " +
                  m_opt.claude_dir + "/projects/" + m_opt.project_dir_name + "/" +
                  m_opt.session_id + ".jsonl"}};
  s["isVisibleInTranscriptOnly"] = true;
  s["isCompactSummary"] = true;
  const std::string summary = uuid4(m_rng);
  stamp(s, summary);
  tail(s);
  emit(s);
  m_parent = summary;
  m_since_compact = 0;
}

void
SessionWriter::turn(std::size_t budget)
{
  const std::size_t start = m_out.size();
  const auto left = [&] {
    const std::size_t used = m_out.size() - start;
    return used < budget ? budget - used : 0;
  };
  const bool sidechain = !m_opt.agent_id.empty();
  if (m_turns == 0 && !sidechain) {
    header();
  } else if (!sidechain && m_rng.chance(0.04)) { // resumed: mode lines are re-appended
    emit(Json{{"type", "mode"}, {"mode", "normal"}, {"sessionId", m_opt.session_id}});
    emit(Json{
      {"type", "permission-mode"}, {"permissionMode", "default"}, {"sessionId", m_opt.session_id}});
  }
  if (!sidechain && m_since_compact > 1500000 && m_rng.chance(0.25)) {
    compact();
  }
  tick(m_turns == 0 ? 0 : 20000, m_turns == 0 ? 2000 : 900000);
  m_prompt =
    sidechain && m_turns == 0 ? m_opt.first_prompt : user_prompt(m_rng, m_project, m_opt.cwd);
  m_prompt_id = uuid4(m_rng);
  if (m_opt.entrypoint == "sdk-cli" && !sidechain) {
    emit(Json{{"type", "queue-operation"},
              {"operation", "enqueue"},
              {"timestamp", iso_ms(m_now)},
              {"sessionId", m_opt.session_id},
              {"content", m_prompt}});
    emit(Json{{"type", "queue-operation"},
              {"operation", "dequeue"},
              {"timestamp", iso_ms(m_now + 3)},
              {"sessionId", m_opt.session_id}});
  }
  Json j = head("user");
  j["message"] = Json{{"role", "user"}, {"content", m_prompt}};
  const std::string prompt_uuid = uuid4(m_rng);
  stamp(j, prompt_uuid);
  if (!sidechain) {
    j["permissionMode"] = "default";
    j["promptSource"] = m_opt.entrypoint == "cli" ? "typed" : "sdk";
  }
  tail(j);
  emit(j);
  m_parent = prompt_uuid;

  const auto steps = static_cast<std::size_t>(std::min(24.0, -std::log(1.0 - m_rng.unit()) * 4.0));
  for (std::size_t i = 0; i <= steps && left() > 1500; ++i) {
    step(left());
  }
  const std::string message_id = "msg_01" + base62(m_rng, 22);
  m_last_text = prose(m_rng, m_project, cap(m_rng.lognormal(500, 0.9), left(), 0.8) + 40);
  assistant_line(Json{{"type", "text"}, {"text", m_last_text}}, message_id, "end_turn");
  if (!sidechain && m_rng.chance(0.5)) {
    tick(10, 200);
    Json d = head("system");
    d["subtype"] = "turn_duration";
    d["durationMs"] = m_rng.range(2000, 400000);
    d["isMeta"] = false;
    d["timestamp"] = iso_ms(m_now);
    const std::string uuid = uuid4(m_rng);
    d["uuid"] = uuid;
    tail(d);
    emit(d);
    m_parent = uuid;
  }
  if (!sidechain && m_rng.chance(0.1)) {
    tick(10, 200);
    Json h = head("system");
    h["subtype"] = "stop_hook_summary";
    h["hookCount"] = 1;
    h["hookInfos"] = Json::array({Json{{"command", m_opt.home + "/.local/bin/notify-done"}}});
    h["hookErrors"] = Json::array();
    h["preventedContinuation"] = false;
    h["stopReason"] = "";
    h["hasOutput"] = false;
    h["level"] = "suggestion";
    h["timestamp"] = iso_ms(m_now);
    const std::string uuid = uuid4(m_rng);
    h["uuid"] = uuid;
    tail(h);
    emit(h);
    m_parent = uuid;
  }
  if (!sidechain) {
    emit(Json{{"type", "last-prompt"},
              {"lastPrompt", utf8_prefix(m_prompt, 200)},
              {"leafUuid", m_parent},
              {"sessionId", m_opt.session_id}});
  }
  m_since_compact += m_out.size() - start;
  ++m_turns;
}

} // namespace corpus
