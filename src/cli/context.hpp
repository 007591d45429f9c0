// What a command runs with: environment, directories, configuration, the sync repository and the
// output streams. Building a Context does nothing; prepare() performs the set-up a command
// declared it needs, once, centrally.
#pragma once

#include "cli/progress.hpp"
#include "config/config.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"
#include "sync/repo/sync_repo.hpp"

#include <iosfwd>
#include <memory>
#include <optional>

namespace ccsync::cli {

// The set-up a command needs before it runs.
struct Needs {
  bool dirs = true;         // the directories resolved (the hook command does its own set-up)
  bool config = false;      // configuration loaded (ccsync home and log file created)
  bool initialised = false; // this machine has run `ccsync init`
  bool repo = false;        // the sync repository opened under the machine lock
};

struct Context {
  Context(platform::Environment environment, std::ostream& out_stream, std::ostream& err_stream,
          bool verbose_output, bool quiet_output = false)
      : env(std::move(environment))
      , out(out_stream)
      , err(err_stream)
      , verbose(verbose_output)
      , quiet(quiet_output)
  {}

  platform::Environment env;
  std::ostream& out;
  std::ostream& err;
  bool verbose;
  bool quiet; // -q/--quiet: no progress lines
  platform::Dirs dirs;
  config::Loaded config;
  std::optional<sync::SyncRepo> repo;
  // The GitHub token for https remotes when a command found it already (init --github); else
  // open_repo discovers it for a GitHub-backed configuration (config/token.hpp).
  std::optional<std::string> github_token;

  // Performs the set-up in `needs`; throws Error with a hint when it cannot.
  void prepare(const Needs& needs);

  // Opens the sync repository for `remote_url` (used by prepare and by init), with the network
  // timeouts, CA file and credentials of the configuration.
  sync::SyncRepo& open_repo(const std::string& remote_url);

  const std::string&
  machine_id() const
  {
    return config.config.machine_id.value;
  }

  // This installation's id (sync::installation_id), read once.
  const std::string& install_id() const;

  // True when progress lines may be drawn: stderr is a terminal and not --quiet.
  bool shows_progress() const;

private:
  mutable std::string m_install_id;
  std::unique_ptr<TerminalProgress> m_progress;
};

} // namespace ccsync::cli
