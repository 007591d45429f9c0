// Streaming extraction of a transcript's cwd, title and last activity. Lines are parsed as JSON
// only when a cheap substring test says they may change the answer, so a large transcript costs
// little more than reading it.
#include "sync/store/session_facts.hpp"

#include "lock/lock_record.hpp"
#include "paths/project_dir.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

namespace ccsync::sync {
using nlohmann::json;

namespace {

std::string
string_of(const json& j, const char* key)
{
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

json
parse_if(std::string_view line, std::string_view needle)
{
  if (line.find(needle) == std::string_view::npos) {
    return json();
  }
  json record = json::parse(line, nullptr, false);
  return record.is_object() ? record : json();
}

std::string
prompt_text(const json& record)
{
  const auto message = record.find("message");
  if (message == record.end() || !message->is_object()) {
    return "";
  }
  const json& content = message->value("content", json());
  if (content.is_string()) {
    return content.get<std::string>();
  }
  if (content.is_array() && !content.empty() && content[0].is_object() &&
      string_of(content[0], "type") == "text") {
    return string_of(content[0], "text");
  }
  return "";
}

} // namespace

void
SessionFacts::add(std::string_view line)
{
  add_cwd(line);
  add_title(line);
  add_timestamp(line);
  add_parent(line);
}

void
SessionFacts::add_parent(std::string_view line)
{
  // Rare: only pointer records (and subagents' lifecycle records) carry the key.
  const json record = parse_if(line, R"("parentSessionId":")");
  const std::string parent = string_of(record, "parentSessionId");
  if (!parent.empty() && parent != string_of(record, "sessionId") &&
      lock::is_valid_session_id(parent) && m_parents.size() < k_max_parents) {
    m_parents.insert(parent);
  }
}

void
SessionFacts::add_cwd(std::string_view line)
{
  // Every line carries a cwd: once one matches the folder, only relocations can change it.
  if (line.find("\"relocatedCwd\"") != std::string_view::npos) {
    const json record = parse_if(line, "\"relocatedCwd\"");
    if (string_of(record, "type") == "relocated" && !string_of(record, "relocatedCwd").empty()) {
      m_relocated = string_of(record, "relocatedCwd");
      return;
    }
  }
  if (m_matching_cwd) {
    return;
  }
  const std::string cwd = string_of(parse_if(line, "\"cwd\""), "cwd");
  if (cwd.empty()) {
    return;
  }
  if (!m_first_cwd) {
    m_first_cwd = cwd;
  }
  if (paths::encode_project_dir(cwd) == m_project_dir) {
    m_matching_cwd = cwd;
  }
}

void
SessionFacts::add_title(std::string_view line)
{
  if (m_first_prompt.empty() && line.find("\"user\"") != std::string_view::npos) {
    const json record = parse_if(line, "\"user\"");
    const auto is_meta = record.is_object() ? record.find("isMeta") : json::const_iterator();
    const bool meta = record.is_object() && is_meta != record.end() && is_meta->is_boolean() &&
                      is_meta->get<bool>();
    if (string_of(record, "type") == "user" && !meta) {
      m_first_prompt = prompt_text(record);
    }
  }
  if (line.find("-title\"") != std::string_view::npos) {
    const json record = parse_if(line, "-title\"");
    const std::string type = string_of(record, "type");
    if (type == "custom-title" || type == "ai-title") {
      const std::string named =
        string_of(record, type == "custom-title" ? "customTitle" : "aiTitle");
      m_named_title = named.empty() ? string_of(record, "title") : named;
    }
  }
}

void
SessionFacts::add_timestamp(std::string_view line)
{
  // Claude writes compact JSON: the top-level "timestamp":"..." is found without parsing.
  constexpr std::string_view key = R"("timestamp":")";
  const std::size_t at = line.rfind(key);
  if (at == std::string_view::npos) {
    return;
  }
  const std::size_t start = at + key.size();
  const std::size_t end = line.find('"', start);
  if (end == std::string_view::npos || end - start < 19 || end - start > 40) {
    return;
  }
  const std::string_view value = line.substr(start, end - start);
  if (util::parse_utc(std::string(value.substr(0, 19)) + "Z")) {
    m_last_timestamp = value;
  }
}

std::optional<std::string>
SessionFacts::cwd() const
{
  return m_relocated ? m_relocated : m_matching_cwd ? m_matching_cwd : m_first_cwd;
}

std::string
SessionFacts::full_title() const
{
  const std::string& title = m_named_title.empty() ? m_first_prompt : m_named_title;
  return util::utf8_prefix(title, k_title_scan);
}

std::string
SessionFacts::title() const
{
  return util::utf8_prefix(full_title(), k_title_bytes);
}

} // namespace ccsync::sync
