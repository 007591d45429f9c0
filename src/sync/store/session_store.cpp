// Repository layout of sessions, meta.json and chunking.
#include "sync/store/session_store.hpp"

#include "git/repository.hpp"
#include "lock/lock_record.hpp"
#include "sync/store/session_facts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

namespace ccsync::sync {
using nlohmann::json;

std::string
chunk_name(std::size_t number)
{
  char name[32];
  static_cast<void>(std::snprintf(name, sizeof name, "%06zu.jsonl", number)); // 26 chars at most
  return name;
}

namespace {

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

// `verbatim` (a subset of `files`) and `parents` (session ids, at most k_max_parents): absent
// keys are empty lists.
bool
parse_extras(const json& j, SessionMeta& m)
{
  const auto strings = [&](const char* key, std::size_t limit, std::vector<std::string>& out) {
    const auto it = j.find(key);
    if (it == j.end()) {
      return true;
    }
    if (!it->is_array() || it->size() > limit) {
      return false;
    }
    for (const auto& s : *it) {
      if (!s.is_string()) {
        return false;
      }
      out.push_back(s.get<std::string>());
    }
    return true;
  };
  if (!strings("verbatim", m.files.size(), m.verbatim) ||
      !strings("parents", k_max_parents, m.parents)) {
    return false;
  }
  const std::set<std::string> files(m.files.begin(), m.files.end());
  return std::all_of(m.verbatim.begin(), m.verbatim.end(),
                     [&](const std::string& f) { return files.contains(f); }) &&
         std::all_of(m.parents.begin(), m.parents.end(), [&](const std::string& id) {
           return lock::is_valid_session_id(id) && id != m.session_id;
         });
}

// A chunk's "level": absent for a sealed chunk (format 1 knew no others), else 0..k_max_level.
bool
parse_level(const json& chunk, int& level)
{
  const auto it = chunk.find("level");
  if (it == chunk.end()) {
    level = k_sealed;
    return true;
  }
  if (!it->is_number_unsigned() || it->get<std::uint64_t>() > k_max_level) {
    return false;
  }
  level = it->get<int>();
  return true;
}

std::string
string_of(const json& j, const char* key)
{
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

} // namespace

std::string
shard_of(const std::string& session_id)
{
  return session_id.size() >= 2 ? session_id.substr(0, 2) : session_id + "_";
}

std::string
session_dir(const std::string& session_id)
{
  return "sessions/" + shard_of(session_id) + "/" + session_id;
}

std::vector<std::string>
list_session_ids(const Snapshot& snapshot)
{
  std::vector<std::string> ids;
  for (const auto& shard : snapshot.list("sessions")) {
    for (auto& id : snapshot.list("sessions/" + shard)) {
      if (lock::is_valid_session_id(id) && shard_of(id) == shard) {
        ids.push_back(std::move(id));
      }
    }
  }
  return ids;
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
    json chunk = {{"name", c.name}, {"lines", c.lines}, {"bytes", c.bytes}, {"hash", c.hash}};
    if (c.level != k_sealed) {
      chunk["level"] = c.level;
    }
    chunks.push_back(std::move(chunk));
  }
  json j = {{"format_version", 2},
            {"session_id", m.session_id},
            {"project", m.project},
            {"title", m.title},
            {"created_by", m.created_by},
            {"last_edited_by", m.last_edited_by},
            {"last_activity", m.last_activity},
            {"lines", m.lines},
            {"bytes", m.bytes},
            {"chunks", chunks},
            {"files", m.files}};
  if (!m.verbatim.empty()) { // absent otherwise: metas stay as earlier versions wrote them
    j["verbatim"] = m.verbatim;
  }
  if (!m.parents.empty()) {
    j["parents"] = m.parents;
  }
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
    m.chunks.push_back(
      {string_of(c, "name"), count_of(c, "lines"), count_of(c, "bytes"), string_of(c, "hash")});
    if (m.chunks.back().bytes > k_max_file_bytes || !parse_level(c, m.chunks.back().level)) {
      return std::nullopt;
    }
  }
  if ((j.contains("files") && !parse_files(j["files"], m.files)) || !parse_extras(j, m)) {
    return std::nullopt;
  }
  m.lines = count_of(j, "lines");
  m.bytes = count_of(j, "bytes");
  return m;
}

bool
is_verbatim(const SessionMeta& meta, const std::string& name)
{
  return std::find(meta.verbatim.begin(), meta.verbatim.end(), name) != meta.verbatim.end();
}

std::vector<Chunk>
cut_chunks(std::string_view content, std::vector<std::string_view>& pieces, std::size_t first)
{
  std::vector<Chunk> chunks;
  pieces.clear();
  const auto cut = [&](std::size_t start, std::size_t end) {
    const std::string_view piece = content.substr(start, end - start);
    const auto lines = static_cast<std::size_t>(std::count(piece.begin(), piece.end(), '\n'));
    const bool unfinished = end == content.size() && piece.back() != '\n';
    pieces.push_back(piece);
    chunks.push_back({chunk_name(chunks.size() + first), lines + (unfinished ? 1 : 0), piece.size(),
                      git::blob_id(piece)});
  };
  std::size_t start = 0; // of the open chunk
  std::size_t end = 0;   // of its last whole line
  while (end < content.size()) {
    const std::size_t line_end = std::min(content.find('\n', end), content.size() - 1) + 1;
    if (line_end - start > k_chunk_bytes && end > start) {
      cut(start, end);
      start = end;
      continue;
    }
    while (line_end - start > k_chunk_bytes) { // one line longer than a chunk: cut in pieces
      cut(start, start + k_chunk_bytes);
      start += k_chunk_bytes;
    }
    end = line_end;
  }
  if (end > start) {
    cut(start, end);
  }
  return chunks;
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
    if (part.empty() || part.front() == '.' || !std::all_of(part.begin(), part.end(), [](char c) {
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
  SessionFacts facts("");
  for_each_line(transcript, [&](std::string_view line) { facts.add(line); });
  return facts.title();
}

std::string
last_timestamp(std::string_view transcript)
{
  SessionFacts facts("");
  for_each_line(transcript, [&](std::string_view line) { facts.add(line); });
  return facts.last_timestamp();
}

std::string
rewrite_session_id(std::string_view transcript, const std::string& from, const std::string& to)
{
  const std::string needle = R"("sessionId":")" + from + "\"";
  const std::string replacement = R"("sessionId":")" + to + "\"";
  std::string out;
  out.reserve(transcript.size());
  std::size_t start = 0;
  for (std::size_t hit = transcript.find(needle); hit != std::string_view::npos;
       hit = transcript.find(needle, start)) {
    out.append(transcript.substr(start, hit - start));
    out += replacement;
    start = hit + needle.size();
  }
  out.append(transcript.substr(start));
  return out;
}

} // namespace ccsync::sync
