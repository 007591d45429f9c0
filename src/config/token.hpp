// Where the GitHub token comes from (and the names of the variables that give an encrypted
// repository's key). The token is a secret: it reaches libgit2 only through the
// credentials callback and cpp-httplib only as a request header, and is written nowhere unless the
// user asks (init --save-token, into the 0600 config file).
#pragma once

#include "config/config.hpp"
#include "platform/env.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace ccsync::config {

struct Token {
  std::string value;
  std::string source; // "--token-file", "GH_TOKEN", "GITHUB_TOKEN", "config.json", "gh auth token"
};

// The GitHub token, from the first of: `token_file` (when given; Error{config} if unreadable or
// empty), GH_TOKEN, GITHUB_TOKEN, the token saved in `config`, the output of `gh auth token`
// when the GitHub CLI is installed (given `gh_timeout` to answer). Nothing when none has one.
std::optional<Token> discover_token(const platform::Environment& env, const Config& config,
                                    const std::optional<std::filesystem::path>& token_file,
                                    std::chrono::seconds gh_timeout);

// The variable that may hold an encrypted repository's key (its recovery string).
inline constexpr const char* k_key_variable = "CCSYNC_KEY";
// The passphrase of a passphrase repository, for scripts (else it is asked on the terminal).
inline constexpr const char* k_passphrase_variable = "CCSYNC_PASSPHRASE";

// Runs `program` with `args` (found on PATH) and returns its standard output when it exits 0
// within `timeout`; nothing otherwise (not installed, failed, too slow: then it is killed).
std::optional<std::string> capture_output(const std::string& program,
                                          const std::vector<std::string>& args,
                                          std::chrono::seconds timeout);

} // namespace ccsync::config
