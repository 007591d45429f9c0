// The wall clock, behind one function: everything in ccsync that asks the time asks util::now(),
// so that tests can move one machine's clock without waiting for it. A test sets
// CCSYNC_TEST_CLOCK_OFFSET=SECONDS (added to the real time, negative allowed; read once per
// process); a lock test then takes a lock "an hour later" instead of sleeping out its TTL. It is
// a test seam: nothing a person configures, and not in `config show`.
#pragma once

#include <chrono>
#include <cstdint>

namespace ccsync::util {

inline constexpr const char* k_test_clock_offset_variable = "CCSYNC_TEST_CLOCK_OFFSET";

// The time now, moved by the test offset when one is set.
std::chrono::system_clock::time_point now();

// Seconds since the epoch now (util::now()).
std::int64_t now_epoch();

} // namespace ccsync::util
