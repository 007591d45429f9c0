// Repository and engine set-up from the configuration.
#include "sync/setup/open.hpp"

#include "config/token.hpp"
#include "git/stream.hpp"
#include "platform/fs.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/repo/encryption.hpp"
#include "sync/repo/registry.hpp"
#include "sync/repo/view_writer.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/sharing/sharing_state.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::sync {
bool
uses_github_token(const config::Config& config, const std::string& remote_url)
{
  const bool http = remote_url.rfind("http://", 0) == 0 || remote_url.rfind("https://", 0) == 0;
  return http && !config.github_owner.value.empty();
}

namespace {

// The token for an https remote of a GitHub-backed configuration (set up by init --github).
std::optional<std::string>
github_token_for(const OpenRequest& request)
{
  const config::Config& config = request.config;
  if (request.github_token) {
    return request.github_token;
  }
  if (!uses_github_token(config, request.remote_url)) {
    return std::nullopt;
  }
  const auto token = config::discover_token(
    request.env, config, std::nullopt, std::chrono::seconds(config.network_timeout_seconds.value));
  if (token) {
    spdlog::debug("github: using the token from {}", token->source);
    return token->value;
  }
  return std::nullopt;
}

git::Credentials
credentials_for(const OpenRequest& request)
{
  git::Credentials credentials;
  credentials.ssh_agent_available = request.dirs.ssh_agent;
  credentials.ssh_key_file = request.dirs.home / ".ssh" / "id_ed25519";
  credentials.token = github_token_for(request);
  return credentials;
}

} // namespace

SyncRepo
open_sync_repo(const OpenRequest& request)
{
  spdlog::debug("opening sync repository for {}", util::redact_url(request.remote_url));
  const config::Config& config = request.config;
  git::configure_network(
    request.remote_url,
    {std::chrono::seconds(config.network_timeout_seconds.value), config.ca_file.value});
  SyncRepo repo =
    SyncRepo::open(request.dirs, request.remote_url,
                   {config.machine_id.value, credentials_for(request),
                    machine_keys(request.dirs, request.env.get(config::k_key_variable)),
                    [dirs = request.dirs] { return keychain_keys(dirs); }});
  promote_next_key(request.dirs, repo.sealing().record()); // a rotation that stopped half-way
  repo.sealing().expect_encrypted(remembered_encrypted(request.dirs, request.remote_url));
  repo.observe([home = request.dirs.ccsync_home, machine = config.machine_id.value](
                 const SyncRepo& changed) { update_repository_view(changed, home, machine); });
  return repo;
}

EngineSetup
make_engine_setup(const platform::Dirs& dirs, const config::Config& config, const SyncRepo& repo,
                  const std::string& install_id)
{
  auto mappings = placeholders_for(usable_placeholders(repo.current()), config.machine_id.value);
  for (const auto& [name, path] : config.custom_placeholders.value) {
    mappings[name] = path;
  }
  EngineSetup result;
  result.setup.placeholders_hash = placeholders_hash_of(dirs.home.string(), mappings);
  result.placeholders =
    std::make_unique<paths::Placeholders>(make_placeholders(dirs.home.string(), mappings));
  result.setup.claude_dir = dirs.claude_dir;
  result.setup.ccsync_home = dirs.ccsync_home;
  result.setup.machine_id = config.machine_id.value;
  result.setup.sync_directories = config.sync_directories.value;
  result.setup.exclude = config.exclude.value.items;
  result.setup.placeholders = result.placeholders.get();
  result.setup.clock_skew = config.lock_clock_skew_seconds.value;
  result.setup.lock_ttl = config.lock_ttl_seconds.value;
  result.setup.install_id = install_id;
  result.redactor = make_redactor(dirs, config);
  for (const auto& entry : config.secrets_projects.value.items) {
    result.setup.secrets_projects.push_back(config::parse_project_policy(entry));
  }
  result.setup.redactor = result.redactor.get();
  result.setup.fingerprint = sync_fingerprint(dirs, config);
  return result;
}

std::uint64_t
sync_fingerprint(const platform::Dirs& dirs, const config::Config& config)
{
  std::string text;
  const auto add = [&text](const char* key, const auto& setting) {
    text += key;
    text += '=';
    text += config::to_json_value(setting).dump();
    text += '\n';
  };
  add("machine_id", config.machine_id);
  add("remote", config.remote);
  add("sync_directories", config.sync_directories);
  add("custom_placeholders", config.custom_placeholders);
  add("secrets", config.secrets);
  add("secrets_allow", config.secrets_allow);
  add("exclude", config.exclude);
  add("secrets_projects", config.secrets_projects);
  text += platform::read_file(local_ids_file(dirs.ccsync_home)).value_or("");
  return util::stable_hash(text) | 1U;
}

std::unique_ptr<secrets::Redactor>
make_redactor(const platform::Dirs& dirs, const config::Config& config)
{
  const auto policy = secrets::parse_policy(config.secrets.value).value_or(secrets::Policy::redact);
  return std::make_unique<secrets::Redactor>(policy,
                                             secrets::Allowlist(config.secrets_allow.value.items),
                                             load_marker_key(dirs.ccsync_home / "secrets.key"));
}

LockSettings
lock_settings(const config::Config& config)
{
  return {config.lock_ttl_seconds.value, config.lock_clock_skew_seconds.value};
}

} // namespace ccsync::sync
