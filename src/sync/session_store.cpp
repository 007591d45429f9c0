// Repository layout of sessions, meta.json and chunking.
#include "sync/session_store.hpp"

#include "git/repository.hpp"
#include "lock/lock_record.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace ccsync::sync {
using nlohmann::json;

namespace {

std::string
chunk_name(std::size_t index)
{
  char name[32];
  std::snprintf(name, sizeof name, "%06zu.jsonl", index);
  return name;
}

std::size_t
count_of(const json& j, const char* key)
{
  return j.contains(key) && j.at(key).is_number_unsigned() ? j.at(key).get<std::size_t>() : 0;
}

// The sidecar list: safe relative paths, none twice, none inside another (a file "a" and a file
// "a/b" cannot both exist).
bool
parse_files(const json& list, std::vector<std::string>& files)
{
  if (!list.is_array()) {
    return false;
  }
  for (const auto& f : list) {
    if (!f.is_string() || !is_safe_relative_path(f.get<std::string>())) {
      return false;
    }
    files.push_back(f.get<std::string>());
  }
  std::vector<std::string> sorted = files;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] == sorted[i - 1] || sorted[i].starts_with(sorted[i - 1] + "/")) {
      return false;
    }
  }
  return true;
}

std::string
string_of(const json& j, const char* key)
{
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

// Calls `visit(record)` for every line of `text` that contains `needle` and parses as a JSON
// object. The substring test keeps big transcripts cheap: most lines are never parsed.
template <class F> void
for_each_record(std::string_view text, std::string_view needle, F&& visit)
{
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.find(needle) == std::string_view::npos) {
      continue;
    }
    const json record = json::parse(line, nullptr, false);
    if (record.is_object() && visit(record)) {
      return;
    }
  }
}

std::string
prompt_text(const json& record)
{
  if (!record.contains("message") || !record["message"].is_object()) {
    return "";
  }
  const json& content = record["message"].value("content", json());
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

std::string
session_dir(const std::string& session_id)
{
  return "sessions/" + session_id;
}

std::string
meta_path(const std::string& session_id)
{
  return session_dir(session_id) + "/meta.json";
}

std::string
chunk_path(const std::string& session_id, const std::string& chunk)
{
  return session_dir(session_id) + "/transcript/" + chunk;
}

std::string
sidecar_path(const std::string& session_id, const std::string& relative)
{
  return session_dir(session_id) + "/files/" + relative;
}

std::string
to_json(const SessionMeta& m)
{
  json chunks = json::array();
  for (const auto& c : m.chunks) {
    chunks.push_back({{"name", c.name}, {"lines", c.lines}, {"bytes", c.bytes}, {"hash", c.hash}});
  }
  json j = {{"format_version", 1},         {"session_id", m.session_id},
            {"project", m.project},        {"title", m.title},
            {"created_by", m.created_by},  {"last_edited_by", m.last_edited_by},
            {"last_activity", m.last_activity}, {"lines", m.lines},
            {"bytes", m.bytes},            {"chunks", chunks},
            {"files", m.files}};
  if (!m.forked_from.empty()) {
    j["forked_from"] = m.forked_from;
  }
  return j.dump(2) + "\n";
}

std::optional<SessionMeta>
parse_meta(const std::string& text)
{
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("chunks") || !j["chunks"].is_array() ||
      j["chunks"].size() > k_max_chunks) {
    return std::nullopt;
  }
  SessionMeta m;
  m.session_id = string_of(j, "session_id");
  m.project = string_of(j, "project");
  m.title = string_of(j, "title");
  m.created_by = string_of(j, "created_by");
  m.last_edited_by = string_of(j, "last_edited_by");
  m.last_activity = string_of(j, "last_activity");
  m.forked_from = string_of(j, "forked_from");
  if (!lock::is_valid_session_id(m.session_id) || m.project.empty() ||
      (!m.forked_from.empty() && !lock::is_valid_session_id(m.forked_from))) {
    return std::nullopt;
  }
  for (const auto& c : j["chunks"]) {
    // Chunks are 000001.jsonl, 000002.jsonl, ... in order: anything else is not ours.
    if (!c.is_object() || string_of(c, "name") != chunk_name(m.chunks.size() + 1)) {
      return std::nullopt;
    }
    m.chunks.push_back({string_of(c, "name"), count_of(c, "lines"), count_of(c, "bytes"),
                        string_of(c, "hash")});
    if (m.chunks.back().bytes > k_max_file_bytes) {
      return std::nullopt;
    }
  }
  if (j.contains("files") && !parse_files(j["files"], m.files)) {
    return std::nullopt;
  }
  m.lines = count_of(j, "lines");
  m.bytes = count_of(j, "bytes");
  return m;
}

