// The parts every plan of a session is made of (push_plan.cpp puts them together): the
// repository's meta, the local transcript's complete lines, the meta a push writes, its chunk and
// sidecar changes, and what the sync index learns. Internal to push/.
#pragma once

#include "sync/push/plan_types.hpp"
#include "sync/store/line_reader.hpp"
#include "sync/store/session_facts.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

// The repository's meta of session `id`, or nothing (absent, damaged, or about another id).
std::optional<SessionMeta> read_meta(const Snapshot& snapshot, const std::string& id);

// What for_each_local_line read.
struct LocalLines {
  std::uint64_t end = 0;   // the end of the last complete line
  bool over_limit = false; // it stopped at a line over k_max_line_bytes (OverLimit::stop)
};

// Calls `visit(line)` for every complete line of the local transcript from byte `from` on (up to
// the size it had when stat()ed). `over`: what a line over the limit does (see OverLimit).
template <class F> LocalLines
for_each_local_line(const Candidate& c, std::uint64_t from, F&& visit,
                    OverLimit over = OverLimit::fail)
{
  const std::uint64_t size = c.stamps.transcript.size;
  FileSource source(c.session.transcript, from, size > from ? size - from : 0);
  LineReader lines(source, k_max_line_bytes, over);
  LocalLines read{from, false};
  while (const auto line = lines.next()) {
    if (!is_complete(*line)) {
      break; // a last line Claude is still writing is pushed next time
    }
    visit(*line);
    read.end += line->size();
  }
  read.over_limit = lines.over_limit();
  return read;
}

// The meta a push writes for session `id` (project, title, creator, last activity, fork origin),
// before its chunks are known; `old_meta`: the repository's, if it has one.
SessionMeta base_meta(const std::string& id, const Candidate& c, const SessionFacts& facts,
                      const PlanContext& context, const SessionMeta* old_meta);

// A session's title as the repository keeps it: translated and redacted whole, then cut to
// k_title_bytes (never inside a redaction marker), so that a secret pasted as the first prompt
// is redacted even where the cut would have split it.
std::string repository_title(const PlanContext& context, std::string_view title);

// Adds the sessions `facts` saw pointed at (but `meta`'s own) to `meta.parents`.
void add_parents(SessionMeta& meta, const SessionFacts& facts);

// Adds `meta` (chunks, counts, sidecars) to the plan; skips when nothing changed at all. Refuses
// the plan (Outcome::held_too_large, Plan::refuse) when the session has more chunks than the
// repository holds: the caller checks plan.refused().
void finish_session(const PlanContext& context, SessionMeta meta,
                    const std::optional<SessionMeta>& old, const Candidate& c, Plan& plan);

// The index fields of a candidate whose whole lines up to `end` the repository now holds.
void note_pushed(Candidate& c, std::uint64_t end);

} // namespace ccsync::sync
