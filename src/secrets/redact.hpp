// Turning findings into text that is safe to store: redaction markers
// "{{!REDACTED:<kind>:<4 hex>}}" whose hex is a keyed hash of the secret (so one secret gets one
// marker everywhere, raw or JSON-escaped, without the marker revealing it), masked previews for
// reports, and line numbers. The caller owns the marker key: it loads or creates it and keeps it
// out of the repository.
#pragma once

#include "secrets/kind.hpp"
#include "secrets/scanner.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::secrets {

// The 32-byte key of the marker hash (keyed BLAKE2b). Its bytes are wiped on destruction.
class MarkerKey {
public:
  static constexpr std::size_t k_size = 32;
  using Bytes = std::array<unsigned char, k_size>;

  explicit MarkerKey(const Bytes& bytes) noexcept
      : m_bytes(bytes)
  {}
  MarkerKey(const MarkerKey&) = default;
  MarkerKey& operator=(const MarkerKey&) = default;
  MarkerKey(MarkerKey&&) noexcept = default;
  MarkerKey& operator=(MarkerKey&&) noexcept = default;
  ~MarkerKey();

  // A new random key (libsodium's randombytes).
  static MarkerKey generate();

  // The key written as 64 hex digits (either case). Throws Error{config} otherwise.
  static MarkerKey from_hex(std::string_view hex);

  // 64 lowercase hex digits.
  std::string to_hex() const;

  const Bytes&
  bytes() const noexcept
  {
    return m_bytes;
  }

private:
  Bytes m_bytes;
};

// The marker for `secret` (unescaped text) of `kind`: "{{!REDACTED:<kind>:<4 hex>}}". Contains no
// quote or backslash, so it stays valid inside JSON strings, and two colons, so it never reads as
// a path placeholder ("{{NAME}}", "{{NAME:flags}}").
std::string marker(Kind kind, std::string_view secret, const MarkerKey& key);

// `text` with each finding replaced by the marker of its unescaped secret; every other byte is
// kept. `findings` come from Scanner::scan on `text` (overlaps are merged, out-of-range parts
// ignored).
std::string redact(std::string_view text, const std::vector<Finding>& findings,
                   const MarkerKey& key);

// A preview of `secret` for reports that never reveals it: the first 4 and the last 2 to 4
// characters with at most 16 '*' between ("AKIA**************LE"), never more than a third of
// the secret; secrets under 18 characters are all '*' (at most 16). Non-printable characters show
// as '*'.
std::string masked_preview(std::string_view secret);

// The 1-based line of byte `offset` in `text`.
std::size_t line_of(std::string_view text, std::size_t offset);

} // namespace ccsync::secrets
