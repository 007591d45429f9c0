// Sealing one object of an encrypted repository (issue 24): compressed (deflate at git's level:
// ciphertext does not compress, so git's zlib could no longer do that work), then encrypted with
// XChaCha20-Poly1305 under the repository key, with the object's path as associated data: a blob
// moved to another path, or a piece of one session spliced into another, does not open. The
// nonce is derived from the key, the path and the content (synthetic, as in SIV): an object
// sealed again unchanged at its path keeps its bytes and so its blob id (nothing to commit, as
// in a plain repository); any other object gets a nonce of its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/key.hpp"

namespace ccsync::crypto {

// The first bytes of every sealed object (format 1).
inline constexpr std::string_view k_sealed_magic = "CCSE1";

std::string seal(const RepoKey& key, std::string_view path, std::string_view plain);

// A name for `text` (a project's path) that reveals nothing of it to whoever lacks the key: 32
// hex digits of a keyed BLAKE2b, equal for equal text under one key.
std::string sealed_name(const RepoKey& key, std::string_view text);

// The plain bytes of `sealed` at `path`; nothing if it is not a sealed object, was sealed for
// another path or under another key, or was changed.
std::optional<std::string> open(const RepoKey& key, std::string_view path, std::string_view sealed);

} // namespace ccsync::crypto
