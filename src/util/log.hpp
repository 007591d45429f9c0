// Logging: spdlog to <ccsync home>/logs/ccsync.log, one line per event with time and pid, flushed
// at once because many short-lived ccsync processes share the file. Never to stdout: in hook mode
// stdout belongs to Claude Code.
#pragma once

#include <cstdint>
#include <filesystem>

namespace ccsync::util {

// Sends the default logger to `file` (and also to stderr when `verbose`). Until this is called,
// log calls go nowhere. If the file cannot be opened, logging stays off (it is diagnostics only).
void init_logging(const std::filesystem::path& file, bool verbose);

// Moves `file` aside to "<file>.1" (replacing an older one) when it is larger than `most_bytes`.
// Only one process may do this at a time (the one holding the repository lock); every process
// writing the log follows the rotation within a few seconds.
void rotate_log(const std::filesystem::path& file, std::uintmax_t most_bytes);

// The size past which the log is rotated: with the rotated file, the log takes 8 MiB at most.
inline constexpr std::uintmax_t k_log_most_bytes = std::uintmax_t{4} << 20;

// Sends log calls nowhere (spdlog's own default would write to stdout). Called first thing.
void silence_logging();

} // namespace ccsync::util
