// The secret scanner: finds credentials in transcript text (JSON lines, where secrets sit inside
// JSON strings, escaped once or twice) and in raw text, so that the sync engine can redact them
// before anything reaches the repository. Pure: no I/O, no configuration reading. A cheap
// byte-pair prefilter finds candidates; RE2 patterns and small checks confirm them on a window
// around each candidate.
#pragma once

#include "secrets/allowlist.hpp"
#include "secrets/finding.hpp"
#include "secrets/kind.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::secrets {

// Context a caller passes before `from` (see Scanner::scan) so that a secret that straddles an
// append boundary is found whole: the longest secret the scanner reports, plus its name.
inline constexpr std::size_t k_lookback = std::size_t{32} * 1024;

class Scanner {
public:
  explicit Scanner(Allowlist allowlist = {});

  // Appends to `out` the secrets of `text` that end after byte `from`, sorted by offset and not
  // overlapping (of two overlapping candidates the longer wins, the more specific kind on a tie).
  // Bytes before `from` are context that was scanned before: pass at least k_lookback of them
  // (or all since the start of the text) and a secret that began there is still reported once,
  // whole. A PEM block that runs into the end of `text` without its END line is held back until
  // the text that completes it arrives; other secrets end at the end of `text`, so cut appends
  // at line ends. Thread-compatible: scan may run concurrently on one Scanner.
  void scan(std::string_view text, std::size_t from, std::vector<Finding>& out) const;

  // The secrets of the whole of `text`.
  std::vector<Finding> scan(std::string_view text) const;

private:
  Allowlist m_allowlist;
};

// The secret of `finding` in `text` with JSON escapes decoded (one or two levels): what the
// allowlist and the redaction marker's hash see.
std::string secret_text(std::string_view text, const Finding& finding);

} // namespace ccsync::secrets
