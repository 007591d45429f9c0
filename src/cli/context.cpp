// Central command set-up: directories, logging, configuration, the sync repository.
#include "cli/context.hpp"

#include "cli/output.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "sync/repo/registry.hpp"
#include "sync/setup/open.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/text.hpp"
#include "version.hpp"

#include <spdlog/spdlog.h>

#include <ostream>

namespace ccsync::cli {

void
Context::prepare(const Needs& needs)
{
  if (!needs.dirs) {
    return;
  }
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

bool
Context::shows_progress() const
{
  return !quiet && platform::stderr_terminal();
}

sync::SyncRepo&
Context::open_repo(const std::string& remote_url)
{
  repo.reset(); // its machine lock first: the repository opened next takes the same lock
  repo.emplace(sync::open_sync_repo({dirs, config.config, env, remote_url, github_token}));
  if (shows_progress()) {
    m_progress = std::make_unique<TerminalProgress>(err);
    repo->set_progress_observer(m_progress->observer());
  }
  return *repo;
}

} // namespace ccsync::cli
