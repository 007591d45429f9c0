// The families of secrets the scanner knows. Each has a short lowercase name that appears in
// redaction markers ("{{!REDACTED:github-token:1a2b}}") and in `ccsync scan` reports. The order
// of the enumerators is also the tie-break when two families claim the same bytes: the more
// specific family (a GitHub token) wins over the generic one (a token assignment).
#pragma once

#include <array>
#include <string_view>

namespace ccsync::secrets {

enum class Kind : unsigned char {
  aws_access_key,      // AKIA.../ASIA... access key id
  aws_secret_key,      // 40-character secret next to an AWS secret name
  gcp_service_account, // the private key of a service-account JSON
  github_token,        // ghp_/gho_/ghu_/ghs_/ghr_..., github_pat_...
  gitlab_token,        // glpat-...
  slack_token,         // xoxb-/xoxp-/... and hooks.slack.com/services URLs
  stripe_key,          // sk_live_/rk_live_/sk_test_/rk_test_...
  anthropic_key,       // sk-ant-...
  openai_key,          // sk-..., sk-proj-...
  service_token,       // other services' tokens with a documented prefix (detect_vendors.cpp)
  jwt,                 // eyJ... . eyJ... . signature
  private_key,         // PEM private key blocks
  connection_string,   // the password of scheme://user:password@host
  bearer,              // Authorization header values, "Bearer ..."
  token,               // api_key=, access_token=, client_secret=, ... assignments
  password,            // password=, passwd=, pwd=, secret= ... assignments
  high_entropy,        // a random-looking value next to a generic secret name (key, credential)
};

// Every kind, in enumerator order.
inline constexpr std::array<Kind, 17> k_all_kinds = {
  Kind::aws_access_key,
  Kind::aws_secret_key,
  Kind::gcp_service_account,
  Kind::github_token,
  Kind::gitlab_token,
  Kind::slack_token,
  Kind::stripe_key,
  Kind::anthropic_key,
  Kind::openai_key,
  Kind::service_token,
  Kind::jwt,
  Kind::private_key,
  Kind::connection_string,
  Kind::bearer,
  Kind::token,
  Kind::password,
  Kind::high_entropy,
};

// How every redaction marker starts: "{{!REDACTED:<kind name>:<4 hex>}}" (redact.hpp).
inline constexpr std::string_view k_marker_prefix = "{{!REDACTED:";

// The short name of `kind`: lowercase letters and '-' only ("aws-access-key", "jwt").
std::string_view kind_name(Kind kind) noexcept;

} // namespace ccsync::secrets
