// Per-session push planning: the verdict table of README "How sessions sync", chunk diffs, and
// fencing (a machine that lost its lock keeps its lines as a fork).
#include "sync/push_plan.hpp"

#include "platform/fs.hpp"
#include "util/text.hpp"

#include <sys/stat.h>

namespace ccsync::sync {
namespace {

// `text` up to and including its last '\n': a last line Claude is still writing is pushed next time.
std::string_view
whole_lines(std::string_view text)
{
  const std::size_t end = text.rfind('\n');
  return end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
}

std::string
mtime_of(const std::filesystem::path& file)
{
  struct stat info {};
  return ::stat(file.c_str(), &info) == 0 ? util::format_epoch(info.st_mtime) : "";
}

// What the repository's copy, as this machine would have it (`remote`, expanded, exactly what
// pull compares with), says about pushing `local`: "" = push (`action` says how), else why not.
std::string
verdict(const std::optional<std::string>& remote, const std::optional<SessionMeta>& meta,
        std::string_view local, const std::string& machine_id, std::string& action)
{
  if (!remote) {
    action = "new";
    return "";
  }
  if (*remote == local) {
    action = "unchanged";
    return "";
  }
  if (local.starts_with(*remote)) {
    action = "appended";
    return "";
  }
  if (std::string_view(*remote).starts_with(local)) {
    return "the remote copy is ahead; run 'ccsync pull'";
  }
  if (meta && meta->last_edited_by == machine_id) {
    action = "replaced tail";
    return "";
  }
  return "diverged from " + (meta ? meta->last_edited_by : std::string("another machine")) +
         "'s copy; run 'ccsync pull' to keep both as separate sessions";
}

void
add_if_changed(const Snapshot& snapshot, const std::string& path, std::string content,
               std::vector<git::Change>& changes)
{
  if (snapshot.read(path) != content) {
    changes.push_back({path, std::move(content)});
  }
}

// The session's other files (sidecars, tasks), listed in `meta.files`, added where they changed.
void
write_sidecars(const Snapshot& snapshot, SessionMeta& meta, const Candidate& c,
               const SyncSetup& setup, Plan& plan)
{
  meta.files = session_files(c.session.sidecar_dir, c.session.tasks_dir);
  for (const auto& file : meta.files) {
    const auto text =
      platform::read_file(session_file_path(c.session.sidecar_dir, c.session.tasks_dir, file));
    if (text && text->size() <= k_max_file_bytes) {
      add_if_changed(snapshot, sidecar_path(meta.session_id, file),
                     setup.placeholders->translate(*text), plan.changes);
    }
  }
}

// The files that make `meta.session_id` hold `translated` (chunks, sidecars, meta), given the
// remote's `old_meta`. Fills meta's counts; leaves `plan.changes` empty when nothing changed.
void
write_session(const Snapshot& snapshot, SessionMeta meta, const std::string& translated,
              const std::optional<SessionMeta>& old_meta, const Candidate& c,
              const SyncSetup& setup, Plan& plan)
{
  const std::string& id = meta.session_id;
  std::vector<std::string_view> pieces;
  meta.chunks = cut_chunks(translated, pieces);
  meta.bytes = translated.size();
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    meta.lines += meta.chunks[i].lines;
    add_if_changed(snapshot, chunk_path(id, meta.chunks[i].name), std::string(pieces[i]),
                   plan.changes);
  }
  for (std::size_t i = pieces.size(); old_meta && i < old_meta->chunks.size(); ++i) {
    plan.changes.push_back({chunk_path(id, old_meta->chunks[i].name), std::nullopt});
  }
  write_sidecars(snapshot, meta, c, setup, plan);
  if (plan.changes.empty() && old_meta && old_meta->files == meta.files) {
    plan.skip = true; // nothing new: leave meta (and last_edited_by) as it is
    return;
  }
  plan.changes.push_back({meta_path(id), to_json(meta)});
  plan.report.lines = meta.lines;
  plan.report.bytes = meta.bytes;
}

SessionMeta
base_meta(const std::string& id, const Candidate& c, const SyncSetup& setup,
          const std::optional<SessionMeta>& old_meta)
{
  const paths::Placeholders& placeholders = *setup.placeholders;
  SessionMeta meta;
  meta.session_id = id;
  meta.project = placeholders.portable_path(c.cwd);
  meta.title = placeholders.translate(transcript_title(c.content));
  meta.created_by = old_meta ? old_meta->created_by : setup.machine_id;
  meta.last_edited_by = setup.machine_id;
  meta.last_activity = last_timestamp(c.content);
  if (meta.last_activity.empty()) {
    meta.last_activity = mtime_of(c.session.transcript);
  }
  return meta;
}

// The stale holder's lines, as the new session `fork_id`; the original is reset to `remote`.
void
plan_fork(const Snapshot& snapshot, const Candidate& c, const std::string& remote,
          const SyncSetup& setup, Plan& plan)
{
  const std::string local_fork = rewrite_session_id(whole_lines(c.content), c.session.id,
                                                    c.fork_id);
  SessionMeta meta = base_meta(c.fork_id, c, setup, std::nullopt);
  meta.forked_from = c.session.id;
  write_session(snapshot, meta, setup.placeholders->translate(local_fork), std::nullopt, c, setup,
                plan);
  plan.skip = false;
  plan.report.action = "fenced";
  plan.report.detail = "this machine lost the lock; its lines are now session " + c.fork_id;
  const auto dir = c.session.transcript.parent_path();
  plan.after = AfterPush{dir / (c.fork_id + ".jsonl"), local_fork, c.session.transcript,
                         setup.placeholders->expand(remote), c.fork_id, c.session.id};
}

// The bytes appended since the push the index remembers, if the bytes before them are still
// the ones pushed (their last k_tail_check bytes are compared). Sets the candidate's index fields.
std::optional<std::string>
new_tail(Candidate& c)
{
  const IndexEntry& known = *c.indexed;
  const std::uint64_t size = c.stamps.transcript.size;
  if (known.pushed_bytes == 0 || size <= known.pushed_bytes) {
    return std::nullopt;
  }
  const std::uint64_t from = known.pushed_bytes - std::min<std::uint64_t>(k_tail_check,
                                                                          known.pushed_bytes);
  std::string bytes = platform::read_range(c.session.transcript, from, size - from);
  bytes.resize(whole_lines(bytes).size()); // a last line still being written waits
  const std::size_t checked = known.pushed_bytes - from;
  if (bytes.size() <= checked ||
      stable_hash(std::string_view(bytes).substr(0, checked)) != known.tail_hash) {
    return std::nullopt;
  }
  c.pushed_bytes = from + bytes.size();
  c.tail_hash = stable_hash(std::string_view(bytes).substr(
    bytes.size() - std::min<std::size_t>(k_tail_check, bytes.size())));
  return bytes.substr(checked);
}

} // namespace

