// The local sync index (<ccsync home>/sync-index): what this machine knows to be in sync with the
// repository, so that push and pull read only what changed.
//   - per session: the size and mtime of its transcript and other files as push or pull left
//     them, its working directory and project folder, the repository's meta.json (blob id) they
//     matched, the local bytes the repository holds (and a hash of the 64 KiB before them), and
//     where the repository's chunks end in the local file (so pull compares from the last chunk
//     both still share); or, for a session push does not share, why, with its cwd;
//   - the configuration it was made under, and the stamps of memory files and CLAUDE.md.
// A session whose files still have their stamps and whose meta is still that blob is not read
// by push or pull; a push whose every file, the configuration and the outbox are unchanged
// does not even open the repository (push_is_noop).
// The file is text, a record per line, written atomically; a damaged one is an empty index (push
// and pull then read everything once and rebuild it).
#pragma once

#include "sync/local/local_sessions.hpp"
#include "sync/store/session_store.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

// The stamp of `file`, or nothing when it cannot be stat()ed.
std::optional<FileStamp> stamp_of(const std::filesystem::path& file);

// Whether push shares a session, as the index remembers it.
enum class IndexState {
  synced,    // the repository holds it as `meta_id` says
  outside,   // its cwd is under no sync directory
  local,     // marked local here
  ignored,   // a .ccsync-ignore covers its cwd
  excluded,  // an exclude pattern covers its cwd
  forgotten, // forgotten in the repository
};

// Where one repository chunk ends in the local transcript; `local_end` is nothing when the chunk
// ends inside a line (a piece of a very long line): comparisons cannot start there.
struct Boundary {
  std::string hash; // the chunk's blob id
  std::optional<std::uint64_t> local_end;
  bool operator==(const Boundary&) const = default;
};

struct IndexEntry {
  FileStamp transcript;
  std::map<std::string, FileStamp> sidecars; // relative path -> stamp
  std::string cwd;
  std::string project_dir; // the folder it was in (a /cd moves it)
  IndexState state = IndexState::synced;
  std::string meta_id;            // the repository's meta.json blob it matched ("": none)
  std::uint64_t pushed_bytes = 0; // local transcript bytes the repository holds (0: unknown)
  std::uint64_t tail_hash = 0;    // of the k_tail_check bytes before pushed_bytes
  std::vector<Boundary> boundaries;
  std::uint64_t placeholders = 0; // SyncSetup::placeholders_hash it was made under (0: unknown)
  bool operator==(const IndexEntry&) const = default;
};

// How much of the already pushed transcript is re-read to check it is unchanged before only the
// new tail is read: Claude rewrites a transcript only within its last 64 KiB (claude-code.md §3.6).
inline constexpr std::size_t k_tail_check = std::size_t{64} * 1024;

class SyncIndex {
public:
  static SyncIndex load(const std::filesystem::path& ccsync_home);
  void save() const;

  const IndexEntry* find(const std::string& session_id) const;
  void set(const std::string& session_id, IndexEntry entry);
  void erase(const std::string& session_id);

  // The configuration fingerprint (sync_fingerprint) the entries were made under (0: unknown).
  std::uint64_t
  fingerprint() const
  {
    return m_fingerprint;
  }
  void
  set_fingerprint(std::uint64_t fingerprint)
  {
    m_fingerprint = fingerprint;
  }

  // Memory files and CLAUDE.md as the last push saw them, by path relative to Claude's directory.
  const std::map<std::string, FileStamp>&
  memory_files() const
  {
    return m_memory_files;
  }
  void
  set_memory_files(std::map<std::string, FileStamp> stamps)
  {
    m_memory_files = std::move(stamps);
  }

private:
  std::filesystem::path m_file;
  std::uint64_t m_fingerprint = 0;
  std::map<std::string, IndexEntry> m_entries;
  std::map<std::string, FileStamp> m_memory_files;
};

// Where a comparison of a local transcript with the repository's `meta` may start instead of at
// the first byte: after the last of the chunks the index knew (`known`, their order kept) that
// `meta` still has, and whose local end is known. The local file must be unchanged since.
struct ResumePoint {
  std::size_t chunk = 0;    // the first chunk still to compare
  std::uint64_t remote = 0; // repository bytes before it
  std::uint64_t local = 0;  // local bytes before it
};
ResumePoint resume_point(const std::vector<Boundary>& known, const SessionMeta& meta);

// `fresh` with the chunk ends it does not know taken from `known` (where the chunks agree).
std::vector<Boundary> merge_boundaries(std::vector<Boundary> fresh,
                                       const std::vector<Boundary>& known);

// True when `entry` was made under other placeholders than `now` (0, unknown, counts as the same):
// the repository may hold the session in an older translation, which push re-translates once.
bool made_under_other_placeholders(const IndexEntry& entry, std::uint64_t now);

// Makes the next push read every session once (after sharing decisions the index cannot see
// change: a session shared again after a forget, say).
void invalidate_sync_index(const std::filesystem::path& ccsync_home);

// The stamps of a session's transcript and sidecars as they are now.
IndexEntry current_stamps(const LocalSession& session);

// The stamps of every memory file (projects/*/memory/*) and of CLAUDE.md in `claude_dir`.
std::map<std::string, FileStamp> memory_file_stamps(const std::filesystem::path& claude_dir);

} // namespace ccsync::sync
