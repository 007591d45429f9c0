// Pull's file work, internal to the sync engine: where a session goes on this machine, and
// writing its transcript, sidecars and forks there (atomically, with Claude's modes). Every write
// lands only while its target still is what pull saw when it decided (platform::FileState): a
// file Claude Code changed meanwhile is left alone, and the write batch says so.
#pragma once

#include "platform/fs.hpp"
#include "sync/engine.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/store/session_store.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

// True when the session's last activity lies more than `days` days back.
bool too_old(const SessionMeta& meta, int days);

struct Target {
  SessionMeta meta;
  std::string cwd; // the session's working directory here
  std::filesystem::path project;
  std::filesystem::path transcript;
  std::filesystem::path sidecar_dir;
  std::filesystem::path tasks_dir;
};

// Where the session goes on this machine, or why it cannot (unmapped placeholder names).
std::optional<Target> locate(const SessionMeta& meta, const SyncSetup& setup,
                             std::string& missing_names);

// The end of the last complete line of the first `size` bytes of `file`.
std::uint64_t complete_lines_end(const std::filesystem::path& file, std::uint64_t size);

// How pull writes a local transcript: the repository's lines from byte `from` on, expanded, after
// the first `keep` bytes of the local file (appended to it in place: Claude Code may hold it open)
// or alone (a whole file, renamed into place), while the local transcript still is `seen`. Its
// mtime is the session's last activity unless `keep_fresh`.
struct TranscriptWrite {
  std::uint64_t from = 0;
  std::uint64_t keep = 0;
  bool keep_fresh = false;
  platform::FileState seen;
};

struct WrittenTranscript {
  std::vector<Boundary> boundaries; // where the chunks end in the local file (unknown for a chunk
                                    // that ends inside a line or before `from`)
  std::uint64_t size = 0;           // the local file's size once written
};

WrittenTranscript write_transcript(const Snapshot& snapshot, const Target& target,
                                   const SyncSetup& setup, const TranscriptWrite& how);

// The session's sidecars and tasks: written where missing, extended in place where a strict
// prefix of the repository's; a local file that is longer or different keeps its bytes (push
// sends it).
void write_sidecars(const Snapshot& snapshot, const Target& target,
                    const paths::Placeholders& placeholders);

// The fork this machine's push already made of these local lines, if the repository has it and
// the local copy still continues it (so pull does not fork the same lines a second time);
// `here` when an earlier pull already wrote that fork here with every one of these lines (a
// split that waited while the session was live): then nothing is to be written.
struct KnownFork {
  std::string id;
  bool here = false;
};
std::optional<KnownFork> known_fork(const Snapshot& snapshot, const Target& target,
                                    const SyncSetup& setup, std::uint64_t local_size);

// Saves the first `local_size` bytes of the local transcript as session `fork` (session id
// rewritten on its lines), with copies of its sidecars and tasks: new files, never written over
// one that appeared meanwhile.
void write_fork(const Target& target, const std::string& fork, std::uint64_t local_size);

} // namespace ccsync::sync
