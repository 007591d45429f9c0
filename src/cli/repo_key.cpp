// Making, taking and keeping the repository key (see repo_key.hpp).
#include "cli/repo_key.hpp"

#include "cli/passphrase.hpp"
#include "config/token.hpp"
#include "sync/repo/registry.hpp"
#include "util/error.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

const char* const k_join_hint =
  "give it the repository's key: --key-file FILE holding the recovery string that 'ccsync key "
  "export' prints on a machine that has it, or CCSYNC_KEY=<recovery string>";

crypto::RepoKey
key_in_file(const std::filesystem::path& file)
{
  auto key = crypto::RepoKey::load(file);
  if (!key) {
    throw Error(ErrorKind::usage, "'" + file.string() + "' holds no ccsync recovery string",
                "give the file 'ccsync key export' wrote (one line: ccsync-key-1-...)");
  }
  return std::move(*key);
}

void
refuse_other_key(const crypto::RepoKey& key, const sync::EncryptionRecord& record,
                 const std::string& what)
{
  if (key.check_value() != record.key_check) {
    throw Error(ErrorKind::auth, what + " does not open the sync repository (nothing was written)",
                "use the key of this repository: 'ccsync key export' on a machine that syncs "
                "with it prints it (after a 'key rotate' there, the new one)");
  }
}

NewKey
given_key(const std::filesystem::path& file)
{
  crypto::RepoKey key = key_in_file(file);
  sync::EncryptionRecord record = sync::record_of(key, std::nullopt);
  return {std::move(key), std::move(record)};
}

crypto::RepoKey
key_from_passphrase(const Context& context, const crypto::PassphraseParams& params)
{
  const std::string passphrase =
    ask_passphrase(context.env, "Passphrase of the sync repository", Confirm::no);
  auto key = crypto::RepoKey::from_passphrase(passphrase, params);
  if (!key) {
    throw Error(ErrorKind::config, "the repository's passphrase parameters cannot be used here",
                "ccsync.json asks for more than this machine can give; restore it from history");
  }
  return std::move(*key);
}

} // namespace

std::string
key_location(const Context& context)
{
  if (std::filesystem::exists(context.dirs.key_file())) {
    return context.dirs.key_file().string() + " (mode 0600)";
  }
  return "the desktop session's keychain (Secret Service), under this ccsync home";
}

NewKey
make_new_key(const Context& context, bool passphrase)
{
  if (!passphrase) {
    crypto::RepoKey key = crypto::RepoKey::generate();
    sync::EncryptionRecord record = sync::record_of(key, std::nullopt);
    return {std::move(key), std::move(record)};
  }
  const std::string text =
    ask_passphrase(context.env, "New passphrase for the sync repository", Confirm::yes);
  const crypto::PassphraseParams params = crypto::RepoKey::new_passphrase_params();
  auto key = crypto::RepoKey::from_passphrase(text, params);
  if (!key) {
    throw Error(ErrorKind::io, "deriving the key from the passphrase failed (out of memory?)");
  }
  sync::EncryptionRecord record = sync::record_of(*key, params);
  return {std::move(*key), std::move(record)};
}

void
take_repository_key(const Context& context, sync::SyncRepo& repo,
                    const std::optional<std::filesystem::path>& key_file)
{
  const sync::EncryptionRecord record = *repo.sealing().record();
  std::optional<crypto::RepoKey> key;
  if (key_file) {
    key = key_in_file(*key_file);
    refuse_other_key(*key, record, "the key in '" + key_file->string() + "'");
  } else if (repo.sealing().key() && repo.sealing().key()->check_value() == record.key_check) {
    key = repo.sealing().key();
  } else if (record.passphrase) {
    key = key_from_passphrase(context, *record.passphrase);
    refuse_other_key(*key, record, "that passphrase");
  } else if (repo.sealing().key()) {
    refuse_other_key(*repo.sealing().key(), record, "the key this machine has");
  } else {
    throw Error(ErrorKind::auth, "the sync repository is encrypted and this machine has no key",
                k_join_hint);
  }
  sync::keep_key(context.dirs, *key);
  repo.sealing().set_keys({*key});
}

Resealed
reseal_under_new_key(const Context& context, sync::SyncRepo& repo, bool passphrase,
                     const std::string& message)
{
  const NewKey made = make_new_key(context, passphrase);
  Resealed resealed{sync::rewrite_under(repo, made.key, made.record, message),
                    made.record.passphrase.has_value()};
  sync::keep_key(context.dirs, made.key);
  sync::remember_encrypted(context.dirs, context.config.config.remote.value);
  return resealed;
}

std::optional<sync::EncryptionRecord>
prepare_init_encryption(const Context& context, sync::SyncRepo& repo,
                        const sync::RemoteState& remote, const EncryptionOptions& options)
{
  if (repo.sealing().record()) {
    take_repository_key(context, repo, options.key_file);
    return std::nullopt;
  }
  if (!options.encrypt) {
    if (options.key_file) {
      throw Error(ErrorKind::usage, "--key-file is for an encrypted repository; this one is not",
                  "to encrypt it, run 'ccsync encrypt' after init");
    }
    return std::nullopt;
  }
  if (!remote.branches.empty()) {
    throw Error(ErrorKind::usage, "the sync repository already holds sessions unencrypted",
                "'ccsync encrypt' converts it (its history keeps the plaintext), or start a "
                "fresh remote: 'ccsync init --encrypt --remote NEW_URL --force'");
  }
  const NewKey made =
    options.key_file ? given_key(*options.key_file) : make_new_key(context, options.passphrase);
  sync::keep_key(context.dirs, made.key); // kept before anything is pushed
  repo.sealing().begin_rewrite(made.key);
  return made.record;
}

// The marker of a new repository: plain, or recording `encryption` (init --encrypt). A marker
// another machine wrote meanwhile stays; one that is plain refuses an --encrypt init.
std::optional<git::Change>
init_marker(const sync::Snapshot& snapshot, const std::string& machine_id,
            const std::optional<sync::EncryptionRecord>& encryption)
{
  if (!encryption) {
    return sync::marker_change(snapshot, machine_id);
  }
  if (snapshot.read(sync::k_marker_path)) {
    throw Error(ErrorKind::conflict, "another machine created the sync repository meanwhile",
                "nothing was pushed; run 'ccsync init' again to join it (with --key-file when it "
                "is encrypted; 'ccsync encrypt' encrypts it when it is not)");
  }
  return sync::encrypted_marker(snapshot, *encryption, machine_id);
}

void
print_key_advice(const Context& context)
{
  context.out << "The sync repository is encrypted. This machine's key: " << key_location(context)
              << "\n"
              << "Keep a copy somewhere safe: 'ccsync key export' prints it; without the key "
                 "(or the passphrase) nothing in the repository can be read, by anyone.\n";
}

} // namespace ccsync::cli
