// The repository key as commands handle it (issue 24): made for a new encrypted repository
// (`init --encrypt`, `encrypt`, `key rotate`), taken when a machine joins one (`init`, `key
// import`), checked against ccsync.json's key check before anything is written, and kept in
// <ccsync home>/key (0600).
#pragma once

#include "cli/context.hpp"
#include "sync/repo/encryption.hpp"
#include "sync/repo/remote_state.hpp"

#include <filesystem>
#include <optional>

namespace ccsync::cli {

struct EncryptionOptions {
  bool encrypt = false;                          // init --encrypt
  bool passphrase = false;                       // --passphrase: a key derived from one
  std::optional<std::filesystem::path> key_file; // --key-file: a recovery string
};

struct NewKey {
  crypto::RepoKey key;
  sync::EncryptionRecord record;
};

// A new key: from a passphrase asked twice, or random.
NewKey make_new_key(const Context& context, bool passphrase);

// Makes `repo` (encrypted) readable here: the key from --key-file, from CCSYNC_KEY or the key
// file when it is the repository's, else the passphrase (asked) of a passphrase repository; it
// becomes this machine's key file. Throws Error{auth} for a key that does not open the
// repository, and Error{auth} when there is none, each before anything is written.
void take_repository_key(const Context& context, sync::SyncRepo& repo,
                         const std::optional<std::filesystem::path>& key_file);

// Seals the repository's tip again under a new key (a passphrase's, or random), then keeps the
// key and remembers the repository as encrypted: `key rotate` and `encrypt`.
struct Resealed {
  sync::RewriteReport report;
  bool passphrase = false; // the new key is derived from a passphrase
};
Resealed reseal_under_new_key(const Context& context, sync::SyncRepo& repo, bool passphrase,
                              const std::string& message);

// Init's step for encryption, after the refresh and before the registration commit: joins an
// encrypted repository (take_repository_key), or, for --encrypt on an empty one, makes the key
// (kept before anything is pushed) and returns the record the first commit writes, its writes
// sealed under it. Refuses --encrypt on a repository that holds plaintext (`ccsync encrypt`
// converts one).
std::optional<sync::EncryptionRecord> prepare_init_encryption(const Context& context,
                                                              sync::SyncRepo& repo,
                                                              const sync::RemoteState& remote,
                                                              const EncryptionOptions& options);

// The marker of a new repository: plain, or recording `encryption` (init --encrypt). A marker
// another machine wrote meanwhile stays; one that is plain refuses an --encrypt init.
std::optional<git::Change> init_marker(const sync::Snapshot& snapshot,
                                       const std::string& machine_id,
                                       const std::optional<sync::EncryptionRecord>& encryption);

// Where this machine keeps the key, in words: the key file, or the keychain.
std::string key_location(const Context& context);

// What a person must know about the key once a repository is encrypted here.
void print_key_advice(const Context& context);

} // namespace ccsync::cli
