// The repository key: generation, Argon2id derivation, the key file, check value and recovery
// string (see key.hpp).
#include "crypto/key.hpp"

#include "platform/fs.hpp"
#include "util/error.hpp"

#include <sodium.h>

namespace ccsync::crypto {

namespace {

constexpr std::string_view k_recovery_prefix = "ccsync-key-1-";
constexpr std::string_view k_check_constant = "ccsync repository key check 1";
constexpr std::size_t k_salt_bytes = crypto_pwhash_SALTBYTES;

std::string
to_hex(const std::uint8_t* bytes, std::size_t size)
{
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

// `hex` decoded into exactly `size` bytes at `out`; false if it is not that.
bool
from_hex(std::string_view hex, std::uint8_t* out, std::size_t size)
{
  std::size_t written = 0;
  return hex.size() == size * 2 &&
         sodium_hex2bin(out, size, hex.data(), hex.size(), nullptr, &written, nullptr) == 0 &&
         written == size;
}

// The checksum a recovery string ends with: the first 4 bytes of BLAKE2b of its key part.
std::string
checksum_of(std::string_view key_hex)
{
  std::array<std::uint8_t, 4> sum{};
  crypto_generichash(sum.data(), sum.size(), reinterpret_cast<const unsigned char*>(key_hex.data()),
                     key_hex.size(), nullptr, 0);
  return to_hex(sum.data(), sum.size());
}

} // namespace

void
ensure_sodium()
{
  static const int rc = sodium_init();
  if (rc < 0) {
    throw Error(ErrorKind::internal, "libsodium could not be initialised");
  }
}

RepoKey::~RepoKey()
{
  sodium_memzero(m_bytes.data(), m_bytes.size());
}

RepoKey
RepoKey::generate()
{
  ensure_sodium();
  RepoKey key;
  randombytes_buf(key.m_bytes.data(), key.m_bytes.size());
  return key;
}

PassphraseParams
RepoKey::new_passphrase_params()
{
  ensure_sodium();
  std::array<std::uint8_t, k_salt_bytes> salt{};
  randombytes_buf(salt.data(), salt.size());
  PassphraseParams params;
  params.salt_hex = to_hex(salt.data(), salt.size());
  params.operations = crypto_pwhash_OPSLIMIT_MODERATE;
  params.memory_bytes = crypto_pwhash_MEMLIMIT_MODERATE;
  return params;
}

std::optional<RepoKey>
RepoKey::from_passphrase(std::string_view passphrase, const PassphraseParams& params)
{
  ensure_sodium();
  std::array<std::uint8_t, k_salt_bytes> salt{};
  if (!from_hex(params.salt_hex, salt.data(), salt.size()) ||
      params.operations > k_max_passphrase_operations ||
      params.memory_bytes > k_max_passphrase_memory) {
    return std::nullopt;
  }
  RepoKey key;
  if (crypto_pwhash(key.m_bytes.data(), key.m_bytes.size(), passphrase.data(), passphrase.size(),
                    salt.data(), params.operations, params.memory_bytes,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::nullopt;
  }
  return key;
}

std::optional<RepoKey>
RepoKey::from_recovery(std::string_view text)
{
  ensure_sodium();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  if (!text.starts_with(k_recovery_prefix)) {
    return std::nullopt;
  }
  text.remove_prefix(k_recovery_prefix.size());
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos ||
      checksum_of(text.substr(0, dash)) != text.substr(dash + 1)) {
    return std::nullopt;
  }
  RepoKey key;
  if (!from_hex(text.substr(0, dash), key.m_bytes.data(), key.m_bytes.size())) {
    return std::nullopt;
  }
  return key;
}

std::optional<RepoKey>
RepoKey::load(const std::filesystem::path& file)
{
  const auto text = platform::read_file(file);
  return text ? from_recovery(*text) : std::nullopt;
}

void
RepoKey::save(const std::filesystem::path& file) const
{
  platform::write_file_atomic(file, recovery() + "\n", 0600);
}

std::string
RepoKey::recovery() const
{
  const std::string hex = to_hex(m_bytes.data(), m_bytes.size());
  return std::string(k_recovery_prefix) + hex + "-" + checksum_of(hex);
}

std::string
RepoKey::check_value() const
{
  ensure_sodium();
  std::array<std::uint8_t, 16> check{};
  crypto_generichash(check.data(), check.size(),
                     reinterpret_cast<const unsigned char*>(k_check_constant.data()),
                     k_check_constant.size(), m_bytes.data(), m_bytes.size());
  return to_hex(check.data(), check.size());
}

} // namespace ccsync::crypto
