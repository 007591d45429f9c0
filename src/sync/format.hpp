// The sync repository's format version, written into its ccsync.json (repo/registry.hpp) and
// shown by `status`. 1: sessions/<id>/ (read through repo/upgrade.hpp); 2: sessions/<shard>/<id>/
// with chunked transcripts and log-structured tails (store/session_store.hpp).
#pragma once

namespace ccsync::sync {

inline constexpr int k_format_version = 2;

} // namespace ccsync::sync
