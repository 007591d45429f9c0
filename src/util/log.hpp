// Logging: spdlog to <ccsync home>/logs/ccsync.log, one line per event with time and pid, flushed
// at once because many short-lived ccsync processes share the file. Never to stdout: in hook mode
// stdout belongs to Claude Code.
#pragma once

#include <filesystem>

namespace ccsync::util {

// Sends the default logger to `file` (and also to stderr when `verbose`). Until this is called,
// log calls go nowhere. If the file cannot be opened, logging stays off (it is diagnostics only).
void init_logging(const std::filesystem::path& file, bool verbose);

// Sends log calls nowhere (spdlog's own default would write to stdout). Called first thing.
void silence_logging();

} // namespace ccsync::util
