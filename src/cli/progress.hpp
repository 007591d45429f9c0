// Progress of long network work on a terminal, as git shows it: one line on stderr redrawn in
// place ("fetch: 1234/5678 objects, 12.3 MB, 4.1 MB/s"), shown only for a transfer that takes
// longer than half a second, ended with "done". Nothing on a pipe, nothing with --quiet: the
// caller installs it only when stderr is a terminal.
#pragma once

#include "git/repository.hpp"

#include <chrono>
#include <iosfwd>

namespace ccsync::cli {

class TerminalProgress {
public:
  // `quiet_for`: how long a transfer says nothing (a quick one never shows a line).
  explicit TerminalProgress(std::ostream& err,
                            std::chrono::milliseconds quiet_for = std::chrono::milliseconds(500))
      : m_err(err)
      , m_quiet_for(quiet_for)
  {}

  // The observer to give git::Repository / SyncRepo; `this` must outlive the transfers.
  git::ProgressObserver observer();

private:
  using Clock = std::chrono::steady_clock;

  void update(const git::TransferProgress& progress);
  void draw(const git::TransferProgress& progress, bool done);

  std::ostream& m_err;
  std::chrono::milliseconds m_quiet_for;
  git::TransferProgress m_last;
  Clock::time_point m_started;
  Clock::time_point m_drawn;
  bool m_shown = false;
};

} // namespace ccsync::cli
