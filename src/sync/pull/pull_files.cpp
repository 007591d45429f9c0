// Pull's file work: locating a session here, writing transcripts, sidecars and forks.
#include "sync/pull/pull_files.hpp"

#include "lock/lock_record.hpp"
#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"
#include "platform/fs.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/state.hpp"
#include "sync/sharing/secrets_policy.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/transcript_compare.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

// The session's last activity in seconds since the epoch ("2026-11-24T10:00:00.000Z": the
// milliseconds are dropped), or nothing when meta does not say.
std::optional<std::int64_t>
last_activity(const SessionMeta& meta)
{
  return util::parse_utc(meta.last_activity.substr(0, 19) + "Z");
}

} // namespace

bool
too_old(const SessionMeta& meta, int days)
{
  const auto seconds = last_activity(meta);
  return seconds && *seconds < util::now_epoch() - std::int64_t{days} * 86400;
}

// Where the session goes on this machine, or why it cannot (unmapped placeholder names).
std::optional<Target>
locate(const SessionMeta& meta, const SyncSetup& setup, std::string& missing_names)
{
  std::set<std::string> missing;
  const auto cwd = setup.placeholders->local_path(meta.project, missing);
  if (!cwd) {
    for (const auto& name : missing) {
      missing_names += (missing_names.empty() ? "{{" : ", {{") + name + "}}";
    }
    return std::nullopt;
  }
  // Claude encodes the realpath of its cwd; the configured spelling may be a symlink.
  const std::string real_cwd = paths::real_path(*cwd).value_or(*cwd);
  const fs::path project = setup.claude_dir / "projects" / paths::encode_project_dir(real_cwd);
  return Target{meta,
                *cwd,
                project,
                project / (meta.session_id + ".jsonl"),
                project / meta.session_id,
                setup.claude_dir / "tasks" / meta.session_id};
}

// The end of the last complete line of the `size` bytes of `file`.
std::uint64_t
complete_lines_end(const fs::path& file, std::uint64_t size)
{
  std::uint64_t end = size;
  while (end > 0) {
    const std::uint64_t from = end - std::min<std::uint64_t>(end, std::uint64_t{64} * 1024);
    const std::string piece = platform::read_range(file, from, end - from);
    const auto newline = piece.rfind('\n');
    if (newline != std::string::npos) {
      return from + newline + 1;
    }
    end = from;
  }
  return 0;
}

namespace {

// Where each of `meta`'s chunks ends in the local file being written (Boundary::local_end), as
// the lines go past: unknown for a chunk that ends inside a line or before `from`.
class BoundaryTracker {
public:
  BoundaryTracker(const SessionMeta& meta, std::uint64_t from)
      : m_meta(meta)
      , m_from(from)
  {
    m_boundaries.reserve(meta.chunks.size());
  }

  // After the lines up to repository byte `consumed` are written, the local file is `written` long.
  void
  advance(std::uint64_t consumed, std::uint64_t written)
  {
    while (m_boundaries.size() < m_meta.chunks.size()) {
      const Chunk& chunk = m_meta.chunks[m_boundaries.size()];
      if (m_end + chunk.bytes > consumed) {
        return;
      }
      m_end += chunk.bytes;
      const bool usable = m_end == consumed && m_end >= m_from;
      m_boundaries.push_back({chunk.hash, usable ? std::optional(written) : std::nullopt});
    }
  }

  std::vector<Boundary>
  take()
  {
    return std::move(m_boundaries);
  }

private:
  const SessionMeta& m_meta;
  std::uint64_t m_from;
  std::uint64_t m_end = 0;
  std::vector<Boundary> m_boundaries;
};

} // namespace

// The repository's lines from byte `from` on, expanded, after the first `keep` bytes of the local
// file (appended in place) or alone (see TranscriptWrite).
WrittenTranscript
write_transcript(const Snapshot& snapshot, const Target& target, const SyncSetup& setup,
                 const TranscriptWrite& how)
{
  platform::ensure_dir(target.project, 0700);
  platform::AtomicFile out(target.transcript, 0600,
                           how.keep > 0 ? platform::Landing::append : platform::Landing::replace);
  out.expect(how.seen);
  ChunkSource source(snapshot, target.meta);
  LineReader lines(source);
  BoundaryTracker boundaries(target.meta, how.from);
  std::string expanded;
  std::set<std::string> unused;
  std::uint64_t written = how.keep;
  while (const auto line = lines.next()) {
    if (lines.consumed() > how.from) {
      expanded.clear();
      setup.placeholders->expand(*line, expanded, unused);
      out.write(expanded);
      written += expanded.size();
    }
    boundaries.advance(lines.consumed(), written);
  }
  // A session older than Claude's cleanup period, restored on request, keeps the time of
  // writing as its mtime: with its last activity as mtime, Claude would delete it again at its
  // next start (claude-code.md §1.4).
  if (const auto seconds = last_activity(target.meta); seconds && !how.keep_fresh) {
    out.set_mtime(*seconds);
  }
  out.commit();
  return {boundaries.take(), written};
}

