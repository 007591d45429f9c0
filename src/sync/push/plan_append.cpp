// The quick push plan of a transcript that only grew since this machine pushed it (see
// push_plan.hpp): the new tail is read, translated and added to the repository's last chunks.
#include "platform/fs.hpp"
#include "sync/push/plan_parts.hpp"
#include "sync/push/push_plan.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/store/session_facts.hpp"
#include "util/text.hpp"

namespace ccsync::sync {
namespace {

// True when the bytes before `known.pushed_bytes` are still the ones pushed (their last
// k_tail_check bytes are compared).
bool
pushed_part_unchanged(const Candidate& c, const IndexEntry& known)
{
  const std::uint64_t end = known.pushed_bytes;
  const std::uint64_t from = end - std::min<std::uint64_t>(k_tail_check, end);
  return end > 0 && c.stamps.transcript.size >= end &&
         util::stable_hash(platform::read_range(c.session.transcript, from, end - from)) ==
           known.tail_hash;
}

} // namespace

std::optional<Plan>
plan_append(const PlanContext& context, Candidate& c)
{
  const std::string& id = c.session.id;
  if (!c.indexed || c.indexed->state != IndexState::synced || c.indexed->meta_id.empty() ||
      context.snapshot.entry_id(meta_path(id)) != c.indexed->meta_id ||
      c.indexed->placeholders != context.setup.placeholders_hash) {
    return std::nullopt; // the repository's copy changed (or was never pushed from here), or
                         // the placeholders did: the full path re-translates what it holds
  }
  const auto meta_text = context.snapshot.read(meta_path(id));
  const auto old_meta = meta_text ? parse_meta(*meta_text) : std::nullopt;
  if (!old_meta || old_meta->session_id != id || old_meta->chunks.empty() ||
      !pushed_part_unchanged(c, *c.indexed)) {
    return std::nullopt; // the pushed part changed: the full path decides
  }
  Plan plan;
  plan.report = SessionReport::of(id, Outcome::appended);
  SessionMeta meta = *old_meta;
  ChunkWriter writer(context.write_blob, id, meta.chunks.size() + 1, 0);
  SessionFacts facts(c.session.project_dir);
  bool relocated = false;
  const LocalLines read = for_each_local_line(
    c, c.indexed->pushed_bytes,
    [&](std::string_view line) {
      relocated = relocated || line.find("\"relocatedCwd\"") != std::string_view::npos;
      facts.add(line);
      writer.add(to_repository_text(context.setup, context.redaction, line));
    },
    OverLimit::stop);
  if (read.over_limit) {
    plan.refuse(Outcome::held_too_large, line_limit_words());
    return plan;
  }
  const std::uint64_t end = read.end;
  if (relocated || end == c.indexed->pushed_bytes) {
    return std::nullopt; // a /cd moved the session (the full path finds its new cwd), or only
                         // its files changed
  }
  const std::uint64_t appended = writer.bytes();
  for (auto& piece : writer.finish()) {
    meta.chunks.push_back(std::move(piece));
  }
  merge_tail(context.write_blob, context.snapshot, id, appended, meta.chunks);
  meta.last_edited_by = context.setup.machine_id;
  if (!facts.last_timestamp().empty()) {
    meta.last_activity = facts.last_timestamp();
  }
  if (!facts.named_title().empty()) {
    meta.title = repository_title(context, util::utf8_prefix(facts.named_title(), k_title_scan));
  }
  add_parents(meta, facts);
  finish_session(context, std::move(meta), old_meta, c, plan);
  if (plan.refused()) {
    return plan;
  }
  c.tail_only = true;
  c.in_sync = true;
  note_pushed(c, end);
  return plan;
}

} // namespace ccsync::sync
