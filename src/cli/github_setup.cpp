// The GitHub half of init: token, REST look-up or creation, privacy check, remote URL. The token
// goes to the REST client's Authorization header and to the credentials callback only.
#include "cli/github_setup.hpp"

#include "config/token.hpp"
#include "github/client.hpp"
#include "platform/host.hpp"
#include "util/error.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <ostream>

namespace ccsync::cli {
namespace {

bool
valid_github_name(const std::string& name)
{
  return !name.empty() && name.size() <= 100 && name != "." && name != ".." &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
         });
}

bool
same_login(const std::string& a, const std::string& b)
{
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) == std::tolower(y);
  });
}

config::Token
require_token(const Context& context, const GithubOptions& options)
{
  const config::Config& config = context.config.config;
  auto token = config::discover_token(context.env, config, options.token_file,
                                      std::chrono::seconds(config.network_timeout_seconds.value));
  if (!token) {
    throw Error(ErrorKind::auth, "no GitHub token found",
                "give one with --token-file FILE or GH_TOKEN, or log in with 'gh auth login'");
  }
  spdlog::info("github: using the token from {}", token->source);
  return *token;
}

// On a terminal ccsync offers to create a missing repository; without one (scripts, install.sh)
// `init --github` is itself the request, and it creates it.
bool
creation_agreed(Context& context, const std::string& full_name)
{
  if (!platform::interactive_terminal()) {
    return true;
  }
  context.err << full_name << " does not exist on GitHub. Create it as a private repository? [Y/n] "
              << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer.empty() || answer == "y" || answer == "Y" || answer == "yes";
}

github::RepoInfo
find_or_create(github::Client& client, Context& context, const std::string& owner,
               const std::string& repo, bool& created)
{
  const std::string login = client.user_login();
  if (auto existing = client.find_repo(owner, repo)) {
    return *existing;
  }
  if (!creation_agreed(context, owner + "/" + repo)) {
    throw Error(ErrorKind::usage, "the GitHub repository " + owner + "/" + repo + " does not exist",
                "create it, or run init again and answer y to let ccsync create it");
  }
  const std::string organisation = same_login(owner, login) ? "" : owner;
  github::RepoInfo info = client.create_private_repo(repo, organisation);
  created = true;
  context.out << "Created the private GitHub repository " << info.full_name << "\n";
  return info;
}

} // namespace

std::pair<std::string, std::string>
parse_github_repository(const std::string& text)
{
  const auto slash = text.find('/');
  std::string owner = text.substr(0, slash);
  std::string repo = slash == std::string::npos ? "" : text.substr(slash + 1);
  if (repo.size() > 4 && repo.ends_with(".git")) {
    repo.resize(repo.size() - 4);
  }
  if (!valid_github_name(owner) || !valid_github_name(repo)) {
    throw Error(ErrorKind::usage, "'" + text + "' is not a GitHub repository",
                "give OWNER/REPO, for example --github alice/claude-sessions");
  }
  return {owner, repo};
}

GithubRemote
resolve_github_remote(Context& context, const GithubOptions& options)
{
  config::Config& config = context.config.config;
  GithubRemote remote;
  std::tie(remote.owner, remote.repo) = parse_github_repository(options.repository);
  if (options.api_url) {
    config.github_api_url.set(*options.api_url, config::Origin::flag);
  }
  const config::Token token = require_token(context, options);
  github::Client client({config.github_api_url.value, token.value,
                         std::chrono::seconds(config.network_timeout_seconds.value),
                         config.ca_file.value});
  const github::RepoInfo info =
    find_or_create(client, context, remote.owner, remote.repo, remote.created);
  if (!info.is_private && !options.allow_public) {
    throw Error(ErrorKind::config,
                "the GitHub repository " + info.full_name +
                  " is public, and session "
                  "transcripts hold code, paths and secrets",
                "make it private on GitHub, use another repository, or pass --allow-public");
  }
  remote.url = options.ssh ? info.ssh_url : info.clone_url;
  if (remote.url.empty()) {
    throw Error(ErrorKind::network, "GitHub gave no " +
                                      std::string(options.ssh ? "ssh_url" : "clone_url") + " for " +
                                      info.full_name);
  }
  remote.token = options.ssh ? "" : token.value;
  config.github_owner.set(remote.owner, config::Origin::flag);
  config.github_repo.set(remote.repo, config::Origin::flag);
  if (options.save_token) {
    config.github_token.set({token.value}, config::Origin::flag);
  }
  return remote;
}

} // namespace ccsync::cli
