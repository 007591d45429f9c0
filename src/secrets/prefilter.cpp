// The byte-pair table of the prefilter. Pairs are chosen inside each anchor so that they are rare
// in transcripts (JSON keys, prose, code, paths) and cheap to confirm: a probe first compares a
// few bytes around the hit, and only then runs a pattern.
#include "secrets/prefilter.hpp"

#include "secrets/text.hpp"

namespace ccsync::secrets {

namespace {

char
flip_case(char c)
{
  if (is_lower(c))
    return static_cast<char>(c - ('a' - 'A'));
  return is_upper(c) ? fold(c) : c;
}

} // namespace

Prefilter::Prefilter()
{
  add('A', 'K', k_probe_aws, false);
  add('A', 'S', k_probe_aws, false);
  add('g', 'h', k_probe_github, false);
  add('b', '_', k_probe_github_pat, false);
  add('l', 'p', k_probe_gitlab, false);
  add('x', 'o', k_probe_slack, false);
  add('k', '.', k_probe_slack_hook, false);
  add('k', '_', k_probe_stripe, false);
  add('k', '-', k_probe_sk_dash, false);
  add('y', 'J', k_probe_jwt, false);
  add('-', 'B', k_probe_pem, false);
  add(':', '/', k_probe_url, false);
  add(':', '\\', k_probe_url, false);
  for (const char* pair : {"ke", "cr", "ss", "pw", "iz"})
    add(pair[0], pair[1], k_probe_keyword, true);
  add('b', 'e', k_probe_bearer, true);
}

void
Prefilter::add(char first, char second, std::uint16_t probes, bool any_case)
{
  for (const char a : {first, any_case ? flip_case(first) : first}) {
    for (const char b : {second, any_case ? flip_case(second) : second}) {
      const unsigned pair =
        static_cast<unsigned char>(a) | (static_cast<unsigned>(static_cast<unsigned char>(b)) << 8);
      m_hits[pair] = 1;
      m_probes[pair] = static_cast<std::uint16_t>(m_probes[pair] | probes);
    }
  }
}

const Prefilter&
prefilter()
{
  static const Prefilter table;
  return table;
}

} // namespace ccsync::secrets
