// Lock settings from the configuration, and the `lock show` table and JSON.
#pragma once

#include "cli/args.hpp"
#include "cli/context.hpp"
#include "lock/lock_record.hpp"
#include "sync/repo/session_locks.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ccsync::cli {

sync::LockSettings lock_settings(const Context& context);

// The takeover question on the terminal ("Session ... is locked by ... Take over? [y/N]"), as a
// TakeoverPolicy: take when the person says yes, decline when they say no. `yes` (--yes) answers
// it without asking; with no terminal it is refused. Asked once per lock record: the lock's
// transaction may decide again (another machine's push came first), and the same holder is not
// asked about twice.
class TakeoverPrompt {
public:
  TakeoverPrompt(Context& context, bool yes)
      : m_context(context)
      , m_yes(yes)
  {}

  sync::Takeover operator()(const lock::LockRecord& holder);

private:
  Context& m_context;
  bool m_yes;
  std::map<std::pair<std::string, std::uint64_t>, sync::Takeover> m_answers;
};

// What `lock acquire` and `resume` say when the person declined to take the lock over.
std::string declined_words(const lock::LockRecord& holder);
lock::Timing lock_timing(const Context& context);

// Prints the held locks of `records` (released ones are history, not locks), and the sessions
// whose lock is `damaged`, each with its repair.
void print_locks(Context& context, const std::vector<lock::LockRecord>& records,
                 const std::vector<std::string>& damaged, Format format);

// The command that repairs the damaged lock of `session_id`.
std::string lock_repair_command(const std::string& session_id);

} // namespace ccsync::cli
