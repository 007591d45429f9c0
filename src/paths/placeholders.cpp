// Translate and expand. Both scan left to right in one pass and look only at candidate bytes.
// Push: at a '{' that starts a token, the token gets one more '!' (literal text is escaped);
// at a mapped directory (longest spelling first), the placeholder is written, and for a Windows
// path written with '\' the rest of the path gets '/' separators. Pull undoes exactly that. Why
// the round trip is exact: tokens cannot contain '{' after their "{{", every piece push writes
// starts with '{', and plain text is copied only where push found no token, so pull sees tokens
// exactly where push wrote them. src/paths/README.md states the rules.
#include "paths/placeholders.hpp"

#include "paths/scan.hpp"

namespace ccsync::paths {

namespace {

std::string_view
separator(PathStyle style)
{
  return style == PathStyle::json ? "\\\\" : "\\";
}

} // namespace

Placeholders::Placeholders(Profile profile)
    : m_profile(std::move(profile))
    , m_matcher(m_profile)
    , m_translate_finder(m_matcher.first_bytes() + "{")
    , m_expand_finder("{")
{
  for (const Mapping& m : m_profile.mappings()) {
    auto& forms = m_spelled.emplace_back();
    for (int canonical = 0; canonical < 2; ++canonical) {
      for (PathStyle style : {PathStyle::raw, PathStyle::json, PathStyle::slash}) {
        forms[canonical][static_cast<std::size_t>(style)] =
          spell(m_profile.os(), canonical != 0 ? m.canonical : m.path, style);
      }
    }
  }
}

const std::string&
Placeholders::spelled(std::size_t mapping, bool canonical, PathStyle style) const
{
  return m_spelled[mapping][canonical ? 1 : 0][static_cast<std::size_t>(style)];
}

void
Placeholders::translate(std::string_view in, std::string& out) const
{
  std::size_t literal = 0;
  std::size_t pos = 0;
  while ((pos = m_translate_finder.find(in, pos)) < in.size()) {
    std::size_t end = 0;
    if (in[pos] == '{') {
      if (const auto token = match_token(in, pos)) {
        out.append(in.substr(literal, pos - literal));
        append_escaped(out, *token);
        end = pos + token->length;
      }
    } else if (const Spelling* s = m_matcher.match(in, pos)) {
      out.append(in.substr(literal, pos - literal));
      end = emit_placeholder(in, pos, *s, out);
    }
    pos = end != 0 ? end : pos + 1;
    literal = end != 0 ? end : literal;
  }
  out.append(in.substr(literal));
}

std::string
Placeholders::translate(std::string_view in) const
{
  std::string out;
  out.reserve(in.size() + in.size() / 16);
  translate(in, out);
  return out;
}

// Writes the placeholder for spelling `s` matched at `pos`; returns where plain text resumes.
std::size_t
Placeholders::emit_placeholder(std::string_view in, std::size_t pos, const Spelling& s,
                               std::string& out) const
{
  const std::size_t end = pos + s.text.size();
  const std::string mask = s.windows ? case_mask(s.text, in.substr(pos, s.text.size())) : "";
  const bool converts = s.windows && s.style != PathStyle::slash;
  if (!converts && mask.empty()) {
    out += s.placeholder;
    return end;
  }
  std::string suffix; // the rest of the path with '/' separators
  std::size_t q = end;
  const std::string_view sep = separator(s.style);
  while (converts && in.substr(q, sep.size()) == sep) {
    q += sep.size();
    const std::size_t start = q;
    while (q < in.size() && is_component_byte(in[q])) {
      ++q;
    }
    suffix += '/';
    suffix.append(in.substr(start, q - start));
  }
  // A '/' right after the converted part would be taken as part of it on pull: convert nothing.
  const bool verbatim = converts && q < in.size() && in[q] == '/';
  const TokenFlags flags{s.canonical, s.windows, s.style, verbatim, mask};
  append_placeholder(out, m_profile.mappings()[s.mapping].name, flags);
  if (verbatim) {
    return end;
  }
  out += suffix;
  return q;
}

void
Placeholders::expand(std::string_view in, std::string& out, std::set<std::string>& missing,
                     PathContext context) const
{
  std::size_t literal = 0;
  std::size_t pos = 0;
  while ((pos = m_expand_finder.find(in, pos)) < in.size()) {
    const auto token = match_token(in, pos);
    if (!token) {
      ++pos;
      continue;
    }
    out.append(in.substr(literal, pos - literal));
    if (token->bangs > 0) {
      append_unescaped(out, *token);
      pos += token->length;
    } else {
      pos = expand_placeholder(in, pos, *token, out, missing, context);
    }
    literal = pos;
  }
  out.append(in.substr(literal));
}

std::string
Placeholders::expand(std::string_view in, std::set<std::string>* missing) const
{
  std::string out;
  std::set<std::string> ignored;
  out.reserve(in.size() + in.size() / 8);
  expand(in, out, missing != nullptr ? *missing : ignored);
  return out;
}

// Writes this machine's directory for placeholder `t` at `pos`; returns where plain text resumes.
std::size_t
Placeholders::expand_placeholder(std::string_view in, std::size_t pos, const Token& t,
                                 std::string& out, std::set<std::string>& missing,
                                 PathContext context) const
{
  const std::size_t end = pos + t.length;
  const Mapping* m = m_profile.find(t.name);
  const auto flags = parse_flags(t.flags);
  if (m == nullptr || !flags) {
    missing.insert(std::string(flags ? t.name : in.substr(pos + 2, t.length - 4)));
    out.append(in.substr(pos, t.length));
    return end;
  }
  const auto mapping = static_cast<std::size_t>(m - m_profile.mappings().data());
  PathStyle style = flags->style == PathStyle::json ? PathStyle::json : PathStyle::raw;
  if (m_profile.os() == Os::posix) {
    out += spelled(mapping, flags->canonical, style);
    return end;
  }
  // Windows: keep the pushing machine's style if it was Windows, else choose by context.
  if (flags->windows) {
    style = flags->style;
  } else if (context == PathContext::json) {
    style = PathStyle::json;
  }
  const std::size_t prefix_start = out.size();
  out += spelled(mapping, flags->canonical, style);
  if (flags->windows && !flags->case_mask.empty()) {
    std::string prefix = out.substr(prefix_start);
    apply_case_mask(prefix, flags->case_mask);
    out.resize(prefix_start);
    out += prefix;
  }
  if (style == PathStyle::slash || flags->verbatim) {
    return end;
  }
  std::size_t q = end;
  while (q < in.size() && in[q] == '/') {
    const std::size_t start = ++q;
    while (q < in.size() && is_component_byte(in[q])) {
      ++q;
    }
    out += separator(style);
    out.append(in.substr(start, q - start));
  }
  return q;
}

std::string
Placeholders::portable_path(std::string_view local) const
{
  std::string path(local);
  if (m_profile.os() == Os::windows) {
    for (char& c : path) {
      c = c == '/' ? '\\' : c;
    }
  }
  const std::string translated = translate(path);
  std::string key;
  std::size_t literal = 0;
  for (std::size_t pos = translated.find("{{"); pos != std::string::npos;
       pos = translated.find("{{", pos + 1)) {
    const auto token = match_token(translated, pos);
    if (!token || token->bangs > 0 || pos < literal) {
      continue;
    }
    key.append(translated, literal, pos - literal);
    append_placeholder(key, token->name, TokenFlags{});
    literal = pos + token->length;
  }
  key.append(translated, literal);
  return key;
}

std::optional<std::string>
Placeholders::local_path(std::string_view portable, std::set<std::string>& missing) const
{
  std::set<std::string> here;
  std::string out;
  expand(portable, out, here, PathContext::raw);
  if (!here.empty()) {
    missing.insert(here.begin(), here.end());
    return std::nullopt;
  }
  return out;
}

void
collect_placeholder_names(std::string_view text, std::set<std::string>& names)
{
  for (std::size_t pos = text.find("{{"); pos != std::string_view::npos;
       pos = text.find("{{", pos + 1)) {
    const auto token = match_token(text, pos);
    if (token && token->bangs == 0) {
      names.emplace(token->name);
    }
  }
}

} // namespace ccsync::paths
