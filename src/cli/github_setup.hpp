// init --github OWNER/REPO: find or create the private GitHub repository and turn it into the
// remote that init then uses like any other.
#pragma once

#include "cli/context.hpp"

#include <optional>
#include <string>

namespace ccsync::cli {

struct GithubOptions {
  std::string repository; // OWNER/REPO
  std::optional<std::string> token_file;
  std::optional<std::string> api_url;
  bool save_token = false;
  bool ssh = false;
  bool allow_public = false;
};

struct GithubRemote {
  std::string owner;
  std::string repo;
  std::string url;   // the API's clone_url, or ssh_url with --ssh
  std::string token; // for the credentials callback; empty with --ssh
  bool created = false;
};

// Splits "OWNER/REPO" and checks both names; throws Error{usage}.
std::pair<std::string, std::string> parse_github_repository(const std::string& text);

// Looks up OWNER/REPO with the discovered token (creating it, private, when GitHub says 404),
// refuses a public one unless `options.allow_public`, and records owner, repo and API URL in
// `context.config` (as flags). Prints what it created. Throws Error (auth: exit 4, network: 75).
GithubRemote resolve_github_remote(Context& context, const GithubOptions& options);

} // namespace ccsync::cli
