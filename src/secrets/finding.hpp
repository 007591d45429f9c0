// What the scanner reports (scanner.hpp) and its detectors record (detect.hpp): where one secret
// sits in scanned text and what kind it is.
#pragma once

#include "secrets/kind.hpp"

#include <cstddef>

namespace ccsync::secrets {

// One secret in scanned text: the bytes of the secret value only, as they appear (JSON escapes
// included), never the name in front of it ("password=" is not part of it).
struct Finding {
  std::size_t offset = 0;
  std::size_t length = 0;
  Kind kind = Kind::token;

  std::size_t
  end() const noexcept
  {
    return offset + length;
  }
  bool operator==(const Finding&) const = default;
};

} // namespace ccsync::secrets
