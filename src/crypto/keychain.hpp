// The repository key in the OS keychain (issue 24): the Secret Service of the desktop session
// (GNOME Keyring, KeePassXC, KWallet's bridge) through libsecret, where a session bus is present.
// Every call is bounded (a keychain that does not answer, or waits on an unlock prompt no one
// sees, costs its timeout and counts as no keychain); the key file is the fallback. Keys are
// stored under the ccsync home they belong to, so two ccsync homes keep two keys.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "crypto/key.hpp"

namespace ccsync::crypto {

inline constexpr std::chrono::milliseconds k_keychain_timeout{3000};

// Stores `key` for `ccsync_home` (replacing what was there); false when there is no keychain to
// store it in (no service, locked, refused, too slow).
bool keychain_store(const std::string& ccsync_home, const RepoKey& key,
                    std::chrono::milliseconds timeout = k_keychain_timeout);

// The key stored for `ccsync_home`, or nothing (none stored, no keychain, too slow).
std::optional<RepoKey> keychain_load(const std::string& ccsync_home,
                                     std::chrono::milliseconds timeout = k_keychain_timeout);

} // namespace ccsync::crypto
