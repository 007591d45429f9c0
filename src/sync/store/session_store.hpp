// How a session is laid out in the sync repository (format 2), and the pure rules that shape it:
//   sessions/<shard>/<id>/meta.json               what the session is (see SessionMeta)
//   sessions/<shard>/<id>/transcript/000001.jsonl the translated transcript in immutable,
//   sessions/<shard>/<id>/transcript/000002.jsonl line-aligned chunks of at most k_chunk_bytes
//   sessions/<shard>/<id>/files/<relative path>   the session's other files (session_family.hpp):
//                                                 <path> in its folder, @beside/<suffix> beside
//                                                 its transcript, @tasks/<name> its task list
// where <shard> is the id's first two characters: a push rewrites the trees on the path to what
// it changes, and a tree of a few sessions costs far less than one listing thousands.
// A transcript is a run of sealed chunks (cut greedily, never rewritten unless the session's tail
// is replaced) followed by tail pieces: every append stores just its new lines as a piece of
// level 0, and k_tail_fanout pieces of one level are merged into one of the next level
// (tail_plan.hpp), so an append stores about what it appended and a session keeps few chunks.
#pragma once

#include "sync/store/snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

inline constexpr std::size_t k_chunk_bytes = std::size_t{4} << 20;
inline constexpr std::size_t k_max_file_bytes = std::size_t{50} << 20; // GitHub refuses more
inline constexpr std::size_t k_max_chunks = 512;                       // 1 to 2 GiB of transcript
inline constexpr int k_sealed = -1;    // the level of a chunk that is never merged again
inline constexpr int k_max_level = 16; // deeper levels than any 2 GiB transcript reaches

struct Chunk {
  std::string name; // "000001.jsonl"
  std::size_t lines = 0;
  std::size_t bytes = 0;
  std::string hash;     // its git blob id: pull checks the chunk it reads against it
  int level = k_sealed; // a tail piece's level (0: one append), or k_sealed
};

struct SessionMeta {
  std::string session_id;
  std::string project;        // portable cwd ("{{HOME}}/src/app")
  std::string title;          // first user prompt, or the last custom-title/ai-title
  std::string created_by;     // machine id
  std::string last_edited_by; // machine id
  std::string last_activity;  // UTC ISO 8601
  std::size_t lines = 0;
  std::size_t bytes = 0;
  std::vector<Chunk> chunks;
  std::vector<std::string> files; // sidecar paths relative to the session folder
  // Those of `files` stored byte for byte (kinds ccsync does not translate); the others hold
  // placeholders. Absent in metas of earlier versions, which translated every file.
  std::vector<std::string> verbatim;
  // Sessions this one continues by pointer (a /fork's `parentSessionId`, claude-code.md §9.2):
  // it resumes only where they are, so push and pull take them along. At most k_max_parents.
  std::vector<std::string> parents;
  std::string forked_from; // session id, when this session is a fork
};

// True when `meta` stores its file `name` byte for byte.
bool is_verbatim(const SessionMeta& meta, const std::string& name);

// "000001.jsonl" for `number` 1.
std::string chunk_name(std::size_t number);

// The shard folder of a session: its id's first two characters ("ab" for "ab12..."; an id of one
// character gets a '_' added).
std::string shard_of(const std::string& session_id);

std::string session_dir(const std::string& session_id);
std::string meta_path(const std::string& session_id);
std::string chunk_path(const std::string& session_id, const std::string& chunk_name);
std::string sidecar_path(const std::string& session_id, const std::string& relative);

// The ids of every session in `snapshot` (a folder whose name is not a session id, or that sits
// in another session's shard, is not a session).
std::vector<std::string> list_session_ids(const Snapshot& snapshot);

std::string to_json(const SessionMeta& meta);
// The meta in `text`, or nothing when it is not valid (hostile or damaged content included:
// bad ids, chunk names, sidecar paths and sizes are refused).
std::optional<SessionMeta> parse_meta(const std::string& text);

// `content` cut into chunks of at most k_chunk_bytes, greedily from the start, ending after a
// line (a line longer than k_chunk_bytes is cut into pieces of k_chunk_bytes); returns the
// chunks' metadata and fills `pieces` with their bytes. ChunkWriter streams the same cuts.
// Chunk names are numbered from `first` (to continue a transcript after its unchanged chunks).
std::vector<Chunk> cut_chunks(std::string_view content, std::vector<std::string_view>& pieces,
                              std::size_t first = 1);

// True for a sidecar path we accept: relative, '/'-separated, no "..", no empty or hidden parts.
bool is_safe_relative_path(std::string_view path);

// The title of a transcript: the last custom-title or ai-title, else the first user prompt.
std::string transcript_title(std::string_view transcript);

// The last line's `"timestamp":"..."` value ("" when no line has one).
std::string last_timestamp(std::string_view transcript);

// `transcript` with every `"sessionId":"<from>"` made `"sessionId":"<to>"`.
std::string rewrite_session_id(std::string_view transcript, const std::string& from,
                               const std::string& to);

// Calls `visit(line)` for every line of `text` ('\n' included; the last may lack it).
template <class F> void
for_each_line(std::string_view text, F&& visit)
{
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size() - 1) + 1;
    visit(text.substr(0, end));
    text.remove_prefix(end);
  }
}

} // namespace ccsync::sync
