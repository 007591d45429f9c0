// Central command set-up: directories, logging, configuration, the sync repository.
#include "cli/context.hpp"

#include "cli/output.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/text.hpp"
#include "version.hpp"

#include <spdlog/spdlog.h>

#include <ostream>

namespace ccsync::cli {

namespace {

git::Credentials
credentials_from(const platform::Environment& env, const platform::Dirs& dirs)
{
  git::Credentials credentials;
  credentials.ssh_agent_available = env.get("SSH_AUTH_SOCK").has_value();
  credentials.ssh_key_file = dirs.home / ".ssh" / "id_ed25519";
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

sync::SharedRepo&
Context::open_repo(const std::string& remote_url)
{
  spdlog::debug("opening sync repository for {}", util::redact_url(remote_url));
  repo.emplace(sync::SharedRepo::open(dirs, remote_url,
                                      {machine_id(), credentials_from(env, dirs)}));
  return *repo;
}

} // namespace ccsync::cli
