// Sealing one object of an encrypted repository (issue 24): compressed (deflate at git's level:
// ciphertext does not compress, so git's zlib could no longer do that work), then encrypted with
// XChaCha20-Poly1305 under the repository key, with the object's path as associated data: a blob
// moved to another path, or a piece of one session spliced into another, does not open. Each
// seal draws a fresh nonce, so equal objects are not recognisable as equal.
// Not yet used by the engine: the wiring into the repository's format is the rest of issue 24.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/key.hpp"

namespace ccsync::crypto {

// The first bytes of every sealed object (format 1).
inline constexpr std::string_view k_sealed_magic = "CCSE1";

std::string seal(const RepoKey& key, std::string_view path, std::string_view plain);

// The plain bytes of `sealed` at `path`; nothing if it is not a sealed object, was sealed for
// another path or under another key, or was changed.
std::optional<std::string> open(const RepoKey& key, std::string_view path, std::string_view sealed);

} // namespace ccsync::crypto
