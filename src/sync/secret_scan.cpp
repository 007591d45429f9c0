// Marker key storage and file reports for the secret scanner. Files stream line by line, so a
// report costs one pass and memory bounded by the longest line.
#include "sync/secret_scan.hpp"

#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "sync/line_reader.hpp"
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
      hits.push_back({file, number, std::string(secrets::kind_name(f.kind)),
                      secrets::masked_preview(secrets::secret_text(*line, f))});
    }
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
to_repository_text(const SyncSetup& setup, std::string_view text)
{
  std::string translated = setup.placeholders->translate(text);
  return setup.redactor != nullptr ? setup.redactor->apply(translated) : translated;
}

std::optional<std::string>
secrets_verdict(const SyncSetup& setup, const LocalSession& session)
{
  if (setup.redactor == nullptr || setup.redactor->found() == 0) {
    return std::nullopt;
  }
  const auto policy = setup.redactor->policy();
  if (policy == secrets::Policy::warn) {
    spdlog::warn("session {}: pushed {} secret(s) verbatim (secrets = warn)", session.id,
                 setup.redactor->found());
  }
  if (policy != secrets::Policy::block) {
    return std::nullopt;
  }
  constexpr std::size_t k_shown = 5;
  std::string detail = "secrets = block: not pushed; it holds secrets";
  for (const auto& hit : scan_file(session.transcript, setup.redactor->scanner(), k_shown)) {
    detail += "\n    " + describe(hit);
  }
  return detail + "\n    (run 'ccsync scan " + session.id + "' for all of them)";
}

} // namespace ccsync::sync