void
note_pushed(Candidate& c)
{
  const std::string_view content = whole_lines(c.content);
  c.pushed_bytes = content.size();
  c.tail_hash = stable_hash(content.substr(content.size() - std::min(k_tail_check, content.size())));
}

std::optional<Plan>
plan_append(const Snapshot& snapshot, Candidate& c, const SyncSetup& setup)
{
  const auto meta_text = snapshot.read(meta_path(c.session.id));
  const auto old_meta = meta_text ? parse_meta(*meta_text) : std::nullopt;
  if (!c.indexed || !old_meta || old_meta->chunks.empty() ||
      stable_hash(*meta_text) != c.indexed->meta_hash) {
    return std::nullopt; // the repository changed since this machine's push: the full path
  }
  const Chunk last = old_meta->chunks.back();
  const auto last_content = snapshot.read(chunk_path(c.session.id, last.name));
  const auto tail = last_content ? new_tail(c) : std::nullopt;
  if (!tail || tail->find("\"relocatedCwd\"") != std::string::npos) {
    return std::nullopt; // a /cd moved the session: the full path finds its new cwd
  }
  Plan plan;
  plan.report = {c.session.id, "appended", 0, 0, ""};
  SessionMeta meta = *old_meta;
  meta.chunks.pop_back();
  meta.lines -= last.lines;
  meta.bytes -= last.bytes;
  std::vector<std::string_view> pieces;
  const std::string combined = *last_content + setup.placeholders->translate(*tail);
  const auto chunks = cut_chunks(combined, pieces, old_meta->chunks.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    meta.chunks.push_back(chunks[i]);
    meta.lines += chunks[i].lines;
    meta.bytes += chunks[i].bytes;
    add_if_changed(snapshot, chunk_path(c.session.id, chunks[i].name), std::string(pieces[i]),
                   plan.changes);
  }
  meta.last_edited_by = setup.machine_id;
  const std::string stamp = last_timestamp(*tail);
  meta.last_activity = stamp.empty() ? meta.last_activity : stamp;
  if (tail->find("-title\"") != std::string::npos) {
    meta.title = setup.placeholders->translate(transcript_title(*tail));
  }
  write_sidecars(snapshot, meta, c, setup, plan);
  plan.changes.push_back({meta_path(c.session.id), to_json(meta)});
  plan.report.lines = meta.lines;
  plan.report.bytes = meta.bytes;
  return plan;
}