void
write_sidecars(const Snapshot& snapshot, const Target& target,
               const paths::Placeholders& placeholders)
{
  for (const auto& file : target.meta.files) {
    const auto text = snapshot.read(sidecar_path(target.meta.session_id, file));
    if (!text || text->size() > k_max_file_bytes) {
      continue;
    }
    // A kind stored byte for byte comes back as it is (session_family.hpp).
    const std::string expanded =
      is_verbatim(target.meta, file) ? *text : placeholders.expand(*text);
    const fs::path path = session_file_path(target.sidecar_dir, target.tasks_dir, file);
    const platform::FileState seen = platform::file_state(path);
    if (seen.exists && !seen.regular()) {
      continue; // not ours to replace
    }
    // The transcript's rule, file by file: write what is missing, extend in place what is a
    // strict prefix of the repository's copy (a subagent may hold it open); a local file that is
    // longer or different keeps its bytes (push sends it).
    const auto local = seen.exists ? platform::read_file(path) : std::nullopt;
    if (!local) {
      platform::write_file_atomic(path, expanded, 0600, seen);
    } else if (local->size() < expanded.size() && expanded.starts_with(*local)) {
      platform::AtomicFile out(path, 0600, platform::Landing::append);
      out.expect(seen);
      out.write(std::string_view(expanded).substr(local->size()));
      out.commit();
    }
  }
}

namespace {

// A fork starts with copies of the session's files (sidecars, tasks, files beside the
// transcript), as they are here: new files.
void
copy_session_files(const Target& target, const fs::path& sidecar_dir, const fs::path& tasks_dir)
{
  auto beside = beside_files(target.project);
  for (const auto& name :
       session_files(target.sidecar_dir, target.tasks_dir, beside[target.meta.session_id])) {
    const fs::path from = session_file_path(target.sidecar_dir, target.tasks_dir, name);
    const platform::FileState state = platform::file_state(from);
    if (!state.regular()) {
      continue;
    }
    platform::AtomicFile out(session_file_path(sidecar_dir, tasks_dir, name), 0600);
    out.expect(platform::FileState{}); // none yet
    out.copy_from(from, state.size);
    out.commit();
  }
}

} // namespace

// The fork this machine's push already made of these local lines, if the repository has it and
// the local copy still continues it (so pull does not fork the same lines a second time).
namespace {

// True when the fork `fork` already here holds the first `local_size` bytes of the local
// transcript, line for line (its own session id on them), and maybe more.
bool
fork_holds_local_lines(const Target& target, const std::string& fork, const SyncSetup& setup,
                       std::uint64_t local_size)
{
  const auto fork_file = target.project / (fork + ".jsonl");
  std::error_code error;
  const auto fork_size = fs::file_size(fork_file, error);
  if (error) {
    return false;
  }
  LineMatcher matcher(*setup.placeholders);
  matcher.rewrite_session_id(target.meta.session_id, fork);
  FileSource local_source(target.transcript, 0, local_size);
  LineReader local(local_source);
  FileSource fork_source(fork_file, 0, fork_size);
  LineReader here(fork_source);
  const Relation relation = compare_transcripts(local, here, matcher).relation;
  return relation == Relation::equal || relation == Relation::remote_ahead;
}

} // namespace

std::optional<KnownFork>
known_fork(const Snapshot& snapshot, const Target& target, const SyncSetup& setup,
           std::uint64_t local_size)
{
  const std::string& origin = target.meta.session_id;
  const nlohmann::json forks = read_object_file(setup.ccsync_home / "forks.json");
  for (const auto& [fork, from] : forks.items()) {
    if (from != origin || !lock::is_valid_session_id(fork)) {
      continue;
    }
    std::error_code unknown; // a fork whose file cannot be told is taken for absent
    if (fs::exists(target.project / (fork + ".jsonl"), unknown)) {
      if (fork_holds_local_lines(target, fork, setup, local_size)) {
        return KnownFork{fork, true};
      }
      continue;
    }
    const auto text = snapshot.read(meta_path(fork));
    const auto meta = text ? parse_meta(*text) : std::nullopt;
    if (!meta || meta->session_id != fork) {
      continue;
    }
    secrets::Redaction redaction = redaction_for(setup, target.cwd);
    LineMatcher matcher(*setup.placeholders, &redaction);
    matcher.rewrite_session_id(origin, fork);
    FileSource local_source(target.transcript, 0, local_size);
    LineReader local(local_source);
    ChunkSource remote_source(snapshot, *meta);
    LineReader remote(remote_source);
    const Relation relation = compare_transcripts(local, remote, matcher).relation;
    if (relation == Relation::equal || relation == Relation::local_ahead) {
      return KnownFork{fork, false};
    }
  }
  return std::nullopt;
}

// Saves the local transcript as session `fork` (session id rewritten on its lines).
void
write_fork(const Target& target, const std::string& fork, std::uint64_t local_size)
{
  copy_session_files(target, target.project / fork, target.tasks_dir.parent_path() / fork);
  platform::AtomicFile out(target.project / (fork + ".jsonl"), 0600);
  out.expect(platform::FileState{}); // none yet
  FileSource source(target.transcript, 0, local_size);
  LineReader lines(source);
  while (const auto line = lines.next()) {
    out.write(rewrite_session_id(*line, target.meta.session_id, fork));
  }
  out.commit();
}

} // namespace ccsync::sync
