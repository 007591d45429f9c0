// Opening the sync repository and the engine the way the configuration says, for every caller
// (commands, hooks, the daemon): network timeouts and CA file, credentials (the GitHub token of
// a GitHub-backed set-up, the ssh agent and key), the machine lock, and this machine's
// placeholders as the repository's table and the configuration give them.
#pragma once

#include "config/config.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"
#include "secrets/redactor.hpp"
#include "sync/engine.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/repo/sync_repo.hpp"

#include <memory>
#include <optional>
#include <string>

namespace ccsync::sync {

struct OpenRequest {
  const platform::Dirs& dirs;
  const config::Config& config;
  const platform::Environment& env;
  std::string remote_url;
  std::optional<std::string> github_token; // already found (init --github); else discovered
};

// Configures the network for `request.remote_url` and opens the repository (waiting for the
// machine lock); throws Error like SyncRepo::open.
SyncRepo open_sync_repo(const OpenRequest& request);

// The engine's set-up and the placeholders it points to (kept alive together).
struct EngineSetup {
  std::unique_ptr<paths::Placeholders> placeholders;
  std::unique_ptr<secrets::Redactor> redactor; // config `secrets`, `secrets_allow`
  SyncSetup setup;
};

// The secrets policy of the configuration, with this machine's marker key
// (<ccsync home>/secrets.key, created on first use). Throws Error{config} for a bad allowlist.
std::unique_ptr<secrets::Redactor> make_redactor(const platform::Dirs& dirs,
                                                 const config::Config& config);

// This machine's placeholders: the repository's table for this machine, overridden by
// custom_placeholders from the configuration.
EngineSetup make_engine_setup(const platform::Dirs& dirs, const config::Config& config,
                              const SyncRepo& repo, const std::string& install_id);

LockSettings lock_settings(const config::Config& config);

// A fingerprint of what push and pull decide by besides the files themselves: the remote, the
// machine id, the sync directories, placeholders, sharing and secrets settings, and the sessions
// marked local. Never 0.
std::uint64_t sync_fingerprint(const platform::Dirs& dirs, const config::Config& config);

// True when `remote_url` is reached with the GitHub token: a GitHub-backed configuration (init
// --github) over http(s); an ssh remote uses ssh keys instead.
bool uses_github_token(const config::Config& config, const std::string& remote_url);

} // namespace ccsync::sync
