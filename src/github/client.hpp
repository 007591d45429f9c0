// A small GitHub REST client: who am I, does a repository exist, create a private one.
// Only src/github/ includes <httplib.h>; this header exposes std types only.
#pragma once

#include "util/error.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace ccsync::github {

struct ClientSettings {
  std::string api_url = "https://api.github.com"; // GitHub Enterprise: https://HOST/api/v3
  std::string token;                              // sent as "Authorization: Bearer", nowhere else
  std::chrono::seconds timeout{30};               // connect, read and write, each
  std::string ca_file;                            // trusted CAs (PEM); empty: the system's
};

struct RepoInfo {
  std::string full_name; // OWNER/NAME as GitHub spells it
  bool is_private = true;
  std::string clone_url; // https://github.com/OWNER/NAME.git on github.com
  std::string ssh_url;   // git@github.com:OWNER/NAME.git
};

// What an HTTP answer says, for error mapping.
struct Answer {
  int status = 0;
  std::string body;
  std::string rate_remaining; // x-ratelimit-remaining
  std::string rate_reset;     // x-ratelimit-reset (epoch seconds)
  std::string retry_after;    // retry-after (seconds)
  std::string scopes;         // x-oauth-scopes
};

class Client {
public:
  // Throws Error{config} when `settings.api_url` is not http(s)://HOST[:PORT][/PREFIX].
  explicit Client(const ClientSettings& settings);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&& other) noexcept;
  Client& operator=(Client&& other) noexcept;
  ~Client();

  // The login of the token's user (GET /user).
  std::string user_login();

  // The repository OWNER/NAME, or nothing when GitHub says 404 (GET /repos/OWNER/NAME).
  std::optional<RepoInfo> find_repo(const std::string& owner, const std::string& name);

  // Creates the private repository `name` for the token's user (`organisation` empty:
  // POST /user/repos) or in `organisation` (POST /orgs/ORG/repos).
  RepoInfo create_private_repo(const std::string& name, const std::string& organisation);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Splits an API URL into what cpp-httplib connects to ("https://host:port", no path) and the
// prefix of every request path ("" or "/api/v3"); throws Error{config} when it is not one.
std::pair<std::string, std::string> split_api_url(const std::string& url);

// The Error for a failed `answer` to `activity` ("creating repository 'o/r'"): 401 auth (exit 4),
// 403/429 with the rate limit used up: network with the reset time (75), other 403 auth, 5xx
// network (75), 422 config; the rest config. `now_epoch` is for the reset time's "in N min".
Error answer_error(const std::string& activity, const Answer& answer, long long now_epoch);

} // namespace ccsync::github
