// Lock settings from the configuration, and the `lock show` table and JSON.
#pragma once

#include "cli/args.hpp"
#include "cli/context.hpp"
#include "lock/lock_record.hpp"
#include "sync/session_locks.hpp"

#include <vector>

namespace ccsync::cli {

sync::LockSettings lock_settings(const Context& context);
lock::Timing lock_timing(const Context& context);

// Prints the held locks of `records` (released ones are history, not locks).
void print_locks(Context& context, const std::vector<lock::LockRecord>& records, Format format);

} // namespace ccsync::cli
