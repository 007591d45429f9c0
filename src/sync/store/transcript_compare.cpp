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

// True (and stale) when the repository's line holds `translated` (the local line in this
// machine's translation) in an older translation: expanded here and translated again, it reads
// the same.
bool
LineMatcher::same_retranslated(std::string_view remote, std::string_view translated)
{
  m_expanded.clear();
  std::set<std::string> unused;
  m_placeholders.expand(remote, m_expanded, unused);
  m_retranslated.clear();
  m_placeholders.translate(m_expanded, m_retranslated);
  m_stale = m_retranslated == translated;
  return m_stale;
}

// True when the repository's line, expanded here, is the local line.
bool
LineMatcher::expands_to(std::string_view remote, std::string_view line)
{
  m_scratch.clear();
  std::set<std::string> unused;
  m_placeholders.expand(remote, m_scratch, unused);
  return m_scratch == line;
}

// True when the local line, translated here, is not the repository's line.
bool
LineMatcher::translates_otherwise(std::string_view line, std::string_view remote)
{
  m_scratch.clear();
  m_placeholders.translate(line, m_scratch);
  return m_scratch != remote;
}

bool
LineMatcher::same(std::string_view local, std::string_view remote)
{
  m_stale = false;
  const std::string_view line = rewritten(local);
  if (line == remote || expands_to(remote, line)) {
    // Stale when this machine translates it otherwise now: a placeholder added or moved here, or
    // a path stored verbatim that one covers now.
    m_stale = m_watch && translates_otherwise(line, remote);
    return true;
  }
  if (!translates_otherwise(line, remote)) {
    return true;
  }
  if (m_redaction == nullptr) {
    return false;
  }
  // Last, as they scan: the repository holds this line with its secrets redacted, in this
  // machine's translation or (a placeholder added or moved here since) in an older one.
  const std::string_view redacted = m_redaction->apply(m_scratch, m_redacted, secrets::Count::no);
  return redacted == remote || same_retranslated(remote, redacted);
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
