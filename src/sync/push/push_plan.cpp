// Per-session push planning: compare, decide (decisions.hpp), then write the chunks that change.
// A session's repository copy keeps its bytes up to where the local copy adds or changes lines;
// from there the local lines are translated and cut into new chunks as they stream past.
#include "sync/push/push_plan.hpp"

#include "platform/fs.hpp"
#include "sync/push/plan_parts.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_facts.hpp"
#include "sync/store/transcript_compare.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <variant>

namespace ccsync::sync {
namespace {

// The session `meta.session_id` written afresh from the whole local transcript, in place of
// `old` (its chunks beyond the new ones removed) when the repository has a copy.
void
write_whole(const PlanContext& context, SessionMeta meta, const Candidate& c, LineMatcher& matcher,
            Plan& plan, const std::optional<SessionMeta>& old = std::nullopt)
{
  ChunkWriter writer(context.write_blob, meta.session_id, 1);
  for_each_local_line(c, 0,
                      [&](std::string_view line) { writer.add(matcher.to_repository(line)); });
  meta.chunks = writer.finish();
  finish_session(context, std::move(meta), old, c, plan);
}

std::uint64_t
total_bytes(const SessionMeta& meta)
{
  std::uint64_t total = 0;
  for (const auto& chunk : meta.chunks) {
    total += chunk.bytes;
  }
  return total;
}

// The chunk that holds repository byte `offset`, and where it starts. For an offset at the very
// end, the last chunk: new lines are added to it (it is rewritten with them).
std::pair<std::size_t, std::size_t>
chunk_at(const SessionMeta& meta, std::uint64_t offset)
{
  std::size_t start = 0;
  for (std::size_t i = 0; i < meta.chunks.size(); ++i) {
    if (offset < start + meta.chunks[i].bytes || i + 1 == meta.chunks.size()) {
      return {i, start};
    }
    start += meta.chunks[i].bytes;
  }
  return {0, 0};
}

// The repository's session `old` followed by the local lines from byte `local_from` on, as new
// tail pieces (merged as the tail rule says).
void
append_session(const PlanContext& context, SessionMeta meta, const SessionMeta& old,
               std::uint64_t local_from, const Candidate& c, LineMatcher& matcher, Plan& plan)
{
  meta.chunks = old.chunks;
  ChunkWriter writer(context.write_blob, meta.session_id, meta.chunks.size() + 1, 0);
  for_each_local_line(c, local_from,
                      [&](std::string_view line) { writer.add(matcher.to_repository(line)); });
  const std::uint64_t appended = writer.bytes();
  for (auto& piece : writer.finish()) {
    meta.chunks.push_back(std::move(piece));
  }
  merge_tail(context.write_blob, context.snapshot, meta.session_id, appended, meta.chunks);
  finish_session(context, std::move(meta), old, c, plan);
}

// The repository's `copy` kept up to its byte `common.remote_common`, followed by the local lines
// from byte `common.local_common` on: an append (everything kept) or a replaced tail.
void
continue_session(const PlanContext& context, SessionMeta meta, const RepositoryCopy& copy,
                 const Candidate& c, LineMatcher& matcher, Plan& plan)
{
  const SessionMeta& old = copy.meta;
  const Comparison& common = copy.common;
  if (old.chunks.empty()) {
    write_whole(context, std::move(meta), c, matcher, plan);
    return;
  }
  const bool has_new_lines = common.local_common < c.pushed_bytes;
  if (common.remote_common == total_bytes(old)) {
    if (!has_new_lines) {
      meta.chunks = old.chunks; // the transcript is there: sidecars and meta may have changed
      finish_session(context, std::move(meta), old, c, plan);
      return;
    }
    append_session(context, std::move(meta), old, common.local_common, c, matcher, plan);
    return;
  }
  // A replaced tail: the chunk holding the first changed line is cut again from there. Within
  // the tail, the new chunks take that chunk's level (earlier pieces stay mergeable).
  const auto [index, start] = chunk_at(old, common.remote_common);
  std::size_t tail = old.chunks.size();
  while (tail > 0 && old.chunks[tail - 1].level != k_sealed) {
    --tail;
  }
  const int level = index >= tail ? old.chunks[index].level : k_sealed;
  meta.chunks.assign(old.chunks.begin(), old.chunks.begin() + static_cast<std::ptrdiff_t>(index));
  ChunkWriter writer(context.write_blob, meta.session_id, index + 1, level);
  ChunkSource kept(context.snapshot, old, index);
  const std::string_view first = kept.next();
  writer.add(first.substr(0, std::min<std::size_t>(first.size(), common.remote_common - start)));
  for_each_local_line(c, common.local_common,
                      [&](std::string_view line) { writer.add(matcher.to_repository(line)); });
  for (auto& chunk : writer.finish()) {
    meta.chunks.push_back(std::move(chunk));
  }
  merge_tail(context.write_blob, context.snapshot, meta.session_id, 0, meta.chunks);
  finish_session(context, std::move(meta), old, c, plan);
}

// What the first pass over the whole local transcript learns besides the comparison. It stops
// at a line over the limit (OverLimit::stop): the plan refuses the session then.
struct LocalScan {
  explicit LocalScan(const Candidate& c)
      : facts(c.session.project_dir)
  {}
  void
  add(std::string_view line)
  {
    facts.add(line);
    seen += line.size();
    whole_end = is_complete(line) ? seen : whole_end;
  }
  SessionFacts facts;
  std::uint64_t seen = 0;
  std::uint64_t whole_end = 0; // end of the last complete line
  bool over_limit = false;     // it stopped at a line over k_max_line_bytes
};

// Compares the whole local transcript with `meta`'s copy; `scan`, if given, sees every line (the
// first pass: it stops at a line over the limit, and says so).
Comparison
compare_with(const PlanContext& context, const Candidate& c, const SessionMeta& meta,
             LineMatcher& matcher, LocalScan* scan)
{
  FileSource local_source(c.session.transcript, 0, c.stamps.transcript.size);
  LineReader local(local_source, k_max_line_bytes,
                   scan != nullptr ? OverLimit::stop : OverLimit::fail);
  if (scan != nullptr) {
    local.observe([scan](std::string_view line) { scan->add(line); });
  }
  ChunkSource remote_source(context.snapshot, meta);
  LineReader remote(remote_source);
  const Comparison result = compare_transcripts(local, remote, matcher);
  while (scan != nullptr && local.next()) {
    // the scan needs every line
  }
  if (scan != nullptr) {
    scan->over_limit = local.over_limit();
  }
  return result;
}

// The repository's copy of the session, compared with the whole local transcript, or nothing
// when the repository has none (then the transcript is only scanned). Either way `scan` sees
// every local line.
std::optional<RepositoryCopy>
read_copy(const PlanContext& context, const Candidate& c, LineMatcher& matcher, LocalScan& scan)
{
  auto meta = read_meta(context.snapshot, c.session.id);
  if (meta) {
    const Comparison common = compare_with(context, c, *meta, matcher, &scan);
    return RepositoryCopy{std::move(*meta), common};
  }
  FileSource source(c.session.transcript, 0, c.stamps.transcript.size);
  LineReader lines(source, k_max_line_bytes, OverLimit::stop);
  while (const auto line = lines.next()) {
    scan.add(*line);
  }
  scan.over_limit = lines.over_limit();
  return std::nullopt;
}

// The local lines as a fork: extends this machine's earlier fork of the session when the local
// copy still continues it, else starts a new one (c.fork_id).
void
plan_fork(const PlanContext& context, const Candidate& c, const SessionFacts& facts, Plan& plan)
{
  const std::string& origin = c.session.id;
  for (const auto& [fork, from] : context.forks) {
    const auto fork_meta = from == origin ? read_meta(context.snapshot, fork) : std::nullopt;
    if (!fork_meta) {
      continue;
    }
    LineMatcher matcher(*context.setup.placeholders, &context.redaction);
    matcher.rewrite_session_id(origin, fork);
    const Comparison common = compare_with(context, c, *fork_meta, matcher, nullptr);
    if (common.relation == Relation::equal || common.relation == Relation::local_ahead) {
      plan.report.fork_id = fork;
      SessionMeta meta = base_meta(fork, c, facts, context, &*fork_meta);
      meta.forked_from = origin;
      continue_session(context, std::move(meta), {*fork_meta, common}, c, matcher, plan);
      return;
    }
  }
  plan.report.fork_id = c.fork_id;
  plan.fork_of = origin;
  LineMatcher matcher(*context.setup.placeholders, &context.redaction);
  matcher.rewrite_session_id(origin, c.fork_id);
  SessionMeta meta = base_meta(c.fork_id, c, facts, context, nullptr);
  meta.forked_from = origin;
  write_whole(context, std::move(meta), c, matcher, plan);
}

// What a full plan does with a session, each step with what it needs (decide_push's table).
namespace step {
struct Create {}; // new to the repository
struct Keep {     // the repository's copy continued: appended to, its tail replaced, or updated
  const RepositoryCopy& copy;
  Outcome outcome; // appended, replaced_tail, updated (the transcript is there; files may not be)
};
struct Fork { // the local lines as a fork
  ForkReason reason;
};
struct Hold {};  // the lock cannot be read
struct Leave {}; // nothing to send: the repository has every local line
} // namespace step
using Step = std::variant<step::Create, step::Keep, step::Fork, step::Hold, step::Leave>;

Step
step_for(const std::optional<RepositoryCopy>& copy, Fence fence, bool last_edited_here)
{
  const auto relation = copy ? std::optional(copy->common.relation) : std::nullopt;
  const PushDecision decision = decide_push(relation, fence, last_edited_here);
  switch (decision.action) {
  case PushAction::hold: return step::Hold{};
  case PushAction::fork: return step::Fork{decision.reason};
  case PushAction::create: return step::Create{};
  case PushAction::none:
  case PushAction::append:
  case PushAction::replace_tail: break;
  }
  if (!copy) { // decide_push keeps, appends to and replaces only a copy it compared with
    throw Error(ErrorKind::internal, "push decided to continue a session the repository lacks");
  }
  if (decision.action == PushAction::none) {
    const bool update = relation == Relation::equal && fence == Fence::open;
    return update ? Step{step::Keep{*copy, Outcome::updated}} : Step{step::Leave{}};
  }
  return step::Keep{*copy, decision.action == PushAction::append ? Outcome::appended
                                                                 : Outcome::replaced_tail};
}

// True when the placeholders changed since the session was last in sync here: the lines the
// repository holds in their old translation are then found (and rewritten, stale_lines).
bool
retranslation_due(const Candidate& c, const SyncSetup& setup)
{
  return c.indexed && made_under_other_placeholders(*c.indexed, setup.placeholders_hash);
}

// A kept copy that holds lines in an older translation (stale_lines) is written again whole,
// when the plan would otherwise keep all of it (true); the lines a replaced tail keeps wait for a
// later push (translation_pending).
bool
retranslated(const PlanContext& context, Candidate& c, const SessionFacts& facts,
             const step::Keep& keep, LineMatcher& matcher, Plan& plan)
{
  if (keep.copy.common.stale_lines == 0) {
    return false;
  }
  if (keep.outcome == Outcome::replaced_tail) {
    c.translation_pending = true;
    return false;
  }
  plan.report.outcome = Outcome::retranslated;
  write_whole(context, base_meta(c.session.id, c, facts, context, &keep.copy.meta), c, matcher,
              plan, keep.copy.meta);
  return true;
}

// `plan` for `c`, which the repository holds as the plan leaves it unless it was refused.
Plan
noted(Candidate& c, Plan& plan)
{
  if (!plan.refused()) {
    c.in_sync = true;
    note_pushed(c, c.pushed_bytes);
  }
  return std::move(plan);
}

} // namespace

Plan
plan_session(const PlanContext& context, Candidate& c, Fence fence, const std::string& lock_holder)
{
  Plan plan;
  plan.report.id = c.session.id;
  LocalScan scan(c);
  c.translation_pending = false; // a retried push plans again from the start
  LineMatcher matcher(*context.setup.placeholders, &context.redaction);
  if (retranslation_due(c, context.setup)) {
    matcher.watch_translation();
  }
  const std::optional<RepositoryCopy> copy = read_copy(context, c, matcher, scan);
  c.read_whole = true;
  if (scan.over_limit) {
    plan.refuse(Outcome::held_too_large, line_limit_words());
    return plan;
  }
  const SessionFacts& facts = scan.facts;
  c.cwd = facts.cwd().value_or(c.cwd);
  c.pushed_bytes = scan.whole_end;
  const std::string& id = c.session.id;
  const auto* old_meta = copy ? &copy->meta : nullptr;
  const Step step = step_for(
    copy, fence, old_meta != nullptr && old_meta->last_edited_by == context.setup.machine_id);
  if (std::holds_alternative<step::Hold>(step)) {
    plan.refuse(Outcome::held_damaged_lock,
                "its lock in the repository cannot be read; repair it with 'ccsync lock release " +
                  id + " --force'");
    return plan;
  }
  if (std::holds_alternative<step::Leave>(step)) {
    plan.report.outcome = Outcome::remote_ahead;
    plan.skip = true;
    return plan;
  }
  if (const auto* fork = std::get_if<step::Fork>(&step)) {
    plan.report.outcome = Outcome::forked;
    plan.report.fork_reason = fork->reason;
    plan.report.other_machine = fork->reason == ForkReason::diverged && old_meta != nullptr
                                  ? old_meta->last_edited_by
                                  : lock_holder;
    plan_fork(context, c, facts, plan);
    return plan;
  }
  const auto* keep = std::get_if<step::Keep>(&step);
  if (keep != nullptr && retranslated(context, c, facts, *keep, matcher, plan)) {
    return noted(c, plan);
  }
  if (keep != nullptr) {
    plan.report.outcome = keep->outcome;
    continue_session(context, base_meta(id, c, facts, context, &keep->copy.meta), keep->copy, c,
                     matcher, plan);
  } else {
    plan.report.outcome = Outcome::created;
    write_whole(context, base_meta(id, c, facts, context, nullptr), c, matcher, plan);
  }
  return noted(c, plan);
}

} // namespace ccsync::sync
