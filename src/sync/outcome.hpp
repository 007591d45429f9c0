// What push and pull did with each session: outcomes are values the code branches on (exit
// codes, JSON, retries); the words the user reads are chosen in cli/ (sync_view.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <utility>

namespace ccsync::sync {

enum class Outcome {
  // push
  created,       // a session new to the repository
  appended,      // its new lines added
  replaced_tail, // the tail this machine wrote earlier and Claude rewrote, replaced
  forked,        // this machine's lines pushed as a forked session (see ForkReason)
  remote_ahead,  // nothing to push: the repository holds every local line and more
  updated,       // memory or CLAUDE.md sent
  retranslated,  // written again whole: its paths in the placeholders this machine maps now
  // push and pull
  not_shared, // excluded, local or forgotten (sharing.hpp); detail says which
  // pull
  written,     // a session new to this machine
  extended,    // the repository's new lines added to the local copy
  split,       // diverged: the repository's version under the id, the local lines as a fork
  replaced,    // --force: the local copy replaced (backed up)
  kept_longer, // the local copy has more lines; push will send them
  restored,    // memory or CLAUDE.md replaced by the repository's (backed up)
  // held back: the command did its work, but these sessions wait (exit code 3)
  held_no_cwd,       // push: the transcript names no working directory
  held_duplicate,    // push: an older copy of a session found in two project folders
  held_damaged_lock, // push: the session's lock cannot be read
  held_too_large,    // push: longer than the repository can hold, or a line over the limit
                     // (a refusal the planner returns; an unreadable transcript is `failed`)
  held_live,         // pull: a Claude Code process runs it
  held_changed,      // pull: its file changed while pull ran (Claude Code wrote it); left alone
  held_not_mapped,   // pull: a placeholder has no path on this machine
  held_refused,      // pull: damaged or unsafe repository content
  failed,            // an error (exit code 1): a file that cannot be read or written, a
                     // secret under secrets = block
};

// Why a push sent the local lines as a fork instead of into the session itself.
enum class ForkReason {
  diverged, // another machine's copy went another way
  fenced,   // another machine took the lock over from this one
  locked,   // another machine holds the lock, and this machine's lines are its own
};

// True for the outcomes that leave work undone until a later run (exit code 3).
bool is_held_back(Outcome outcome) noexcept;

// A stable name for logs, commit messages and JSON ("created", "held-live", ...).
const char* to_string(Outcome outcome) noexcept;
const char* to_string(ForkReason reason) noexcept;

struct SessionReport {
  std::string id;
  Outcome outcome = Outcome::created;
  std::size_t lines = 0;
  std::size_t bytes = 0;
  std::string detail;  // the particulars: an error, unmapped names, a file
  std::string fork_id; // forked / split: the session that holds this machine's lines
  ForkReason fork_reason = ForkReason::diverged;
  std::string other_machine; // forked: the machine whose copy or lock it met
  bool fork_known = false;   // split: the fork was already in the repository (pushed earlier)

  static SessionReport
  of(std::string id, Outcome outcome, std::string detail = {}, std::size_t lines = 0,
     std::size_t bytes = 0)
  {
    SessionReport report;
    report.id = std::move(id);
    report.outcome = outcome;
    report.detail = std::move(detail);
    report.lines = lines;
    report.bytes = bytes;
    return report;
  }
};

// The per-session policy push and pull share (src/sync/README.md, "Guarantees in detail": one bad
// thing affects one session): what a session becomes when planning or writing it threw, so that
// it stops only itself. Damaged repository content (ccsync's Error of kind git: a chunk missing
// or altered) holds it back as refused; anything else, ccsync's or the standard library's (a
// transcript that cannot be read, a full disk, a std::filesystem error), fails it: exit 1.
// Refusals are not errors: the planners return them as outcomes and never throw them.
SessionReport failed_item(const std::string& id, const std::exception& error);

// One secret in a file push would write (for `scan` and the dry run): 1-based line, kind name,
// masked preview; never the secret.
struct SecretHit {
  std::string session_id; // empty for memory and CLAUDE.md
  std::filesystem::path file;
  std::uint64_t line = 0;
  std::string kind;
  std::string preview;
};

} // namespace ccsync::sync
