// Redaction markers and report helpers. The marker hash is libsodium's crypto_generichash (keyed
// BLAKE2b) of the unescaped secret, cut to 16 bits: enough to tell secrets apart in a transcript,
// far too little to confirm a guess. The key keeps anyone without it from testing guesses at all.
#include "secrets/redact.hpp"

#include "util/error.hpp"

#include <sodium.h>

#include <algorithm>

namespace ccsync::secrets {

namespace {

constexpr std::size_t k_marker_hash_bytes = 2;
constexpr std::size_t k_preview_head = 4;
constexpr std::size_t k_preview_min_tail = 2;
constexpr std::size_t k_preview_max_tail = 4;
constexpr std::size_t k_preview_max_stars = 16;

void
ensure_sodium()
{
  static const int rc = sodium_init();
  if (rc < 0) {
    throw Error(ErrorKind::internal, "initialising libsodium failed");
  }
}

std::string
to_hex(const unsigned char* bytes, std::size_t size)
{
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += k_digits[bytes[i] >> 4];
    out += k_digits[bytes[i] & 0x0F];
  }
  return out;
}

char
shown(char c)
{
  return c > 0x20 && c < 0x7F ? c : '*';
}

} // namespace

MarkerKey::~MarkerKey()
{
  sodium_memzero(m_bytes.data(), m_bytes.size());
}

MarkerKey
MarkerKey::generate()
{
  ensure_sodium();
  Bytes bytes;
  randombytes_buf(bytes.data(), bytes.size());
  MarkerKey key(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

MarkerKey
MarkerKey::from_hex(std::string_view hex)
{
  Bytes bytes{};
  std::size_t length = 0;
  const char* end = nullptr;
  if (hex.size() != 2 * k_size ||
      sodium_hex2bin(bytes.data(), bytes.size(), hex.data(), hex.size(), nullptr, &length, &end) !=
        0 ||
      length != k_size || end != hex.data() + hex.size()) {
    throw Error(ErrorKind::config, "the redaction marker key is not 64 hex digits",
                "remove the key file to have a new key made (markers of old secrets will change)");
  }
  return MarkerKey(bytes);
}

std::string
MarkerKey::to_hex() const
{
  return secrets::to_hex(m_bytes.data(), m_bytes.size());
}

std::string
marker(Kind kind, std::string_view secret, const MarkerKey& key)
{
  std::array<unsigned char, crypto_generichash_BYTES_MIN> hash{};
  crypto_generichash(hash.data(), hash.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     key.bytes().data(), key.bytes().size());
  std::string out(k_marker_prefix);
  out += kind_name(kind);
  out += ':';
  out += to_hex(hash.data(), k_marker_hash_bytes);
  out += "}}";
  return out;
}

std::string
redact(std::string_view text, const std::vector<Finding>& findings, const MarkerKey& key)
{
  std::vector<Finding> spans = findings;
  std::sort(spans.begin(), spans.end(),
            [](const Finding& a, const Finding& b) { return a.offset < b.offset; });
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const std::size_t begin = std::max(spans[i].offset, done);
    std::size_t end = std::min(spans[i].end(), text.size());
    Finding widest = spans[i];
    while (i + 1 < spans.size() && spans[i + 1].offset < end) { // overlapping: one marker
      ++i;
      end = std::max(end, std::min(spans[i].end(), text.size()));
      if (spans[i].length > widest.length) {
        widest = spans[i];
      }
    }
    if (begin >= end) {
      continue;
    }
    out.append(text.substr(done, begin - done));
    out += marker(widest.kind, secret_text(text, Finding{begin, end - begin, widest.kind}), key);
    done = end;
  }
  out.append(text.substr(std::min(done, text.size())));
  return out;
}

std::string
masked_preview(std::string_view secret)
{
  const std::size_t budget = secret.size() / 3;
  if (budget < k_preview_head + k_preview_min_tail) {
    return std::string(std::min(secret.size(), k_preview_max_stars), '*');
  }
  const std::size_t tail = std::min(k_preview_max_tail, budget - k_preview_head);
  const std::size_t hidden = secret.size() - k_preview_head - tail;
  std::string out;
  for (const char c : secret.substr(0, k_preview_head)) {
    out += shown(c);
  }
  out.append(std::min(hidden, k_preview_max_stars), '*');
  for (const char c : secret.substr(secret.size() - tail)) {
    out += shown(c);
  }
  return out;
}

std::size_t
line_of(std::string_view text, std::size_t offset)
{
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  return 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
}

} // namespace ccsync::secrets
