// The secret scanner as the sync engine uses it: this machine's marker key (kept in ccsync's
// home, never in the repository), and reports of where a file holds secrets (for `ccsync scan`
// and for sessions the `block` policy refuses). Reports never hold a secret, only a masked
// preview.
#pragma once

#include "secrets/redact.hpp"
#include "secrets/scanner.hpp"
#include "sync/engine.hpp"
#include "sync/local_sessions.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

// One secret in a file: 1-based line, kind name, masked preview.
struct SecretHit {
  std::filesystem::path file;
  std::uint64_t line = 0;
  std::string kind;
  std::string preview;
};

// The marker key in `file` (64 hex digits), created with a random key (mode 0600) when missing.
// Throws Error{config} when the file holds something else.
secrets::MarkerKey load_marker_key(const std::filesystem::path& file);

// The secrets of `file`, line by line (each line scanned alone: a JSON line holds its secrets
// whole), at most `limit` of them. A missing file has none.
std::vector<SecretHit> scan_file(const std::filesystem::path& file, const secrets::Scanner& scanner,
                                 std::size_t limit = 1000);

// "file:line: kind (preview)", for messages.
std::string describe(const SecretHit& hit);

// `text` (a whole file or one line) as the repository stores it: paths translated to
// placeholders, then secrets handled by `setup.redactor`.
std::string to_repository_text(const SyncSetup& setup, std::string_view text);

// After a session was planned: with the block policy and a secret among what push would have
// written, why the session is refused (where the secrets are, never what they are); with warn,
// logs a warning. Nothing otherwise.
std::optional<std::string> secrets_verdict(const SyncSetup& setup, const LocalSession& session);

} // namespace ccsync::sync
