// How a pending write reaches its target, for atomic_file.cpp and write_batch.cpp; not an
// interface for other modules (they use AtomicFile, WriteBatch and remove_file_if_unchanged).
#pragma once

#include "platform/fs.hpp"

#include <filesystem>
#include <vector>

namespace ccsync::platform {

// True when the target of `write` still is what was seen (or nothing was seen).
bool still_as_seen(const PendingWrite& write);

// Puts `write` in place if its target still is what was seen, right before the rename, the
// append or the removal; false when it was left alone. The temporary file is gone afterwards
// either way, but for a rename that did not land. Error{io} when writing fails.
bool land(const PendingWrite& write);

// Makes `files` durable: an fsync each when they are few, else one syncfs per file system.
void make_durable(const std::vector<std::filesystem::path>& files);

// An fsync of the directory `dir` (best effort: some file systems refuse it).
void fsync_dir(const std::filesystem::path& dir);

} // namespace ccsync::platform
