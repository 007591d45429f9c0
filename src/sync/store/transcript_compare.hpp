// Comparing a local transcript with the repository's copy line by line, in constant memory.
// Two lines are the same line when the repository's line, expanded here, gives the local line,
// or the local line, translated here, gives the repository's: a path another machine pushed
// verbatim expands to itself and still matches, and so will a redacted secret on the machine
// that wrote it (its local line translates to what the repository holds).
#pragma once

#include "paths/placeholders.hpp"
#include "secrets/redactor.hpp"
#include "sync/relation.hpp"
#include "sync/store/line_reader.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ccsync::sync {

struct Comparison {
  Relation relation = Relation::equal;
  std::uint64_t common_lines = 0;
  std::uint64_t local_common = 0;  // bytes of the common prefix in the local copy
  std::uint64_t remote_common = 0; // bytes of the common prefix in the repository's copy
  // Common lines the repository holds in another translation than this machine's placeholders
  // give now (counted only when the matcher watches for them: see watch_translation).
  std::uint64_t stale_lines = 0;
};

// Decides whether a local line and a repository line are the same line (see above). A session
// id rewrite (`from` -> `to`) can be applied to local lines first, to compare a local session
// with its fork in the repository. With a `redaction` (the session's project's, see
// sync/sharing/secrets_policy.hpp), what goes to the repository has its secrets handled by its
// policy, and a local line whose redacted form is the repository's line is the same line (so the
// machine that wrote a secret never forks, replaces or re-pushes its copy).
class LineMatcher {
public:
  explicit LineMatcher(const paths::Placeholders& placeholders,
                       secrets::Redaction* redaction = nullptr)
      : m_placeholders(placeholders)
      , m_redaction(redaction)
  {}
  void rewrite_session_id(std::string from, std::string to);
  // Makes same() note a match found only by expanding the repository's line (its translation
  // here is another: a placeholder was added or moved since it was pushed); see stale().
  void
  watch_translation()
  {
    m_watch = true;
  }
  // The last same() matched a line the repository holds in another translation.
  bool
  stale() const noexcept
  {
    return m_stale;
  }

  bool same(std::string_view local, std::string_view remote);
  // The local line as the repository stores it (rewritten, translated, then redacted).
  std::string_view to_repository(std::string_view local);
  // The local line after the session id rewrite (itself when there is none).
  std::string_view rewritten(std::string_view local);

private:
  bool expands_to(std::string_view remote, std::string_view line);
  bool translates_otherwise(std::string_view line, std::string_view remote);
  bool same_retranslated(std::string_view remote, std::string_view translated);

  const paths::Placeholders& m_placeholders;
  secrets::Redaction* m_redaction;
  bool m_watch = false;
  bool m_stale = false;
  std::string m_from;
  std::string m_to;
  std::string m_rewritten;
  std::string m_scratch;
  std::string m_redacted;
  std::string m_expanded;
  std::string m_retranslated;
};

// Compares `local` with `remote` from where each reader stands. `local_whole_lines`: a last
// local line without '\n' (Claude may still be writing it) does not count. The readers are left
// after the common prefix: the first differing or extra line of each is the next one they return.
Comparison compare_transcripts(LineReader& local, LineReader& remote, LineMatcher& matcher,
                               bool local_whole_lines = true);

} // namespace ccsync::sync