std::vector<Chunk>
cut_chunks(std::string_view content, std::vector<std::string_view>& pieces, std::size_t first)
{
  std::vector<Chunk> chunks;
  pieces.clear();
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t end = start;
    std::size_t lines = 0;
    while (end < content.size()) {
      const std::size_t line_end = std::min(content.find('\n', end), content.size() - 1) + 1;
      if (line_end - start > k_chunk_bytes && lines > 0) {
        break;
      }
      end = line_end;
      ++lines;
    }
    pieces.push_back(content.substr(start, end - start));
    chunks.push_back({chunk_name(chunks.size() + first), lines, end - start,
                      git::blob_id(content.substr(start, end - start))});
    start = end;
  }
  return chunks;
}

std::optional<std::string>
read_transcript(const Snapshot& snapshot, const SessionMeta& meta)
{
  std::string content;
  for (const auto& chunk : meta.chunks) { // at most k_max_chunks (parse_meta)
    const auto piece = snapshot.read(chunk_path(meta.session_id, chunk.name));
    if (!piece || piece->size() > k_max_file_bytes ||
        (!chunk.hash.empty() && git::blob_id(*piece) != chunk.hash)) {
      return std::nullopt;
    }
    content += *piece;
  }
  return content;
}

bool
is_safe_relative_path(std::string_view path)
{
  if (path.empty() || path.size() > 512 || path.front() == '/') {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part.front() == '.' ||
        !std::all_of(part.begin(), part.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == '@';
        })) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

std::string
transcript_title(std::string_view transcript)
{
  std::string title;
  for_each_record(transcript, "\"user\"", [&](const json& r) {
    const bool is_meta = r.contains("isMeta") && r["isMeta"].is_boolean() && r["isMeta"].get<bool>();
    if (string_of(r, "type") == "user" && !is_meta) {
      title = prompt_text(r);
    }
    return !title.empty(); // the first user prompt
  });
  for_each_record(transcript, "-title\"", [&](const json& r) {
    const std::string type = string_of(r, "type");
    if (type == "custom-title" || type == "ai-title") {
      const std::string named = string_of(r, type == "custom-title" ? "customTitle" : "aiTitle");
      title = named.empty() ? string_of(r, "title") : named;
    }
    return false; // the last one wins
  });
  return title.substr(0, 200);
}

std::string
last_timestamp(std::string_view transcript)
{
  // Lines are appended in time order: the last line with a timestamp is the latest activity.
  std::size_t end = transcript.size();
  while (end > 0) {
    const std::size_t start = transcript.rfind('\n', end - 1);
    const std::size_t from = start == std::string_view::npos ? 0 : start + 1;
    const std::string_view line = transcript.substr(from, end - from);
    if (line.find("\"timestamp\"") != std::string_view::npos) {
      const json record = json::parse(line, nullptr, false);
      if (record.is_object() && !string_of(record, "timestamp").empty()) {
        return string_of(record, "timestamp");
      }
    }
    end = from == 0 ? 0 : from - 1;
  }
  return "";
}

} // namespace ccsync::sync
