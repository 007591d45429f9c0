// ccsync init: register this machine and create or join the sync repository.
#pragma once

#include "cli/args.hpp"
#include "cli/context.hpp"
#include "cli/github_setup.hpp"
#include "cli/repo_key.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ccsync::cli {

struct InitOptions {
  std::optional<std::string> remote;
  std::optional<std::string> machine_id;
  std::vector<std::pair<std::string, std::string>> placeholders; // NAME, PATH
  std::vector<std::string> sync_dirs;
  bool force = false;
  std::optional<GithubOptions> github; // init --github OWNER/REPO
  EncryptionOptions encryption;        // --encrypt, --passphrase, --key-file
};

InitOptions parse_init(const Args& args);
int run_init(Context& context, const InitOptions& options);

// `remote` as ccsync stores it: URLs unchanged, local paths made absolute.
std::string normalize_remote(const std::string& remote);

} // namespace ccsync::cli
