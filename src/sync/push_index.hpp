// The local push index (<ccsync home>/push-index.json): for every session this machine pushed or
// found unchanged, the size and mtime of its transcript and sidecars, its working directory, and
// a hash of the repository's meta.json it then matched. A push whose index entry still matches
// the files' stat() and the repository's meta skips the session without reading it, so a push
// with nothing changed costs a stat per file, whatever the number of sessions.
#pragma once

#include "sync/local_sessions.hpp"

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

struct IndexEntry {
  FileStamp transcript;
  std::map<std::string, FileStamp> sidecars; // relative path -> stamp
  std::string cwd;
  std::string project_dir;        // the folder it was in (a /cd moves it)
  std::uint64_t meta_hash = 0;    // of the repository's meta.json text
  std::uint64_t pushed_bytes = 0; // local transcript bytes the repository holds (0: unknown)
  std::uint64_t tail_hash = 0;    // of the k_tail_check bytes before pushed_bytes
  bool operator==(const IndexEntry&) const = default;
};

// How much of the already pushed transcript is re-read to check it is unchanged before only the
// new tail is read: Claude rewrites a transcript only within its last 64 KiB (claude-code.md §3.6).
inline constexpr std::size_t k_tail_check = 64 * 1024;

class PushIndex {
public:
  static PushIndex load(const std::filesystem::path& ccsync_home);
  void save() const;

  const IndexEntry* find(const std::string& session_id) const;
  void set(const std::string& session_id, IndexEntry entry);

private:
  std::filesystem::path m_file;
  std::map<std::string, IndexEntry> m_entries;
};

// FNV-1a 64 of `text`: stable across runs and builds (std::hash is not).
std::uint64_t stable_hash(std::string_view text);

// The stamps of a session's transcript and sidecars as they are now.
IndexEntry current_stamps(const LocalSession& session);

} // namespace ccsync::sync
