// The second stage of the scanner: one probe per family of anchors, run at a prefilter hit. A
// probe confirms the anchor with a few byte compares, runs its RE2 pattern on a window, applies
// the family's checks and records what it found. Internal to the module.
#pragma once

#include "secrets/finding.hpp"
#include "secrets/kind.hpp"

#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ccsync::secrets {

// Largest PEM block the scanner reports (escapes included); k_lookback leaves room for its name.
inline constexpr std::size_t k_max_pem = std::size_t{24} * 1024;

// What the probes share during one scan.
struct ScanState {
  std::string_view text;
  std::vector<Finding>& found;
  std::size_t name_end = 0;    // keyword hits before this were in a name already read
  std::size_t pem_end = 0;     // BEGIN lines before this were inside a block already read
  std::size_t run_end = 0;     // "eyJ" before this was inside a base64url run already read
  std::size_t encoded_end = 0; // a base64-wrapped secret already reported ends here
  std::size_t sk_end = 0;      // "sk-" before this was inside a token run already read
  std::size_t glpat_end = 0;   // "glpat-" before this was inside a token run already read

  void
  add(std::size_t begin, std::size_t end, Kind kind)
  {
    found.push_back(Finding{begin, end - begin, kind});
  }
};

// What a token's part after its prefix must pass: nothing, no placeholder, or that and mixed case
// with digits.
enum class Body { any, placeholder_free, mixed };

// Matches `re` at `start` (within `window` bytes) and records the token as `kind` if it is whole
// and its part after `prefix` bytes passes `check`.
void try_token(ScanState& state, std::size_t start, const RE2& re, Kind kind, std::size_t prefix,
               Body check, std::size_t window);

// Runs the probes named by `probes` (Probe bits) at `pos`.
void run_probes(ScanState& state, std::size_t pos, std::uint16_t probes);

// Probes of families anchored by a literal prefix (detect_tokens.cpp).
void probe_aws(ScanState& state, std::size_t pos);
void probe_github(ScanState& state, std::size_t pos);
void probe_github_pat(ScanState& state, std::size_t pos);
void probe_gitlab(ScanState& state, std::size_t pos);
void probe_slack(ScanState& state, std::size_t pos);
void probe_slack_hook(ScanState& state, std::size_t pos);
void probe_stripe(ScanState& state, std::size_t pos);
void probe_sk_dash(ScanState& state, std::size_t pos);
void probe_jwt(ScanState& state, std::size_t pos);

// Secrets wrapped in base64: Kubernetes' PEM keys, Docker configs (detect_encoded.cpp).
void probe_encoded(ScanState& state, std::size_t pos);

// Tokens of other services, by their documented prefixes (detect_vendors.cpp).
void probe_vendor(ScanState& state, std::size_t pos);

// PEM private key blocks (detect_pem.cpp).
void probe_pem(ScanState& state, std::size_t pos);

// Secrets found by their surroundings (detect_context.cpp): name = value assignments, Bearer
// values, passwords in URLs.
void probe_keyword(ScanState& state, std::size_t pos);
void probe_bearer(ScanState& state, std::size_t pos);
void probe_url(ScanState& state, std::size_t pos);

// True if a secret may start at `pos`: not in the middle of a word. The letter of a JSON escape
// ("\n", "\\t") before it does not count as a word byte.
bool starts_word(std::string_view text, std::size_t pos);

// Where the run of token bytes (letters, digits, '_', '-', and the bytes of `extra`) starting at
// `start` ends, reading at most `limit` bytes.
std::size_t token_run_end(std::string_view text, std::size_t start, std::size_t limit,
                          std::string_view extra = "");

// True if a secret may end at `end`: no letter or digit follows.
bool ends_word(std::string_view text, std::size_t end);

} // namespace ccsync::secrets
