// The parts of a session's push plan (see plan_parts.hpp).
#include "sync/push/plan_parts.hpp"

#include "platform/fs.hpp"
#include "secrets/kind.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "util/text.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

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

// The session's files here (session_family.hpp) as the repository stores them: translated, or
// byte for byte (a kind ccsync does not translate). Added where they changed, listed in
// `meta.files` (and `meta.verbatim`); a file over k_max_file_bytes, or gone before it was read,
// is not sent.
std::map<std::string, bool>
write_local_files(const PlanContext& context, const SessionMeta& meta, const Candidate& c,
                  Plan& plan)
{
  std::map<std::string, bool> files; // name -> stored byte for byte
  for (const auto& file : session_files(c.session)) {
    const auto text = platform::read_file(session_file_path(c.session, file));
    if (!text || text->size() > k_max_file_bytes) {
      continue;
    }
    const bool verbatim = is_verbatim_kind(file);
    add_if_changed(context.snapshot, sidecar_path(meta.session_id, file),
                   verbatim ? to_repository_bytes(context.setup, context.redaction, *text)
                            : to_repository_text(context.setup, context.redaction, *text),
                   plan.changes);
    files.emplace(file, verbatim);
  }
  return files;
}

// True when `a` and `b` cannot both be files: one is a folder on the other's path.
bool
nested(const std::string& a, const std::string& b)
{
  return a.starts_with(b + "/") || b.starts_with(a + "/");
}

// The session's files: those here, and those `old` lists that are gone here. A file that
// disappeared locally is no deletion (Claude Code's retention sweep removes a session's files,
// claude-code.md §1.4, §9.4; a rotation renames one): the repository keeps it. Only a file that
// a file here now replaces as a folder (or the other way round) goes.
void
write_sidecars(const PlanContext& context, SessionMeta& meta, const std::optional<SessionMeta>& old,
               const Candidate& c, Plan& plan)
{
  std::map<std::string, bool> files = write_local_files(context, meta, c, plan);
  for (const auto& file : old ? old->files : std::vector<std::string>{}) {
    if (files.contains(file)) {
      continue;
    }
    if (std::any_of(files.begin(), files.end(),
                    [&](const auto& f) { return nested(f.first, file); })) {
      plan.changes.emplace_back(sidecar_path(meta.session_id, file), std::nullopt);
      continue;
    }
    files.emplace(file, is_verbatim(*old, file));
  }
  meta.files.clear();
  meta.verbatim.clear();
  for (const auto& [file, verbatim] : files) {
    meta.files.push_back(file);
    if (verbatim) {
      meta.verbatim.push_back(file);
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

void
add_parents(SessionMeta& meta, const SessionFacts& facts)
{
  std::set<std::string> parents(meta.parents.begin(), meta.parents.end());
  for (const auto& id : facts.parents()) {
    if (id != meta.session_id && parents.size() < k_max_parents) {
      parents.insert(id);
    }
  }
  meta.parents.assign(parents.begin(), parents.end());
}

std::optional<SessionMeta>
read_meta(const Snapshot& snapshot, const std::string& id)
{
  const auto text = snapshot.read(meta_path(id));
  auto meta = text ? parse_meta(*text) : std::nullopt;
  return meta && meta->session_id == id ? meta : std::nullopt;
}

std::string
repository_title(const PlanContext& context, std::string_view title)
{
  std::string cut =
    util::utf8_prefix(to_repository_text(context.setup, context.redaction, title), k_title_bytes);
  const std::size_t marker = cut.rfind(secrets::k_marker_prefix);
  if (marker != std::string::npos && cut.find("}}", marker) == std::string::npos) {
    cut.resize(marker); // a marker cut in two would read as neither text nor marker
  }
  return cut;
}

SessionMeta
base_meta(const std::string& id, const Candidate& c, const SessionFacts& facts,
          const PlanContext& context, const SessionMeta* old_meta)
{
  const paths::Placeholders& placeholders = *context.setup.placeholders;
  SessionMeta meta;
  meta.session_id = id;
  meta.project = placeholders.portable_path(c.cwd);
  meta.title = repository_title(context, facts.full_title());
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
  add_parents(meta, facts);
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
  write_sidecars(context, meta, old, c, plan);
  plan.parents = meta.parents;
  if (plan.changes.empty() && old && old->files == meta.files && old->verbatim == meta.verbatim &&
      old->parents == meta.parents) {
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
