// Outcome names, which outcomes hold work back, and the per-session policy for errors.
#include "sync/outcome.hpp"

#include "util/error.hpp"

namespace ccsync::sync {

bool
is_held_back(Outcome outcome) noexcept
{
  switch (outcome) {
  case Outcome::held_no_cwd:
  case Outcome::held_duplicate:
  case Outcome::held_damaged_lock:
  case Outcome::held_too_large:
  case Outcome::held_live:
  case Outcome::held_changed:
  case Outcome::held_not_mapped:
  case Outcome::held_refused: return true;
  default: return false;
  }
}

const char*
to_string(Outcome outcome) noexcept
{
  switch (outcome) {
  case Outcome::created: return "new";
  case Outcome::appended: return "appended";
  case Outcome::replaced_tail: return "replaced-tail";
  case Outcome::forked: return "forked";
  case Outcome::remote_ahead: return "remote-ahead";
  case Outcome::updated: return "updated";
  case Outcome::retranslated: return "retranslated";
  case Outcome::not_shared: return "not-shared";
  case Outcome::written: return "written";
  case Outcome::extended: return "extended";
  case Outcome::split: return "split";
  case Outcome::replaced: return "replaced";
  case Outcome::kept_longer: return "kept-longer";
  case Outcome::restored: return "restored";
  case Outcome::held_no_cwd: return "held-no-cwd";
  case Outcome::held_duplicate: return "held-duplicate";
  case Outcome::held_damaged_lock: return "held-damaged-lock";
  case Outcome::held_too_large: return "held-too-large";
  case Outcome::held_live: return "held-live";
  case Outcome::held_changed: return "held-changed";
  case Outcome::held_not_mapped: return "held-not-mapped";
  case Outcome::held_refused: return "held-refused";
  case Outcome::failed: return "failed";
  }
  return "failed";
}

SessionReport
failed_item(const std::string& id, const std::exception& error)
{
  const auto* ours = dynamic_cast<const Error*>(&error);
  const bool damaged = ours != nullptr && ours->kind() == ErrorKind::git;
  return SessionReport::of(id, damaged ? Outcome::held_refused : Outcome::failed, error.what());
}

const char*
to_string(ForkReason reason) noexcept
{
  switch (reason) {
  case ForkReason::diverged: return "diverged";
  case ForkReason::fenced: return "fenced";
  case ForkReason::locked: return "locked";
  }
  return "diverged";
}

} // namespace ccsync::sync
