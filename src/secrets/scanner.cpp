// The scan: the prefilter walks the text once, each hit runs its probes, and the candidates are
// filtered (allowlist, the `from` boundary) and merged so that every secret byte is covered by
// exactly one finding.
#include "secrets/scanner.hpp"

#include "secrets/detect.hpp"
#include "secrets/patterns.hpp"
#include "secrets/prefilter.hpp"
#include "secrets/text.hpp"

#include <algorithm>

namespace ccsync::secrets {

namespace {

// Sorts `found` and merges overlapping findings: the union of their bytes, with the kind of the
// longer one (the more specific kind, first in Kind, when they are as long).
std::vector<Finding>
merge(std::vector<Finding> found)
{
  std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
    if (a.offset != b.offset) {
      return a.offset < b.offset;
    }
    return a.length != b.length ? a.length > b.length : a.kind < b.kind;
  });
  std::vector<Finding> merged;
  for (const Finding& f : found) {
    if (merged.empty() || f.offset >= merged.back().end()) {
      merged.push_back(f);
      continue;
    }
    Finding& last = merged.back();
    if (f.length > last.length || (f.length == last.length && f.kind < last.kind)) {
      last.kind = f.kind;
    }
    last.length = std::max(last.end(), f.end()) - last.offset;
  }
  return merged;
}

} // namespace

void
run_probes(ScanState& state, std::size_t pos, std::uint16_t probes)
{
  if ((probes & k_probe_keyword) != 0) {
    probe_keyword(state, pos);
  }
  if ((probes & k_probe_bearer) != 0) {
    probe_bearer(state, pos);
  }
  if ((probes & k_probe_aws) != 0) {
    probe_aws(state, pos);
  }
  if ((probes & k_probe_vendor) != 0) {
    probe_vendor(state, pos);
  }
  if ((probes & k_probe_encoded) != 0) {
    probe_encoded(state, pos);
  }
  if ((probes & k_probe_github) != 0) {
    probe_github(state, pos);
  }
  if ((probes & k_probe_github_pat) != 0) {
    probe_github_pat(state, pos);
  }
  if ((probes & k_probe_gitlab) != 0) {
    probe_gitlab(state, pos);
  }
  if ((probes & k_probe_slack) != 0) {
    probe_slack(state, pos);
  }
  if ((probes & k_probe_slack_hook) != 0) {
    probe_slack_hook(state, pos);
  }
  if ((probes & k_probe_stripe) != 0) {
    probe_stripe(state, pos);
  }
  if ((probes & k_probe_sk_dash) != 0) {
    probe_sk_dash(state, pos);
  }
  if ((probes & k_probe_jwt) != 0) {
    probe_jwt(state, pos);
  }
  if ((probes & k_probe_pem) != 0) {
    probe_pem(state, pos);
  }
  if ((probes & k_probe_url) != 0) {
    probe_url(state, pos);
  }
}

Scanner::Scanner(Allowlist allowlist)
    : m_allowlist(std::move(allowlist))
{
  // Build the tables now rather than in the first scan.
  static_cast<void>(patterns());
  static_cast<void>(prefilter());
}

void
Scanner::scan(std::string_view text, std::size_t from, std::vector<Finding>& out) const
{
  from = std::min(from, text.size());
  std::vector<Finding> found;
  ScanState state{text, found};
  const std::size_t begin = from > k_lookback ? from - k_lookback : 0;
  prefilter().for_each_hit(
    text, begin, [&](std::size_t pos, std::uint16_t probes) { run_probes(state, pos, probes); });
  if (!m_allowlist.empty()) {
    std::erase_if(found,
                  [&](const Finding& f) { return m_allowlist.allows(secret_text(text, f)); });
  }
  for (const Finding& f : merge(std::move(found))) {
    if (f.end() > from) {
      out.push_back(f);
    }
  }
}

std::vector<Finding>
Scanner::scan(std::string_view text) const
{
  std::vector<Finding> out;
  scan(text, 0, out);
  return out;
}

std::string
secret_text(std::string_view text, const Finding& finding)
{
  return unescape(text.substr(finding.offset, finding.length));
}

} // namespace ccsync::secrets
