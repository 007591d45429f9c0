// Line-by-line comparison of a local transcript with the repository's copy.
#include "sync/store/transcript_compare.hpp"

#include "sync/store/session_store.hpp"

#include <set>

namespace ccsync::sync {

void
LineMatcher::rewrite_session_id(std::string from, std::string to)
{
  m_from = std::move(from);
  m_to = std::move(to);
}

std::string_view
LineMatcher::rewritten(std::string_view local)
{
  if (m_from.empty()) {
    return local;
  }
  m_rewritten = sync::rewrite_session_id(local, m_from, m_to);
  return m_rewritten;
}

std::string_view
LineMatcher::to_repository(std::string_view local)
{
  const std::string_view line = rewritten(local);
  m_scratch.clear();
  m_placeholders.translate(line, m_scratch);
  return m_redaction == nullptr ? std::string_view(m_scratch)
                                : m_redaction->apply(m_scratch, m_redacted);
}

bool
LineMatcher::same(std::string_view local, std::string_view remote)
{
  m_stale = false;
  const std::string_view line = rewritten(local);
  if (line == remote) {
    return true;
  }
  m_scratch.clear();
  std::set<std::string> unused;
  m_placeholders.expand(remote, m_scratch, unused);
  if (m_scratch == line) {
    if (m_watch) {
      m_scratch.clear();
      m_placeholders.translate(line, m_scratch);
      m_stale = m_scratch != remote;
    }
    return true;
  }
  m_scratch.clear();
  m_placeholders.translate(line, m_scratch);
  if (m_scratch == remote) {
    return true;
  }
  // Last, as it scans: the repository holds this line with its secrets redacted.
  return m_redaction != nullptr &&
         m_redaction->apply(m_scratch, m_redacted, secrets::Count::no) == remote;
}

Comparison
compare_transcripts(LineReader& local, LineReader& remote, LineMatcher& matcher,
                    bool local_whole_lines)
{
  Comparison result;
  for (;;) {
    auto mine = local.next();
    if (mine && local_whole_lines && !is_complete(*mine)) {
      local.unread();
      mine.reset();
    }
    const auto theirs = remote.next();
    if (!mine || !theirs) {
      if (mine) {
        local.unread();
      }
      if (theirs) {
        remote.unread();
      }
      result.relation = mine     ? Relation::local_ahead
                        : theirs ? Relation::remote_ahead
                                 : Relation::equal;
      return result;
    }
    if (!matcher.same(*mine, *theirs)) {
      local.unread();
      remote.unread();
      result.relation = Relation::diverged;
      return result;
    }
    ++result.common_lines;
    result.stale_lines += matcher.stale() ? 1 : 0;
    result.local_common += mine->size();
    result.remote_common += theirs->size();
  }
}

} // namespace ccsync::sync
