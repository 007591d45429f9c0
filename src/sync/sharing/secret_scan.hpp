// The secret scanner as the sync engine uses it: this machine's marker key (kept in ccsync's
// home, never in the repository), and reports of where a file holds secrets (for `ccsync scan`
// and for sessions the `block` policy refuses). Reports never hold a secret, only a masked
// preview.
#pragma once

#include "secrets/redact.hpp"
#include "secrets/redactor.hpp"
#include "secrets/scanner.hpp"
#include "sync/engine.hpp"
#include "sync/local/local_sessions.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::sync {

// The marker key in `file` (64 hex digits), created with a random key (mode 0600) when missing.
// Throws Error{config} when the file holds something else.
secrets::MarkerKey load_marker_key(const std::filesystem::path& file);

// The secrets of `file`, line by line (each line scanned alone: a JSON line holds its secrets
// whole), at most `limit` of them. A missing file has none.
std::vector<SecretHit> scan_file(const std::filesystem::path& file, const secrets::Scanner& scanner,
                                 std::size_t limit = 1000);

// The secrets of `text`, a whole file read into memory (memory, CLAUDE.md: a PEM block there
// spans lines), reported as lines of `file`; at most `limit` of them.
std::vector<SecretHit> scan_text(const std::filesystem::path& file, std::string_view text,
                                 const secrets::Scanner& scanner, std::size_t limit = 1000);

// The secrets of a session: its transcript and its other files (subagents, tool results...).
std::vector<SecretHit> scan_session(const LocalSession& session, const secrets::Scanner& scanner);

// "file:line: kind (preview)", for messages.
std::string describe(const SecretHit& hit);

// Why the block policy refuses `what`: where its secrets are (the first few of `hits`, never
// the secrets), and the `scan` command that lists them all.
std::string blocked_detail(const std::vector<SecretHit>& hits, const std::string& scan_command);

// A whole file (memory, CLAUDE.md) as push would write it to the repository: its text (paths
// translated to placeholders, secrets handled by `redaction`, its project's), or nothing when the
// block policy refuses it; and the secrets it holds.
struct RepositoryFile {
  std::optional<std::string> text;
  std::vector<SecretHit> hits;
};
RepositoryFile to_repository_file(const SyncSetup& setup, secrets::Redaction& redaction,
                                  const std::filesystem::path& file, std::string_view content);

// True if the local `content` of a whole file is what the repository's `stored` text stands for
// on this machine: the same once expanded, or `content` as push writes it (translated, secrets
// redacted under `redaction`) is `stored`. So the machine that wrote a secret never replaces its
// copy with the redacted one.
bool same_file(const SyncSetup& setup, secrets::Redaction& redaction, std::string_view content,
               std::string_view stored);

// True if `redaction`'s policy is block and keeps `content` (a whole local file) out of the
// repository.
bool blocked_file(const secrets::Redaction& redaction, std::string_view content);

// `text` (a whole file or one line) as the repository stores it: paths translated to
// placeholders, then secrets handled by `redaction` (and counted).
std::string to_repository_text(const SyncSetup& setup, secrets::Redaction& redaction,
                               std::string_view text);

// `bytes` (a session file of a kind stored byte for byte, session_family.hpp) as the repository
// stores it: unchanged but for the secrets `redaction` handles, like every file push writes.
std::string to_repository_bytes(const SyncSetup& setup, secrets::Redaction& redaction,
                                std::string_view bytes);

// After a session was planned under `redaction`: with the block policy and a secret among what
// push would have written, why the session is refused (where the secrets are, never what they
// are); with warn, logs a warning. Nothing otherwise.
std::optional<std::string> secrets_verdict(const secrets::Redaction& redaction,
                                           const LocalSession& session);

} // namespace ccsync::sync
