// Sealing and opening the sync repository's objects (see sealing.hpp).
#include "sync/store/sealing.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "crypto/sealed.hpp"

namespace ccsync::sync {
using nlohmann::json;

namespace {

// The one file never sealed: it says how the others are stored.
constexpr std::string_view k_plain_place = "ccsync.json";

const char* const k_key_hint =
  "give this machine the repository's key: 'ccsync key import FILE' with the recovery string "
  "'ccsync key export' prints on a machine that has it (or CCSYNC_KEY=<recovery string>; for a "
  "passphrase repository, 'ccsync key import --passphrase')";

std::optional<crypto::PassphraseParams>
passphrase_of(const json& record)
{
  const auto found = record.find("passphrase");
  if (found == record.end()) {
    return std::nullopt;
  }
  const json& p = *found;
  if (!p.is_object() || !p.contains("salt") || !p.at("salt").is_string() ||
      !p.contains("operations") || !p.at("operations").is_number_unsigned() ||
      !p.contains("memory_bytes") || !p.at("memory_bytes").is_number_unsigned()) {
    throw Error(ErrorKind::config, "ccsync.json's passphrase record is damaged",
                "restore ccsync.json from the repository's history");
  }
  return crypto::PassphraseParams{p.at("salt").get<std::string>(),
                                  p.at("operations").get<std::uint64_t>(),
                                  p.at("memory_bytes").get<std::uint64_t>()};
}

} // namespace

std::optional<EncryptionRecord>
encryption_of(std::string_view marker_text)
{
  const json marker = json::parse(marker_text, nullptr, false);
  const auto found = marker.is_object() ? marker.find("encryption") : json::const_iterator();
  if (!marker.is_object() || found == marker.end()) {
    const auto version = marker.is_object() ? marker.find("format_version") : marker.end();
    if (marker.is_object() && version != marker.end() && *version == 3) {
      throw Error(ErrorKind::config,
                  "ccsync.json says format 3 (encrypted) but has no encryption "
                  "record: it is damaged, or someone changed it",
                  "restore ccsync.json from the repository's history");
    }
    return std::nullopt;
  }
  if (!found->is_object() || !found->contains("key_check") || !found->at("key_check").is_string()) {
    throw Error(ErrorKind::config, "ccsync.json's encryption record is damaged",
                "restore ccsync.json from the repository's history");
  }
  return EncryptionRecord{found->at("key_check").get<std::string>(), passphrase_of(*found)};
}

std::string
place_prefix(std::string_view ref, std::string_view main_ref)
{
  return ref == main_ref ? std::string() : std::string(ref) + "/";
}

void
Sealing::choose_key()
{
  m_key.reset();
  const auto matching = [&] {
    const auto found = std::find_if(m_keys.begin(), m_keys.end(), [&](const crypto::RepoKey& key) {
      return !m_record || key.check_value() == m_record->key_check;
    });
    if (found != m_keys.end()) {
      m_key = *found;
    }
    return found != m_keys.end();
  };
  if (matching()) {
    return;
  }
  if (m_record && m_key_source) {
    const auto source = std::exchange(m_key_source, nullptr); // asked once
    for (auto& key : source()) {
      m_keys.push_back(std::move(key));
    }
    if (matching()) {
      return;
    }
  }
  if (!m_keys.empty()) {
    m_key = m_keys.front();
  }
}

void
Sealing::begin_rewrite(crypto::RepoKey key)
{
  m_rewrite_key = std::move(key);
}

void
Sealing::finish_rewrite()
{
  m_keys = {std::move(*m_rewrite_key)};
  m_rewrite_key.reset();
  choose_key();
}

void
Sealing::require_key() const
{
  if (m_rewrite_key) {
    return;
  }
  if (!m_record && m_expected) {
    throw Error(ErrorKind::config,
                "the sync repository is encrypted, and its ccsync.json no longer says so: someone "
                "with write access changed it; nothing was read or written",
                "restore ccsync.json from the repository's history; if the repository is meant "
                "to be plain now, remove <ccsync home>/encrypted-remote");
  }
  if (!m_record) {
    return;
  }
  if (!m_key) {
    throw Error(ErrorKind::auth, "the sync repository is encrypted and this machine has no key",
                k_key_hint);
  }
  if (m_key->check_value() != m_record->key_check) {
    throw Error(ErrorKind::auth,
                "the key this machine has does not open the sync repository (it is another "
                "repository's key, or the key was rotated on another machine)",
                k_key_hint);
  }
}

const crypto::RepoKey&
Sealing::writing_key() const
{
  if (m_rewrite_key) {
    return *m_rewrite_key;
  }
  require_key();
  return *m_key;
}

std::string
Sealing::seal(std::string_view place, std::string content) const
{
  if (place == k_plain_place || !writes_sealed()) {
    return content;
  }
  return crypto::seal(writing_key(), place, content);
}

std::string
Sealing::folder_name(std::string_view text) const
{
  return writes_sealed() ? crypto::sealed_name(writing_key(), text) : util::percent_encode(text);
}

bool
Sealing::can_open() const noexcept
{
  return !m_record || m_rewrite_key || (m_key && m_key->check_value() == m_record->key_check);
}

std::optional<std::string>
Sealing::opened_by_any(std::string_view place, const std::string& stored) const
{
  for (const auto* key : {m_key ? &*m_key : nullptr, m_rewrite_key ? &*m_rewrite_key : nullptr}) {
    if (key == nullptr) {
      continue;
    }
    if (auto plain = crypto::open(*key, place, stored)) {
      return plain;
    }
  }
  for (const auto& key : m_keys) { // an older key: lock records a rotation has not reached yet
    if (auto plain = crypto::open(key, place, stored)) {
      return plain;
    }
  }
  return std::nullopt;
}

std::optional<std::string>
Sealing::open(std::string_view place, std::optional<std::string> stored) const
{
  if (!stored || place == k_plain_place || (!m_record && !m_rewrite_key)) {
    return stored; // a plain repository holds what it holds, whatever its first bytes
  }
  const bool lock_record = place.starts_with("refs/");
  if (!stored->starts_with(crypto::k_sealed_magic)) {
    if (m_rewrite_key || lock_record) {
      return stored; // read for the rewrite; a lock record the rewrite has not reached
    }
    spdlog::error("'{}' is stored unencrypted in an encrypted repository: left unread (someone "
                  "with write access to the remote changed it)",
                  place);
    return std::nullopt;
  }
  require_key();
  if (auto plain = opened_by_any(place, *stored)) {
    return plain;
  }
  if (lock_record) {
    spdlog::warn("the lock record {} does not open with the repository's key", place);
    return std::string(); // a damaged record: the lock commands repair it
  }
  spdlog::error("'{}' does not open with the repository's key: left unread (it was changed, "
                "moved from another path, or damaged)",
                place);
  return std::nullopt;
}

} // namespace ccsync::sync
