// Probes for secrets with a recognisable prefix: cloud and SaaS keys, tokens and JWTs. Each
// confirms its prefix with a byte compare (the prefilter only saw two bytes of it), checks that
// the token starts and ends on a word boundary, runs its pattern, and rejects placeholders
// ("ghp_xxxxxxxx...", "xoxb-your-token") by looking at the random part after the prefix.
#include "secrets/assignment.hpp"
#include "secrets/detect.hpp"
#include "secrets/patterns.hpp"
#include "secrets/text.hpp"
#include "secrets/values.hpp"

namespace ccsync::secrets {

namespace {

// Longest token the prefix families report; JWTs signed with RSA keys run to kilobytes.
constexpr std::size_t k_token_window = 512;
constexpr std::size_t k_jwt_window = std::size_t{16} * 1024;

// The families' tokens: at most k_token_window bytes (a JWT k_jwt_window).
void
try_token(ScanState& state, std::size_t start, const RE2& re, Kind kind, std::size_t prefix,
          Body check)
{
  try_token(state, start, re, kind, prefix, check,
            kind == Kind::jwt ? k_jwt_window : k_token_window);
}

} // namespace

void
try_token(ScanState& state, std::size_t start, const RE2& re, Kind kind, std::size_t prefix,
          Body check, std::size_t window)
{
  if (!starts_word(state.text, start)) {
    return;
  }
  Match match;
  if (!match_at(re, state.text, start, window, match)) {
    return;
  }
  std::string_view token = match[0];
  while (token.ends_with('.')) { // a sentence may end right after a token
    token.remove_suffix(1);
  }
  const std::size_t end = start + token.size();
  if (token.size() <= prefix || !ends_word(state.text, end)) {
    return;
  }
  const std::string_view body = token.substr(prefix);
  if (check != Body::any && is_placeholder(body)) {
    return;
  }
  if (check == Body::mixed && !has_mixed_case_and_digits(body)) {
    return;
  }
  state.add(start, end, kind);
}

bool
starts_word(std::string_view text, std::size_t pos)
{
  if (pos == 0 || !is_alnum(text[pos - 1]) || sgr_before(text, pos)) {
    return true; // a colour sequence (coloured CLI output) ends right before it
  }
  if (pos >= 3 && text[pos - 3] == '%' && is_hex(text.substr(pos - 2, 2))) {
    return true; // a URL escape ("%22", an encoded quote) ends right before it
  }
  return pos >= 2 && text[pos - 2] == '\\' &&
         std::string_view("nrtbf").find(text[pos - 1]) != std::string_view::npos;
}

std::size_t
token_run_end(std::string_view text, std::size_t start, std::size_t limit, std::string_view extra)
{
  std::size_t end = start;
  while (end < text.size() && end - start < limit &&
         (is_alnum(text[end]) || text[end] == '_' || text[end] == '-' ||
          extra.find(text[end]) != std::string_view::npos)) {
    ++end;
  }
  return end;
}

bool
ends_word(std::string_view text, std::size_t end)
{
  return end >= text.size() || !is_alnum(text[end]);
}

void
probe_aws(ScanState& state, std::size_t pos)
{
  if (has_at(state.text, pos, "AKIA") || has_at(state.text, pos, "ASIA")) {
    try_token(state, pos, patterns().aws_access_key, Kind::aws_access_key, 4,
              Body::placeholder_free);
  }
}

void
probe_github(ScanState& state, std::size_t pos)
{
  const std::string_view text = state.text;
  if (pos + 3 < text.size() && text[pos + 3] == '_' &&
      std::string_view("pousr").find(text[pos + 2]) != std::string_view::npos) {
    try_token(state, pos, patterns().github_token, Kind::github_token, 4, Body::placeholder_free);
  }
}

void
probe_github_pat(ScanState& state, std::size_t pos)
{
  if (pos >= 5 && has_at(state.text, pos - 5, "github_pat_")) {
    try_token(state, pos - 5, patterns().github_pat, Kind::github_token, 11,
              Body::placeholder_free);
  }
}

namespace {

// True if a token run starting at `start` was read already (before `run_end`); else, when a
// token may start there, notes in `run_end` where its run ends (bytes of `extra` count as run
// bytes besides letters, digits, '_' and '-'), so that a run of repeated prefixes
// ("sk-sk-sk-...") costs its length once.
bool
inside_read_run(const ScanState& state, std::size_t& run_end, std::size_t start,
                std::string_view extra = "")
{
  const std::string_view text = state.text;
  if (start < run_end) {
    return true;
  }
  if (!starts_word(text, start)) {
    return false; // no token starts here: its bytes may still hold one
  }
  run_end = token_run_end(text, start, k_token_window, extra);
  return false;
}

} // namespace

void
probe_gitlab(ScanState& state, std::size_t pos)
{
  if (pos >= 1 && has_at(state.text, pos - 1, "glpat-") &&
      !inside_read_run(state, state.glpat_end, pos - 1, ".")) {
    try_token(state, pos - 1, patterns().gitlab_token, Kind::gitlab_token, 6,
              Body::placeholder_free);
  }
}

void
probe_slack(ScanState& state, std::size_t pos)
{
  if (has_at(state.text, pos, "xox")) {
    try_token(state, pos, patterns().slack_token, Kind::slack_token, 5, Body::placeholder_free);
  }
}

void
probe_slack_hook(ScanState& state, std::size_t pos)
{
  // "k." is the end of "slack." in "hooks.slack.com"; the whole URL path is the credential.
  if (pos >= 10 && has_at(state.text, pos - 10, "hooks.slack.com")) {
    try_token(state, pos - 10, patterns().slack_webhook, Kind::slack_token, 25,
              Body::placeholder_free);
  }
}

void
probe_stripe(ScanState& state, std::size_t pos)
{
  const std::string_view text = state.text;
  if (pos >= 1 && (text[pos - 1] == 's' || text[pos - 1] == 'r') &&
      (has_at(text, pos + 1, "_live_") || has_at(text, pos + 1, "_test_"))) {
    try_token(state, pos - 1, patterns().stripe_key, Kind::stripe_key, 8, Body::placeholder_free);
  }
}

void
probe_sk_dash(ScanState& state, std::size_t pos)
{
  if (pos < 1 || state.text[pos - 1] != 's' || inside_read_run(state, state.sk_end, pos - 1)) {
    return;
  }
  if (has_at(state.text, pos + 2, "ant-")) {
    try_token(state, pos - 1, patterns().anthropic_key, Kind::anthropic_key, 7,
              Body::placeholder_free);
  } else {
    try_token(state, pos - 1, patterns().openai_key, Kind::openai_key, 3, Body::mixed);
  }
}

void
probe_jwt(ScanState& state, std::size_t pos)
{
  const std::string_view text = state.text;
  if (pos < 1 || text[pos - 1] != 'e' || pos < state.run_end) {
    return;
  }
  // The header's run of base64url, read once (a JWT has a '.' after it): "eyJ" inside it starts
  // nothing, and hostile runs ("-eyJ-eyJ...") cost their length once.
  const std::size_t end = token_run_end(text, pos + 2, k_jwt_window);
  state.run_end = end;
  if (end < text.size() && text[end] == '.') {
    try_token(state, pos - 1, patterns().jwt, Kind::jwt, 3, Body::any);
  }
}

} // namespace ccsync::secrets
