// Making a sync repository encrypted and changing its key (issue 24): the record ccsync.json
// keeps, the marker that carries it, and the rewrite of the tip (main and every lock ref) under a
// new key. What "sealed" means is store/sealing.hpp; the key itself is crypto/key.hpp.
#pragma once

#include "git/repository.hpp"
#include "sync/repo/sync_repo.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "crypto/key.hpp"

namespace ccsync::sync {

// The record of `key` (derived from a passphrase with `passphrase`, when it was).
EncryptionRecord record_of(const crypto::RepoKey& key,
                           const std::optional<crypto::PassphraseParams>& passphrase);

// ccsync.json saying the repository is encrypted under `record` (format 3), written by
// `machine_id` when the repository has no marker yet; the rest of an existing marker kept.
git::Change encrypted_marker(const Snapshot& snapshot, const EncryptionRecord& record,
                             const std::string& machine_id);

// The keys this machine has, best first: CCSYNC_KEY (a recovery string, `from_env`), the key
// file, a key a rotation interrupted before it was kept (key file ".next"), the key a rotation or
// a new key replaced (".prev": it still opens lock records a rotation did not reach). Throws
// Error{config} when CCSYNC_KEY is set but is no recovery string.
std::vector<crypto::RepoKey> machine_keys(const platform::Dirs& dirs,
                                          const std::optional<std::string>& from_env);

// Where this machine keeps the key.
enum class KeyHome { keychain, file };

// Keeps `key` as this machine's key: in the desktop session's keychain when there is one (then
// no key file is left behind, once the keychain gives the key back), else in the key file.
KeyHome keep_key(const platform::Dirs& dirs, const crypto::RepoKey& key);

// When key.next holds the key `record` names and the key file does not (a rotation stopped after
// pushing main), key.next becomes the key file and the old key key.prev.
void promote_next_key(const platform::Dirs& dirs, const std::optional<EncryptionRecord>& record);

// That the repository at `remote_url` is encrypted, as this machine knows it (written when it
// joins, encrypts or rotates one; <ccsync home>/encrypted-remote): a later ccsync.json without
// the record is refused (Sealing::expect_encrypted).
void remember_encrypted(const platform::Dirs& dirs, const std::string& remote_url);
bool remembered_encrypted(const platform::Dirs& dirs, const std::string& remote_url);

// The keys the keychain holds for this ccsync home (none without a session bus).
std::vector<crypto::RepoKey> keychain_keys(const platform::Dirs& dirs);

struct RewriteReport {
  std::size_t files = 0;   // files of main sealed anew
  std::size_t locks = 0;   // lock records sealed anew
  std::uint64_t bytes = 0; // their plain bytes
};

// Seals the whole tip again under `key` (recorded as `record`): every file of main in one
// commit with the new ccsync.json, then every lock ref. The key is kept in `<key file>.next`
// before anything is pushed and becomes the key file (the old one key.prev) once every lock ref
// is done, so an interrupted rewrite never leaves the repository under a key this machine lost,
// and the old key still opens what it did not reach. History keeps what it held before (older
// commits are not rewritten).
RewriteReport rewrite_under(SyncRepo& repo, const crypto::RepoKey& key,
                            const EncryptionRecord& record, const std::string& message);

} // namespace ccsync::sync
