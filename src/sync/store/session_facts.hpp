// What push needs to know about a transcript besides its bytes, gathered line by line as the
// transcript streams past: its working directory, title, last activity and the sessions it
// points at.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace ccsync::sync {

// How much of a title push reads: enough for any secret the scanner knows to be found whole.
inline constexpr std::size_t k_title_scan = std::size_t{32} * 1024;
// How long a title the repository and `list` keep.
inline constexpr std::size_t k_title_bytes = 200;

// The most parents a session names (SessionFacts::parents, SessionMeta::parents).
inline constexpr std::size_t k_max_parents = 64;

class SessionFacts {
public:
  // `project_dir`: the encoded folder the transcript is in (a cwd that encodes to it wins).
  explicit SessionFacts(std::string project_dir)
      : m_project_dir(std::move(project_dir))
  {}

  // Takes in the next line of the transcript.
  void add(std::string_view line);

  // The working directory: the last `relocated` record's, else the first cwd whose encoding is
  // the folder's name, else the first cwd at all. Never decoded from the folder's name.
  std::optional<std::string> cwd() const;
  // The last custom-title or ai-title, else the first user prompt (at most 200 bytes).
  std::string title() const;
  // The same before the cut (at most k_title_scan bytes): what push redacts, then cuts.
  std::string full_title() const;
  // The last custom-title or ai-title ("" when there is none).
  const std::string&
  named_title() const noexcept
  {
    return m_named_title;
  }
  // The last line's "timestamp" ("" when no line has one).
  const std::string&
  last_timestamp() const noexcept
  {
    return m_last_timestamp;
  }

  // The sessions named by a record's top-level `parentSessionId` (a /fork's pointer record,
  // `fork-context-ref`, claude-code.md §9.2), other than the record's own `sessionId`; at most
  // k_max_parents.
  const std::set<std::string>&
  parents() const noexcept
  {
    return m_parents;
  }

private:
  void add_cwd(std::string_view line);
  void add_title(std::string_view line);
  void add_timestamp(std::string_view line);
  void add_parent(std::string_view line);

  std::string m_project_dir;
  std::optional<std::string> m_first_cwd;
  std::optional<std::string> m_matching_cwd;
  std::optional<std::string> m_relocated;
  std::string m_first_prompt;
  std::string m_named_title;
  std::string m_last_timestamp;
  std::set<std::string> m_parents;
};

} // namespace ccsync::sync
