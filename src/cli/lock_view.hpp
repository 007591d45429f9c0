// Lock settings from the configuration, and the `lock show` table and JSON.
#pragma once

#include "cli/args.hpp"
#include "cli/context.hpp"
#include "lock/lock_record.hpp"
#include "sync/repo/session_locks.hpp"

#include <vector>

namespace ccsync::cli {

sync::LockSettings lock_settings(const Context& context);

// The takeover question on the terminal ("Session ... is locked by ... Take over? [y/N]"): true
// when the person said yes. `yes` (--yes) answers it without asking; no terminal means no.
bool should_take_over(Context& context, const lock::LockRecord& holder, bool yes);
lock::Timing lock_timing(const Context& context);

// Prints the held locks of `records` (released ones are history, not locks), and the sessions
// whose lock is `damaged`, each with its repair.
void print_locks(Context& context, const std::vector<lock::LockRecord>& records,
                 const std::vector<std::string>& damaged, Format format);

// The command that repairs the damaged lock of `session_id`.
std::string lock_repair_command(const std::string& session_id);

} // namespace ccsync::cli
