// Sealing and opening objects of an encrypted repository (see sealed.hpp). Layout:
// "CCSE1", a 24-byte nonce, then XChaCha20-Poly1305 over (the plain size as 8 bytes
// little-endian, then the deflated plain bytes), with "ccsync:<path>" as associated data.
#include "crypto/sealed.hpp"

#include "util/error.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <vector>
#include <zlib.h>

namespace ccsync::crypto {

namespace {

constexpr std::size_t k_nonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t k_tag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
// git's own level (zlib's default): measured on real transcripts, level 1 leaves them 18 % larger
// than git stores them (0.319 vs 0.270 of their size), over the 1.1x the issue allows.
constexpr int k_level = Z_DEFAULT_COMPRESSION;
// The largest object opened: a claimed size above it is damage (or a decompression bomb).
constexpr std::uint64_t k_max_plain = std::uint64_t{1} << 30U;

std::string
associated(std::string_view path)
{
  return "ccsync:" + std::string(path);
}

// The nonce of `packed` (the deflated bytes it encrypts) at associated data `ad`: a keyed BLAKE2b
// of both (a synthetic nonce, as in SIV), under a key derived from the repository key for this use
// only. Equal objects at one path seal to equal bytes, so an unchanged file keeps its blob id (git
// already shows that it is unchanged); any other bytes encrypted get a nonce of their own, however
// the deflate of another zlib build differs.
void
derive_nonce(const RepoKey& key, std::string_view ad, std::string_view packed, unsigned char* nonce)
{
  constexpr std::string_view k_purpose = "ccsync sealed-object nonce 1";
  std::array<unsigned char, crypto_generichash_KEYBYTES> nonce_key{};
  crypto_generichash(nonce_key.data(), nonce_key.size(),
                     reinterpret_cast<const unsigned char*>(k_purpose.data()), k_purpose.size(),
                     key.bytes().data(), key.bytes().size());
  crypto_generichash_state state;
  crypto_generichash_init(&state, nonce_key.data(), nonce_key.size(), k_nonce);
  const std::uint64_t ad_size = ad.size();
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&ad_size),
                            sizeof ad_size);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(ad.data()), ad.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(packed.data()),
                            packed.size());
  crypto_generichash_final(&state, nonce, k_nonce);
  sodium_memzero(nonce_key.data(), nonce_key.size());
}

std::string
deflate_sized(std::string_view plain)
{
  uLongf size = compressBound(static_cast<uLong>(plain.size()));
  std::string out(8 + size, '\0');
  for (std::size_t i = 0; i < 8; ++i) {
    out[i] = static_cast<char>((static_cast<std::uint64_t>(plain.size()) >> (8 * i)) & 0xFFU);
  }
  if (compress2(reinterpret_cast<Bytef*>(out.data() + 8), &size,
                reinterpret_cast<const Bytef*>(plain.data()), static_cast<uLong>(plain.size()),
                k_level) != Z_OK) {
    throw Error(ErrorKind::internal, "deflate failed");
  }
  out.resize(8 + size);
  return out;
}

std::optional<std::string>
inflate_sized(std::string_view packed)
{
  if (packed.size() < 8) {
    return std::nullopt;
  }
  std::uint64_t size = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    size |= static_cast<std::uint64_t>(static_cast<unsigned char>(packed[i])) << (8 * i);
  }
  if (size > k_max_plain) {
    return std::nullopt;
  }
  std::string plain(size, '\0');
  auto written = static_cast<uLongf>(size);
  const int rc = uncompress(reinterpret_cast<Bytef*>(plain.data()), &written,
                            reinterpret_cast<const Bytef*>(packed.data() + 8),
                            static_cast<uLong>(packed.size() - 8));
  if (rc != Z_OK || written != size) {
    return std::nullopt;
  }
  return plain;
}

} // namespace

std::string
sealed_name(const RepoKey& key, std::string_view text)
{
  ensure_sodium();
  constexpr std::string_view k_purpose = "ccsync sealed-name key 1";
  std::array<unsigned char, crypto_generichash_KEYBYTES> name_key{};
  crypto_generichash(name_key.data(), name_key.size(),
                     reinterpret_cast<const unsigned char*>(k_purpose.data()), k_purpose.size(),
                     key.bytes().data(), key.bytes().size());
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     name_key.data(), name_key.size());
  sodium_memzero(name_key.data(), name_key.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

std::string
seal(const RepoKey& key, std::string_view path, std::string_view plain)
{
  if (plain.size() > k_max_plain) {
    throw Error(ErrorKind::internal, "an object of " + std::to_string(plain.size()) +
                                       " bytes is larger than a sealed object may be");
  }
  ensure_sodium();
  const std::string packed = deflate_sized(plain);
  const std::string ad = associated(path);
  std::string out(k_sealed_magic.size() + k_nonce + packed.size() + k_tag, '\0');
  std::copy(k_sealed_magic.begin(), k_sealed_magic.end(), out.begin());
  auto* nonce = reinterpret_cast<unsigned char*>(out.data() + k_sealed_magic.size());
  derive_nonce(key, ad, packed, nonce); // over the bytes encrypted: another zlib, another nonce
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    nonce + k_nonce, &length, reinterpret_cast<const unsigned char*>(packed.data()), packed.size(),
    reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, nonce,
    key.bytes().data());
  out.resize(k_sealed_magic.size() + k_nonce + length);
  return out;
}

std::optional<std::string>
open(const RepoKey& key, std::string_view path, std::string_view sealed)
{
  ensure_sodium();
  if (!sealed.starts_with(k_sealed_magic) ||
      sealed.size() < k_sealed_magic.size() + k_nonce + k_tag) {
    return std::nullopt;
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data() + k_sealed_magic.size());
  const std::string_view cipher = sealed.substr(k_sealed_magic.size() + k_nonce);
  const std::string ad = associated(path);
  std::string packed(cipher.size() - k_tag, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char*>(packed.data()), &length, nullptr,
        reinterpret_cast<const unsigned char*>(cipher.data()), cipher.size(),
        reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce,
        key.bytes().data()) != 0) {
    return std::nullopt;
  }
  packed.resize(length);
  return inflate_sized(packed);
}

} // namespace ccsync::crypto
