// Secrets wrapped in base64 by the tools that carry them: a PEM private key as Kubernetes keeps
// it (`tls.key: LS0tLS1CRUdJTi...`, base64 of "-----BEGIN"), and a Docker config
// (`.dockerconfigjson: eyJhdXRocyI6...`, base64 of {"auths":, which holds registry passwords).
// The base64 run is read once, decoded, and reported whole when what it decodes to is a key or
// holds credentials.
#include "secrets/detect.hpp"
#include "secrets/text.hpp"
#include "secrets/values.hpp"

#include <algorithm>
#include <array>

namespace ccsync::secrets {

namespace {

// The longest base64 run read (a 4096-bit RSA key is about 4.5 KB in base64).
constexpr std::size_t k_max_encoded = std::size_t{32} * 1024;

struct Wrapped {
  std::string_view anchor;                // base64 of the wrapped text's start
  std::size_t pair;                       // offset of the prefilter's byte pair in `anchor`
  std::array<std::string_view, 2> inside; // what the decoded text must hold (one of them)
  Kind kind;
};

constexpr std::array<Wrapped, 2> k_wrapped = {{
  {"LS0tLS1CRUdJTi", 0, {"PRIVATE KEY-----", ""}, Kind::private_key},
  {"eyJhdXRocyI6", 1, {"\"auth\"", "\"password\""}, Kind::password},
}};

bool
holds_any(const std::string& decoded, const std::array<std::string_view, 2>& inside)
{
  return std::any_of(inside.begin(), inside.end(), [&](std::string_view part) {
    return !part.empty() && decoded.find(part) != std::string::npos;
  });
}

} // namespace

void
probe_encoded(ScanState& state, std::size_t pos)
{
  const std::string_view text = state.text;
  for (const Wrapped& wrapped : k_wrapped) {
    const std::size_t start = pos - wrapped.pair;
    if (pos < wrapped.pair || start < state.encoded_end || !has_at(text, start, wrapped.anchor) ||
        !starts_word(text, start)) {
      continue;
    }
    const std::size_t end = token_run_end(text, start, k_max_encoded, "+/="); // either alphabet
    state.encoded_end = end; // the run is read once, whatever it holds
    const auto decoded = decode_base64(text.substr(start, end - start));
    if (decoded && holds_any(*decoded, wrapped.inside)) {
      state.add(start, end, wrapped.kind);
    }
    return;
  }
}

} // namespace ccsync::secrets
