// How the sync repository stores its objects: as they are, or sealed under the repository key
// (an encrypted repository, issue 24; crypto/sealed.hpp). ccsync.json says which, and is the one
// file never sealed. Snapshots open what they read through this; the repository's writes seal
// through it, with the object's place as associated data: its path on main, "<ref>/<path>" on
// any other ref (a lock record moved to another session's ref does not open).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/key.hpp"

namespace ccsync::sync {

// What an encrypted repository's ccsync.json records (never the key).
struct EncryptionRecord {
  std::string key_check;                              // crypto::RepoKey::check_value()
  std::optional<crypto::PassphraseParams> passphrase; // a key derived from a passphrase
};

// The record in ccsync.json's text; nothing for a plain repository. Throws Error{config} when
// the record is there but damaged.
std::optional<EncryptionRecord> encryption_of(std::string_view marker_text);

class Sealing {
public:
  // The repository's state as its newest main says (nothing: plain).
  void
  set_repository(std::optional<EncryptionRecord> record)
  {
    m_record = std::move(record);
    choose_key();
  }
  // The keys this machine has, best first (encryption.hpp's machine_keys): the one the
  // repository's record names is used, else the first.
  void
  set_keys(std::vector<crypto::RepoKey> keys)
  {
    m_keys = std::move(keys);
    choose_key();
  }
  // This machine knows the repository to be encrypted (it joined, encrypted or rotated it): a
  // ccsync.json without the record is then refused, and nothing is written in plaintext.
  void
  expect_encrypted(bool expected)
  {
    m_expected = expected;
  }

  // Where more keys come from when none of those given is the repository's (the keychain: asked
  // only then, and once).
  void
  set_key_source(std::function<std::vector<crypto::RepoKey>()> source)
  {
    m_key_source = std::move(source);
  }

  // While the tip is rewritten under another key (`ccsync encrypt`, `key rotate`): writes are
  // sealed under `key`; reads open plain objects and objects of the key held until then.
  void begin_rewrite(crypto::RepoKey key);
  // Makes the rewrite's key this machine's only key, the rewrite done.
  void finish_rewrite();

  const std::optional<EncryptionRecord>&
  record() const noexcept
  {
    return m_record;
  }
  const std::optional<crypto::RepoKey>&
  key() const noexcept
  {
    return m_key;
  }

  // Throws Error{auth}, saying what to do, when the repository is encrypted and this machine
  // has no key, or a key that is not the repository's.
  void require_key() const;

  // True when writes are sealed (an encrypted repository, or a rewrite under way).
  bool
  writes_sealed() const noexcept
  {
    return m_rewrite_key || m_record || m_expected;
  }

  std::string seal(std::string_view place, std::string content) const;

  // The name of a repository folder that stands for `text` (a project's portable path): its
  // percent-encoding in a plain repository; in an encrypted one a keyed hash (tree names are not
  // sealed), the text itself kept sealed in the folder's k_folder_text_file.
  std::string folder_name(std::string_view text) const;
  // True when what the repository holds can be opened here (plain, or this machine has its key).
  bool can_open() const noexcept;

  // The plain content of `stored` at `place`. Throws Error{auth} when the repository is encrypted
  // and this machine has no key, or the wrong one. An object that does not open (changed, moved
  // from another path, damaged), or one stored plain in an encrypted repository, is never handed
  // out: it reads as absent (logged), as a damaged file does, so one bad object holds back only
  // what it belongs to. A lock record ("refs/..." places) that does not open reads as an empty,
  // damaged record, which the lock commands repair; one stored plain (a rewrite interrupted
  // between main and the lock refs) is read as it is: lock records hold no conversation. Older
  // keys this machine has still open lock records a rotation did not reach.
  std::optional<std::string> open(std::string_view place, std::optional<std::string> stored) const;

private:
  void choose_key();
  std::optional<std::string> opened_by_any(std::string_view place, const std::string& stored) const;
  const crypto::RepoKey& writing_key() const;

  std::optional<EncryptionRecord> m_record;
  std::vector<crypto::RepoKey> m_keys;
  std::optional<crypto::RepoKey> m_key;
  std::optional<crypto::RepoKey> m_rewrite_key;
  bool m_expected = false;
  std::function<std::vector<crypto::RepoKey>()> m_key_source;
};

// The file in a folder named by Sealing::folder_name that holds the text the name stands for
// ('@': one of ccsync's names, never a file of the folder's own).
inline constexpr const char* k_folder_text_file = "@name";

// What a path's place starts with on a ref: nothing on main, "<ref>/" on any other.
std::string place_prefix(std::string_view ref, std::string_view main_ref);

} // namespace ccsync::sync
