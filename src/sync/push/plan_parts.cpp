// The parts of a session's push plan (see plan_parts.hpp).
#include "sync/push/plan_parts.hpp"

#include "platform/fs.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "util/text.hpp"

#include <sys/stat.h>

namespace ccsync::sync {
namespace {

std::string
mtime_of(const std::filesystem::path& file)
{
  struct stat info {};
  return ::stat(file.c_str(), &info) == 0 ? util::format_epoch(info.st_mtime) : "";
}

void
add_if_changed(const Snapshot& snapshot, const std::string& path, std::string content,
               std::vector<git::Change>& changes)
{
  if (snapshot.read(path) != content) {
    changes.emplace_back(path, std::move(content));
  }
}

// The session's other files (sidecars, tasks), listed in `meta.files`, added where they changed.
void
write_sidecars(const PlanContext& context, SessionMeta& meta, const Candidate& c, Plan& plan)
{
  meta.files = session_files(c.session.sidecar_dir, c.session.tasks_dir);
  for (const auto& file : meta.files) {
    const auto text =
      platform::read_file(session_file_path(c.session.sidecar_dir, c.session.tasks_dir, file));
    if (text && text->size() <= k_max_file_bytes) {
      add_if_changed(context.snapshot, sidecar_path(meta.session_id, file),
                     to_repository_text(context.setup, context.redaction, *text), plan.changes);
    }
  }
}

// The files of `meta`'s chunks that `snapshot` does not hold as they are, and the removal of
// `old`'s chunk files beyond them.
void
add_chunk_changes(const Snapshot& snapshot, const SessionMeta& meta,
                  const std::optional<SessionMeta>& old, std::vector<git::Change>& changes)
{
  for (const auto& chunk : meta.chunks) {
    const std::string path = chunk_path(meta.session_id, chunk.name);
    if (snapshot.entry_id(path) != chunk.hash) {
      changes.emplace_back(path, std::nullopt, chunk.hash);
    }
  }
  for (std::size_t i = meta.chunks.size(); old && i < old->chunks.size(); ++i) {
    changes.emplace_back(chunk_path(meta.session_id, old->chunks[i].name), std::nullopt);
  }
}

} // namespace

std::optional<SessionMeta>
read_meta(const Snapshot& snapshot, const std::string& id)
{
  const auto text = snapshot.read(meta_path(id));
  auto meta = text ? parse_meta(*text) : std::nullopt;
  return meta && meta->session_id == id ? meta : std::nullopt;
}

SessionMeta
base_meta(const std::string& id, const Candidate& c, const SessionFacts& facts,
          const PlanContext& context, const SessionMeta* old_meta)
{
  const paths::Placeholders& placeholders = *context.setup.placeholders;
  SessionMeta meta;
  meta.session_id = id;
  meta.project = placeholders.portable_path(c.cwd);
  meta.title = to_repository_text(context.setup, context.redaction, facts.title());
  meta.created_by = old_meta != nullptr ? old_meta->created_by : context.setup.machine_id;
  meta.last_edited_by = context.setup.machine_id;
  meta.last_activity = facts.last_timestamp();
  if (meta.last_activity.empty()) {
    meta.last_activity = mtime_of(c.session.transcript);
  }
  if (const auto origin = context.forks.find(id); origin != context.forks.end()) {
    meta.forked_from = origin->second;
  }
  if (old_meta != nullptr && !old_meta->forked_from.empty()) {
    meta.forked_from = old_meta->forked_from;
  }
  return meta;
}

void
finish_session(const PlanContext& context, SessionMeta meta, const std::optional<SessionMeta>& old,
               const Candidate& c, Plan& plan)
{
  meta.lines = 0;
  meta.bytes = 0;
  for (const auto& chunk : meta.chunks) {
    meta.lines += chunk.lines;
    meta.bytes += chunk.bytes;
  }
  if (meta.chunks.size() > k_max_chunks) {
    plan.refuse(Outcome::held_too_large, "session " + c.session.id +
                                           " is larger than the repository holds (" +
                                           std::to_string(k_max_chunks) + " chunks of up to " +
                                           std::to_string(k_chunk_bytes >> 20U) + " MiB)");
    return;
  }
  add_chunk_changes(context.snapshot, meta, old, plan.changes);
  write_sidecars(context, meta, c, plan);
  if (plan.changes.empty() && old && old->files == meta.files) {
    plan.skip = true; // nothing new: leave meta (and last_edited_by) as it is
    return;
  }
  plan.changes.emplace_back(meta_path(meta.session_id), to_json(meta));
  plan.report.lines = meta.lines;
  plan.report.bytes = meta.bytes;
}

// The index fields of a candidate whose whole lines up to `end` the repository now holds.
void
note_pushed(Candidate& c, std::uint64_t end)
{
  c.pushed_bytes = end;
  const std::uint64_t from = end - std::min<std::uint64_t>(k_tail_check, end);
  c.tail_hash = util::stable_hash(platform::read_range(c.session.transcript, from, end - from));
}

} // namespace ccsync::sync