Fence
fence_for(const std::optional<lock::LockRecord>& lock, const std::string& machine_id,
          std::optional<std::uint64_t> my_token, std::int64_t clock_skew)
{
  const lock::Timing timing{util::now_epoch(), 0, clock_skew};
  if (!lock || !lock->held || lock->holder.machine_id == machine_id ||
      lock::classify(lock, machine_id, timing) == lock::Status::other_expired) {
    return Fence::open;
  }
  return my_token && *my_token < lock->token ? Fence::stale : Fence::taken;
}

Plan
plan_session(const Snapshot& snapshot, const Candidate& c, Fence fence, const SyncSetup& setup,
             const std::map<std::string, std::string>& forks)
{
  Plan plan;
  plan.report.id = c.session.id;
  const std::string_view local = whole_lines(c.content);
  const auto meta_text = snapshot.read(meta_path(c.session.id));
  const auto old_meta = meta_text ? parse_meta(*meta_text) : std::nullopt;
  const auto remote = old_meta ? read_transcript(snapshot, *old_meta) : std::nullopt;
  // Compared as pull compares, in this machine's spelling: a path another machine pushed verbatim
  // would translate differently here, and must not make an append look like a divergence.
  const auto remote_local = remote ? std::optional(setup.placeholders->expand(*remote))
                                   : std::nullopt;
  const bool nothing_new = remote_local && std::string_view(*remote_local).starts_with(local);
  if (fence == Fence::stale && remote && !nothing_new) {
    plan_fork(snapshot, c, *remote, setup, plan);
    return plan;
  }
  if (fence != Fence::open && !nothing_new) {
    plan.report.detail = "locked by another machine; its lines stay here for now";
    plan.skip = true;
    return plan;
  }
  plan.report.detail =
    verdict(remote_local, old_meta, local, setup.machine_id, plan.report.action);
  if (!plan.report.detail.empty()) {
    plan.skip = true;
    return plan;
  }
  // An append keeps the repository's bytes as they are and adds the new lines, translated here.
  const bool keeps_remote = plan.report.action == "appended" || plan.report.action == "unchanged";
  const std::string translated =
    keeps_remote ? *remote + setup.placeholders->translate(local.substr(remote_local->size()))
                 : setup.placeholders->translate(local);
  SessionMeta meta = base_meta(c.session.id, c, setup, old_meta);
  if (const auto origin = forks.find(c.session.id); origin != forks.end()) {
    meta.forked_from = origin->second;
  }
  write_session(snapshot, meta, translated, old_meta, c, setup, plan);
  return plan;
}

} // namespace ccsync::sync
