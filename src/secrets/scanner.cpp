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

// Length of the line break at `pos`: "\n", "\r\n", or "\n" written behind one to eight
// backslashes (JSON-escaped up to three times); 0 if there is none.
std::size_t
line_break_length(std::string_view text, std::size_t pos)
{
  if (has_at(text, pos, "\r\n")) {
    return 2;
  }
  if (pos < text.size() && text[pos] == '\n') {
    return 1;
  }
  std::size_t slashes = 0;
  while (pos + slashes < text.size() && text[pos + slashes] == '\\' && slashes < 8) {
    ++slashes;
  }
  return slashes > 0 && pos + slashes < text.size() && text[pos + slashes] == 'n' ? slashes + 1 : 0;
}

bool
is_token_byte(char c)
{
  return is_alnum(c) || std::string_view("+/=_-.").find(c) != std::string_view::npos;
}

// True if a wrapped line may end at `pos`: a line break, the end of the text or of its string.
bool
ends_wrapped_line(std::string_view text, std::size_t pos)
{
  std::size_t i = pos;
  while (i < text.size() && text[i] == '\\') {
    ++i;
  }
  return pos == text.size() || line_break_length(text, pos) > 0 ||
         (i < text.size() && (text[i] == '"' || text[i] == '\''));
}

// The end of the line of token bytes starting at `from` when it reads as a piece of a token (no
// blank, not a word alone, up to a line end), else `from`.
std::size_t
continuation_end(std::string_view text, std::size_t from)
{
  std::size_t stop = from;
  while (stop < text.size() && stop - from < k_lookback && is_token_byte(text[stop])) {
    ++stop;
  }
  const std::string_view piece = text.substr(from, stop - from);
  const bool random = std::any_of(piece.begin(), piece.end(), is_digit) ||
                      (piece.size() >= 12 && std::any_of(piece.begin(), piece.end(), is_upper) &&
                       std::any_of(piece.begin(), piece.end(), is_lower));
  return piece.size() >= 2 && random && ends_wrapped_line(text, stop) ? stop : from;
}

// A terminal wraps a long token at its width: a finding that runs to the end of a line of at
// least k_min_wrapped bytes goes on over the lines of token bytes that follow it, up to the first
// shorter one.
void
extend_wrapped(std::string_view text, std::vector<Finding>& found)
{
  constexpr std::size_t k_min_wrapped = 16;
  constexpr int k_max_wrapped_lines = 32; // a token of 2.5 KB on an 80-column terminal
  for (Finding& f : found) {
    std::size_t line = f.length;
    for (int lines = 0;
         f.kind != Kind::private_key && line >= k_min_wrapped && lines < k_max_wrapped_lines;
         ++lines) {
      const std::size_t brk = line_break_length(text, f.end());
      const std::size_t next = f.end() + brk;
      const std::size_t stop = brk == 0 ? next : continuation_end(text, next);
      if (stop == next) {
        break;
      }
      line = stop - next;
      f.length = stop - f.offset;
    }
  }
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
  extend_wrapped(text, found);
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
