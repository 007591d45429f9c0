// The sync repository's format version, written into its ccsync.json (repo/registry.hpp) and
// shown by `status`. 1: sessions/<id>/ (read through repo/upgrade.hpp); 2: sessions/<shard>/<id>/
// with chunked transcripts and log-structured tails (store/session_store.hpp); 3: format 2,
// encrypted.
#pragma once

namespace ccsync::sync {

inline constexpr int k_format_version = 2;
// Format 2 with every object but ccsync.json sealed (store/sealing.hpp): an encrypted repository.
// Its own number, so that a ccsync that cannot open it refuses it ("update ccsync") instead of
// reading ciphertext as transcripts; plain repositories stay format 2.
inline constexpr int k_encrypted_format_version = 3;

} // namespace ccsync::sync
