// Processes: parent pid, start times (to tell a live holder from a reused pid), liveness.
#pragma once

#include <cstdint>

namespace ccsync::platform {

long parent_process_id();

// The start time of process `pid` in clock ticks since boot (Linux /proc/<pid>/stat field 22);
// 0 when unknown (no such process, or no /proc).
std::int64_t process_start_time(long pid);

// True when process `pid` runs and, if `start_time` is not 0, started at `start_time`.
bool process_alive(long pid, std::int64_t start_time);

} // namespace ccsync::platform
