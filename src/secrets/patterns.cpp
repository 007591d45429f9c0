// The scanner's regular expressions. They run only on small windows the prefilter found, anchored
// at the candidate, so each is written for one family and says exactly what a secret of that
// family looks like; everything heuristic (placeholders, entropy, names) is C++ next to it.
// RE2 guarantees linear time, so hostile transcripts cannot make a scan backtrack for ever.
#include "secrets/patterns.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

namespace ccsync::secrets {

namespace {

// '/' as written raw or escaped once or twice ("\/", "\\/", "\\\/").
constexpr std::string_view k_slash = R"((?:/|\\{1,3}/))";
// A printable character written as "\u00XX" (Gson writes '=' as "\u003d"), escaped up to three
// times.
constexpr std::string_view k_uesc = R"(\\{1,7}u00[2-7][0-9A-Fa-f])";
constexpr std::string_view k_pem_type =
  R"((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)";
// Inside a PEM block: base64, header lines (Proc-Type, DEK-Info, Version), line breaks raw or
// escaped up to three times (\n behind 1, 2, 4 or 8 backslashes).
constexpr std::string_view k_pem_body = R"([A-Za-z0-9+/=:,.()@ \t_\-]|\r|\n|\\{1,8}[nrt/])";
// A value after a secret name: anything but blanks, quotes and backslashes (escapes aside).
constexpr std::string_view k_value_char = R"([A-Za-z0-9!#$%&()*+,./:;<=>?@\[\]^_{|}~\-])";

std::string
cat(std::initializer_list<std::string_view> parts)
{
  std::string out;
  for (const std::string_view part : parts) {
    out += part;
  }
  return out;
}

RE2::Options
options()
{
  RE2::Options opt;
  opt.set_encoding(RE2::Options::EncodingLatin1); // bytes: transcripts need not be valid UTF-8
  opt.set_log_errors(false);
  return opt;
}

void
require_compiled(const RE2& re)
{
  if (!re.ok()) {
    throw Error(ErrorKind::internal, "secret pattern '" + re.pattern() + "': " + re.error());
  }
}

} // namespace

Patterns::Patterns()
    : aws_access_key("(?:AKIA|ASIA)[A-Z0-9]{16}", options())
    , github_token("gh[pousr]_[A-Za-z0-9]{36,251}", options())
    , github_pat("github_pat_[A-Za-z0-9_]{36,244}", options())
    , gitlab_token(R"(glpat-[A-Za-z0-9_\-.]{20,200})", options())
    , slack_token(R"(xox[abeposr]-(?:[0-9]+-)+[A-Za-z0-9\-]{8,200})", options())
    , slack_webhook(cat({R"(hooks\.slack\.com)", k_slash, "services", k_slash, "T[A-Z0-9]{6,}",
                         k_slash, "B[A-Z0-9]{6,}", k_slash, "[A-Za-z0-9]{16,64}"}),
                    options())
    , stripe_key("[rs]k_(?:live|test)_[A-Za-z0-9]{16,247}", options())
    , anthropic_key(R"(sk-ant-[A-Za-z0-9_\-]{32,300})", options())
    , openai_key(R"(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,300})", options())
    , jwt(R"(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,})", options())
    , pem_block(cat({"-----BEGIN (", k_pem_type, ")-----(?:", k_pem_body, "|", k_uesc,
                     ")*?-----END ", k_pem_type, "-----"}),
                options())
    , pem_open(cat({"-----BEGIN (", k_pem_type, ")-----(?:", k_pem_body, "|", k_uesc, ")*"}),
               options())
    , value_run(cat({"(?:", k_value_char, "|", k_uesc, "|", k_slash, ")+"}), options())
    , bearer(cat({R"((?i:bearer)[ \t]+((?:[A-Za-z0-9._~+\-]|)", k_slash, ")+=*)"}), options())
    , url_credentials(cat({R"([A-Za-z][A-Za-z0-9+.\-]{1,31}:)", k_slash, k_slash,
                           R"(([^\s:@/\\"'<>{}]{0,64}):((?:[^\s@/\\"'<>]|)", k_uesc,
                           R"()+)@[A-Za-z0-9._\-\[\]]+)"}),
                      options())
{
  for (const RE2* re : {&aws_access_key, &github_token, &github_pat, &gitlab_token, &slack_token,
                        &slack_webhook, &stripe_key, &anthropic_key, &openai_key, &jwt, &pem_block,
                        &pem_open, &value_run, &bearer, &url_credentials}) {
    require_compiled(*re);
  }
}

std::unique_ptr<RE2>
compile_pattern(std::string_view pattern)
{
  auto re = std::make_unique<RE2>(std::string(pattern), options());
  require_compiled(*re);
  return re;
}

const Patterns&
patterns()
{
  static const Patterns compiled;
  return compiled;
}

bool
match_whole(const RE2& re, std::string_view text, std::size_t pos, std::size_t window,
            std::string_view& whole)
{
  if (pos > text.size()) {
    return false;
  }
  const std::string_view part = text.substr(pos, window);
  // One submatch (where the match ends) lets RE2 use its DFA. Asked for groups on the whole
  // window, RE2 would clear a bitmap of window x program size for each candidate.
  re2::StringPiece found;
  if (!re.Match(re2::StringPiece(part.data(), part.size()), 0, part.size(), RE2::ANCHOR_START,
                &found, 1)) {
    return false;
  }
  whole = std::string_view(found.data(), found.size());
  return true;
}

bool
match_groups(const RE2& re, std::string_view whole, Match& match)
{
  std::array<re2::StringPiece, Match::k_max_groups> groups;
  const int count = std::min(Match::k_max_groups, re.NumberOfCapturingGroups() + 1);
  if (count > 1 && !re.Match(re2::StringPiece(whole.data(), whole.size()), 0, whole.size(),
                             RE2::ANCHOR_BOTH, groups.data(), count)) {
    return false;
  }
  match = Match{};
  match.groups[0] = whole;
  for (int i = 1; i < count; ++i) {
    const re2::StringPiece& g = groups[static_cast<std::size_t>(i)];
    if (g.data() != nullptr) {
      match.groups[static_cast<std::size_t>(i)] = std::string_view(g.data(), g.size());
    }
  }
  return true;
}

bool
match_at(const RE2& re, std::string_view text, std::size_t pos, std::size_t window, Match& match)
{
  std::string_view whole;
  return match_whole(re, text, pos, window, whole) && match_groups(re, whole, match);
}

} // namespace ccsync::secrets
