// The repository key of an encrypted sync repository (issue 24): 256 random bits, or derived from
// a passphrase with Argon2id. Its check value (a keyed hash of a constant, never the key) is what
// the repository records so that a wrong key is refused before anything is written; its recovery
// string is what `ccsync key export` would print. Pure but for the key file (0600, atomic).
// Not yet used by the engine: the wiring into the repository's format is the rest of issue 24.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ccsync::crypto {

// Argon2id's cost and salt, as the repository would record them for a passphrase.
struct PassphraseParams {
  std::string salt_hex;         // 16 random bytes
  std::uint64_t operations = 3; // libsodium's "moderate" limits
  std::uint64_t memory_bytes = std::uint64_t{256} << 20U;
};

// Initialises libsodium once (every entry point of crypto/ calls it first).
void ensure_sodium();

// The most Argon2id may be asked for (libsodium's "sensitive" limits): a damaged repository
// asking for more is refused, not obeyed.
inline constexpr std::uint64_t k_max_passphrase_operations = 4;
inline constexpr std::uint64_t k_max_passphrase_memory = std::uint64_t{1} << 30U;

class RepoKey {
public:
  static constexpr std::size_t k_bytes = 32;

  static RepoKey generate();
  // The key of `passphrase` under `params`; nothing if libsodium cannot derive it (out of memory).
  static std::optional<RepoKey> from_passphrase(std::string_view passphrase,
                                                const PassphraseParams& params);
  static PassphraseParams new_passphrase_params();
  // The key in `file` (its recovery string); nothing if there is none or it is damaged.
  static std::optional<RepoKey> load(const std::filesystem::path& file);
  // Parses a recovery string ("ccsync-key-1-<hex>-<check>"); nothing if it is malformed or its
  // checksum is wrong.
  static std::optional<RepoKey> from_recovery(std::string_view text);

  RepoKey(const RepoKey&) = default;
  RepoKey& operator=(const RepoKey&) = default;
  RepoKey(RepoKey&&) = default;
  RepoKey& operator=(RepoKey&&) = default;
  ~RepoKey();

  // Writes the recovery string to `file` (mode 0600, atomically).
  void save(const std::filesystem::path& file) const;
  std::string recovery() const;
  // A keyed hash of a constant: equal check values mean the same key.
  std::string check_value() const;

  const std::array<std::uint8_t, k_bytes>&
  bytes() const noexcept
  {
    return m_bytes;
  }

private:
  RepoKey() = default;
  std::array<std::uint8_t, k_bytes> m_bytes{};
};

} // namespace ccsync::crypto
