// Marker key storage and file reports for the secret scanner. Files stream line by line, so a
// report costs one pass and memory bounded by the longest line.
#include "sync/sharing/secret_scan.hpp"

#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "sync/store/line_reader.hpp"
#include "util/error.hpp"

#include <spdlog/spdlog.h>

#include <system_error>

namespace ccsync::sync {

secrets::MarkerKey
load_marker_key(const std::filesystem::path& file)
{
  if (const auto text = platform::read_file(file)) {
    std::string hex = *text;
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) {
      hex.pop_back();
    }
    try {
      return secrets::MarkerKey::from_hex(hex);
    } catch (const Error& e) {
      throw Error(ErrorKind::config, file.string() + ": " + e.what(), e.hint());
    }
  }
  secrets::MarkerKey key = secrets::MarkerKey::generate();
  platform::write_file_atomic(file, key.to_hex() + "\n", 0600);
  return key;
}

std::vector<SecretHit>
scan_file(const std::filesystem::path& file, const secrets::Scanner& scanner, std::size_t limit)
{
  std::vector<SecretHit> hits;
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    return hits;
  }
  FileSource source(file, 0, size);
  LineReader lines(source);
  std::uint64_t number = 0;
  std::vector<secrets::Finding> found;
  while (const auto line = lines.next()) {
    ++number;
    found.clear();
    scanner.scan(*line, 0, found);
    for (const auto& f : found) {
      if (hits.size() == limit) {
        return hits;
      }
      hits.push_back({"", file, number, std::string(secrets::kind_name(f.kind)),
                      secrets::masked_preview(secrets::secret_text(*line, f))});
    }
  }
  return hits;
}

std::vector<SecretHit>
scan_text(const std::filesystem::path& file, std::string_view text, const secrets::Scanner& scanner,
          std::size_t limit)
{
  std::vector<SecretHit> hits;
  for (const auto& f : scanner.scan(text)) {
    if (hits.size() == limit) {
      break;
    }
    hits.push_back({"", file, secrets::line_of(text, f.offset),
                    std::string(secrets::kind_name(f.kind)),
                    secrets::masked_preview(secrets::secret_text(text, f))});
  }
  return hits;
}

std::vector<SecretHit>
scan_session(const LocalSession& session, const secrets::Scanner& scanner)
{
  std::vector<SecretHit> hits = scan_file(session.transcript, scanner);
  for (const auto& name : session_files(session)) {
    // Whole, as push redacts them (a key block in a raw tool result spans lines).
    const std::filesystem::path path = session_file_path(session, name);
    const auto text = platform::read_file(path);
    const auto more = text ? scan_text(path, *text, scanner) : scan_file(path, scanner);
    hits.insert(hits.end(), more.begin(), more.end());
  }
  for (auto& hit : hits) {
    hit.session_id = session.id;
  }
  return hits;
}

std::string
describe(const SecretHit& hit)
{
  return hit.file.string() + ":" + std::to_string(hit.line) + ": " + hit.kind + " (" + hit.preview +
         ")";
}

std::string
blocked_detail(const std::vector<SecretHit>& hits, const std::string& scan_command)
{
  constexpr std::size_t k_shown = 5;
  std::string detail = "secrets = block: not pushed; it holds secrets";
  for (std::size_t i = 0; i < hits.size() && i < k_shown; ++i) {
    detail += "\n    " + describe(hits[i]);
  }
  return detail + "\n    (run '" + scan_command + "' for all of them)";
}

RepositoryFile
to_repository_file(const SyncSetup& setup, secrets::Redaction& redaction,
                   const std::filesystem::path& file, std::string_view content)
{
  RepositoryFile result;
  std::string translated = setup.placeholders->translate(content);
  if (redaction.policy() == secrets::Policy::off) {
    result.text = std::move(translated);
    return result;
  }
  result.hits = scan_text(file, content, *redaction.scanner());
  if (redaction.policy() == secrets::Policy::block && !result.hits.empty()) {
    return result;
  }
  std::string scratch;
  result.text = std::string(redaction.apply(translated, scratch, secrets::Count::no));
  return result;
}

bool
same_file(const SyncSetup& setup, secrets::Redaction& redaction, std::string_view content,
          std::string_view stored)
{
  if (content == stored || setup.placeholders->expand(stored) == content) {
    return true;
  }
  const std::string translated = setup.placeholders->translate(content);
  if (translated == stored) {
    return true;
  }
  std::string scratch;
  return redaction.policy() != secrets::Policy::off &&
         redaction.apply(translated, scratch, secrets::Count::no) == stored;
}

bool
blocked_file(const secrets::Redaction& redaction, std::string_view content)
{
  return redaction.policy() == secrets::Policy::block && !redaction.scan(content).empty();
}

std::string
to_repository_text(const SyncSetup& setup, secrets::Redaction& redaction, std::string_view text)
{
  std::string translated = setup.placeholders->translate(text);
  return redaction.apply(translated);
}

std::string
to_repository_bytes(const SyncSetup& /*setup*/, secrets::Redaction& redaction,
                    std::string_view bytes)
{
  return redaction.apply(bytes);
}

std::optional<std::string>
secrets_verdict(const secrets::Redaction& redaction, const LocalSession& session)
{
  if (redaction.found() == 0) {
    return std::nullopt;
  }
  const auto policy = redaction.policy();
  if (policy == secrets::Policy::warn) {
    spdlog::warn("session {}: pushed {} secret(s) verbatim (secrets = warn)", session.id,
                 redaction.found());
  }
  if (policy != secrets::Policy::block) {
    return std::nullopt;
  }
  constexpr std::size_t k_shown = 5;
  return blocked_detail(scan_file(session.transcript, *redaction.scanner(), k_shown),
                        "ccsync scan " + session.id);
}

} // namespace ccsync::sync
