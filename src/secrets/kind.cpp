// Names of the secret kinds, as written in redaction markers and reports.
#include "secrets/kind.hpp"

namespace ccsync::secrets {

std::string_view
kind_name(Kind kind) noexcept
{
  switch (kind) {
  case Kind::aws_access_key: return "aws-access-key";
  case Kind::aws_secret_key: return "aws-secret-key";
  case Kind::gcp_service_account: return "gcp-service-account";
  case Kind::github_token: return "github-token";
  case Kind::gitlab_token: return "gitlab-token";
  case Kind::slack_token: return "slack-token";
  case Kind::stripe_key: return "stripe-key";
  case Kind::anthropic_key: return "anthropic-key";
  case Kind::openai_key: return "openai-key";
  case Kind::service_token: return "service-token";
  case Kind::jwt: return "jwt";
  case Kind::private_key: return "private-key";
  case Kind::connection_string: return "connection-string";
  case Kind::bearer: return "bearer";
  case Kind::token: return "token";
  case Kind::password: return "password";
  case Kind::high_entropy: return "high-entropy";
  }
  return "secret";
}

} // namespace ccsync::secrets
