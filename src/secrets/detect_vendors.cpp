// Tokens of services whose formats are documented with a fixed prefix (the kinds of gitleaks'
// rule list, written from each vendor's documented format): Google API keys and OAuth tokens,
// Hugging Face, npm, PyPI, Docker Hub, HashiCorp Vault, Stripe webhook secrets, Shopify,
// SendGrid, Square, Postman, DigitalOcean, Atlassian, Artifactory, Slack app tokens, Groq,
// Replicate, LangSmith and age keys. Each entry names the byte pair the prefilter marks inside
// its prefix (prefilter.cpp registers the same pairs): a hit compares the prefix, then runs
// the entry's pattern.
#include "secrets/detect.hpp"
#include "secrets/patterns.hpp"
#include "secrets/text.hpp"

#include <array>
#include <memory>
#include <string>

namespace ccsync::secrets {

namespace {

struct Vendor {
  std::string_view prefix;  // compared before the pattern runs
  std::size_t pair;         // offset of the prefilter's byte pair in `prefix`
  std::string_view pattern; // the whole token, from the prefix on
};

constexpr std::array<Vendor, 23> k_vendors = {{
  {"AIza", 1, "AIza[0-9A-Za-z_-]{35}"},
  {"ya29.", 1, R"(ya29\.[0-9A-Za-z_-]{30,})"},
  {"hf_", 0, "hf_[A-Za-z]{34}"},
  {"npm_", 1, "npm_[A-Za-z0-9]{36}"},
  {"pypi-AgEIcHlwaS5vcmc", 5, "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,500}"},
  {"dckr_pat_", 2, "dckr_pat_[A-Za-z0-9_-]{27,60}"},
  {"hvs.", 0, R"(hvs\.[A-Za-z0-9_-]{24,200})"},
  {"hvb.", 0, R"(hvb\.[A-Za-z0-9_-]{24,400})"},
  {"whsec_", 1, "whsec_[A-Za-z0-9+/=]{24,100}"},
  {"shp", 1, "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"},
  {"SG.", 1, R"(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})"},
  {"sq0", 1, "sq0(?:atp|csp|idp)-[0-9A-Za-z_-]{22,60}"},
  {"PMAK-", 0, "PMAK-[a-f0-9]{24}-[a-f0-9]{34}"},
  {"dop_v1_", 5, "do[opr]_v1_[a-f0-9]{64}"},
  {"doo_v1_", 5, "do[opr]_v1_[a-f0-9]{64}"},
  {"dor_v1_", 5, "do[opr]_v1_[a-f0-9]{64}"},
  {"ATATT3", 0, "ATATT3[A-Za-z0-9_=-]{150,250}"},
  {"AKCp", 0, "AKCp[A-Za-z0-9]{60,80}"},
  {"xapp-", 0, "xapp-[0-9]-[A-Z0-9]{6,20}-[0-9]{6,20}-[a-z0-9]{32,80}"},
  {"gsk_", 2, "gsk_[A-Za-z0-9]{52}"},
  {"r8_", 0, "r8_[A-Za-z0-9]{37}"},
  {"lsv2_", 2, "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}"},
  {"AGE-SECRET-KEY-1", 0, "AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}"}, // bech32's alphabet
}};

constexpr std::size_t k_vendor_window = 2048;

class VendorPatterns {
public:
  VendorPatterns()
  {
    for (std::size_t i = 0; i < k_vendors.size(); ++i) {
      m_patterns[i] = compile_pattern(k_vendors[i].pattern);
    }
  }
  const RE2&
  at(std::size_t i) const
  {
    return *m_patterns[i];
  }

private:
  std::array<std::unique_ptr<RE2>, k_vendors.size()> m_patterns;
};

const VendorPatterns&
vendor_patterns()
{
  static const VendorPatterns compiled;
  return compiled;
}

void
try_vendor(ScanState& state, std::size_t pos, const Vendor& vendor, std::size_t index)
{
  const std::string_view text = state.text;
  if (pos < vendor.pair || text[pos] != vendor.prefix[vendor.pair] ||
      text[pos + 1] != vendor.prefix[vendor.pair + 1] ||
      !has_at(text, pos - vendor.pair, vendor.prefix)) {
    return;
  }
  try_token(state, pos - vendor.pair, vendor_patterns().at(index), Kind::service_token,
            vendor.prefix.size(), Body::placeholder_free, k_vendor_window);
}

} // namespace

void
probe_vendor(ScanState& state, std::size_t pos)
{
  if (pos + 1 >= state.text.size()) {
    return;
  }
  for (std::size_t i = 0; i < k_vendors.size(); ++i) {
    try_vendor(state, pos, k_vendors[i], i);
  }
}

} // namespace ccsync::secrets
