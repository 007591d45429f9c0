// Central command set-up: directories, logging, configuration, the sync repository.
#include "cli/context.hpp"

#include "cli/output.hpp"
#include "config/token.hpp"
#include "git/stream.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "sync/registry.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <ostream>

#include "version.hpp"

namespace ccsync::cli {

namespace {

bool
is_http_url(const std::string& url)
{
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

// The token for an https remote of a GitHub-backed configuration (set up by init --github).
std::optional<std::string>
github_token_for(const Context& context, const std::string& remote_url)
{
  const config::Config& config = context.config.config;
  if (context.github_token) {
    return context.github_token;
  }
  if (config.github_owner.value.empty() || !is_http_url(remote_url)) {
    return std::nullopt;
  }
  const auto token = config::discover_token(
    context.env, config, std::nullopt, std::chrono::seconds(config.network_timeout_seconds.value));
  if (token) {
    spdlog::debug("github: using the token from {}", token->source);
    return token->value;
  }
  return std::nullopt;
}

git::Credentials
credentials_from(const Context& context, const std::string& remote_url)
{
  git::Credentials credentials;
  credentials.ssh_agent_available = context.dirs.ssh_agent;
  credentials.ssh_key_file = context.dirs.home / ".ssh" / "id_ed25519";
  credentials.token = github_token_for(context, remote_url);
  return credentials;
}

} // namespace

void
Context::prepare(const Needs& needs)
{
  dirs = platform::resolve_dirs(env);
  if (!needs.config) {
    return;
  }
  platform::ensure_dir(dirs.log_file().parent_path());
  util::init_logging(dirs.log_file(), verbose);
  spdlog::debug("ccsync {} pid {} home {}", k_version, platform::process_id(),
                dirs.ccsync_home.string());
  config = config::load(dirs, env, platform::hostname());
  for (const auto& warning : config.warnings) {
    print_warning(err, warning);
    spdlog::warn("{}", warning);
  }
  if (needs.initialised && !config.file_exists) {
    throw Error(ErrorKind::config, "ccsync is not set up on this machine",
                "run 'ccsync init' first");
  }
  if (needs.repo) {
    open_repo(config.config.remote.value);
  }
}

const std::string&
Context::install_id() const
{
  if (m_install_id.empty()) {
    m_install_id = sync::installation_id(dirs, platform::hostname());
  }
  return m_install_id;
}

sync::SharedRepo&
Context::open_repo(const std::string& remote_url)
{
  spdlog::debug("opening sync repository for {}", util::redact_url(remote_url));
  const config::Config& settings = config.config;
  git::configure_network(remote_url, {std::chrono::seconds(settings.network_timeout_seconds.value),
                                      settings.ca_file.value, k_exit_try_later});
  repo.emplace(
    sync::SharedRepo::open(dirs, remote_url, {machine_id(), credentials_from(*this, remote_url)}));
  return *repo;
}

} // namespace ccsync::cli
