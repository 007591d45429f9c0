// The GitHub REST client over cpp-httplib: explicit timeouts (the library's built-in connect
// timeout is 300 s), the API version and a versioned User-Agent on every request, the token only
// in the Authorization header, errors mapped to ccsync's kinds. Does not: paginate (no call
// here lists anything) or follow redirects.
#include "github/client.hpp"

#include "util/clock.hpp"
#include "util/text.hpp"
#include "version.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace ccsync::github {
using nlohmann::json;

namespace {

constexpr const char* k_token_hint =
  "check the token (--token-file, GH_TOKEN, GITHUB_TOKEN or 'gh auth login'); it needs the "
  "'repo' scope (classic token) or Administration and Contents read/write (fine-grained)";

std::string
github_message(const std::string& body)
{
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    return parsed["message"].get<std::string>();
  }
  return body.substr(0, 200);
}

Error
rate_limit_error(const std::string& activity, const Answer& answer, long long now_epoch)
{
  long long reset = now_epoch;
  try {
    reset = answer.rate_reset.empty() ? now_epoch + std::stoll(answer.retry_after)
                                      : std::stoll(answer.rate_reset);
  } catch (const std::exception&) {
    reset = now_epoch + 60;
  }
  const long long minutes = std::max<long long>((reset - now_epoch + 59) / 60, 1);
  return Error(ErrorKind::network,
               activity + ": GitHub's API rate limit is used up until " +
                 util::format_epoch(reset) + " (in about " + std::to_string(minutes) + " min)",
               "run the command again after that time");
}

RepoInfo
parse_repo(const std::string& body)
{
  const json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("clone_url")) {
    throw Error(ErrorKind::network, "GitHub's answer is not a repository: " + body.substr(0, 200),
                "check --github-api-url");
  }
  RepoInfo info;
  info.full_name = parsed.value("full_name", "");
  info.is_private = parsed.value("private", true);
  info.clone_url = parsed.value("clone_url", "");
  info.ssh_url = parsed.value("ssh_url", "");
  return info;
}

Answer
answer_of(const httplib::Response& response)
{
  return {response.status,
          response.body,
          response.get_header_value("x-ratelimit-remaining"),
          response.get_header_value("x-ratelimit-reset"),
          response.get_header_value("retry-after"),
          response.get_header_value("x-oauth-scopes")};
}

} // namespace

Error
answer_error(const std::string& activity, const Answer& answer, long long now_epoch)
{
  const std::string what = activity + ": GitHub answered " + std::to_string(answer.status) + " (" +
                           github_message(answer.body) + ")";
  const bool limited = answer.rate_remaining == "0" || !answer.retry_after.empty();
  if ((answer.status == 403 || answer.status == 429) && limited) {
    return rate_limit_error(activity, answer, now_epoch);
  }
  if (answer.status == 401 || answer.status == 403) {
    const std::string scopes =
      answer.scopes.empty() ? "" : " (the token has the scopes: " + answer.scopes + ")";
    return Error(ErrorKind::auth, what + scopes, k_token_hint);
  }
  if (answer.status >= 500) {
    return Error(ErrorKind::network, what, "GitHub has a problem; run the command again later");
  }
  if (answer.status == 422) {
    return Error(ErrorKind::config, what,
                 "the name may be taken already (by a repository this token cannot see) or "
                 "invalid: choose another name");
  }
  return Error(ErrorKind::config, what, k_token_hint);
}

std::pair<std::string, std::string>
split_api_url(const std::string& url)
{
  const auto scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if ((scheme != "http" && scheme != "https") || url.size() == scheme_end + 3 ||
      url.find('@') != std::string::npos) {
    throw Error(ErrorKind::config, "'" + util::redact_url(url) + "' is not a GitHub API URL",
                "for example https://api.github.com or https://github.example.com/api/v3");
  }
  const auto path_start = url.find('/', scheme_end + 3);
  if (path_start == std::string::npos) {
    return {url, ""};
  }
  std::string prefix = url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') {
    prefix.pop_back();
  }
  return {url.substr(0, path_start), prefix};
}

struct Client::Impl {
  Impl(const std::string& origin, std::string path_prefix, std::chrono::seconds limit)
      : http(origin)
      , prefix(std::move(path_prefix))
      , api(origin + prefix)
      , timeout(limit)
  {}
  httplib::Client http;
  std::string prefix;
  std::string api; // for messages
  std::chrono::seconds timeout;

  std::string
  describe(httplib::Error error) const
  {
    if (error == httplib::Error::Read || error == httplib::Error::Write ||
        error == httplib::Error::ConnectionTimeout) {
      return "no answer within " + std::to_string(timeout.count()) + " s (network_timeout_seconds)";
    }
    return httplib::to_string(error);
  }

  // GET or POST `path`; transport failures throw Error{network}.
  httplib::Result
  request(const std::string& method, const std::string& path, const std::string& body = {})
  {
    spdlog::debug("github: {} {}{}", method, api, path);
    httplib::Result result = method == "POST" ? http.Post(prefix + path, body, "application/json")
                                              : http.Get(prefix + path);
    if (!result) {
      const httplib::Error error = result.error();
      const bool tls =
        error == httplib::Error::SSLServerVerification || error == httplib::Error::SSLConnection;
      throw Error(ErrorKind::network, "reaching the GitHub API at " + api + ": " + describe(error),
                  tls ? "the server's certificate is not trusted; for a private CA set ca_file "
                        "or SSL_CERT_FILE"
                      : "check the network and --github-api-url; run the command again later");
    }
    return result;
  }
};

Client::Client(const ClientSettings& settings)
{
  auto [origin, prefix] = split_api_url(settings.api_url);
  m_impl = std::make_unique<Impl>(origin, prefix, settings.timeout);
  httplib::Client& http = m_impl->http;
  const auto seconds = static_cast<time_t>(settings.timeout.count());
  http.set_connection_timeout(seconds);
  http.set_read_timeout(seconds);
  http.set_write_timeout(seconds);
  http.set_follow_location(false);
  http.set_default_headers({{"Accept", "application/vnd.github+json"},
                            {"X-GitHub-Api-Version", "2022-11-28"},
                            {"User-Agent", std::string("ccsync/") + k_version}});
  if (!settings.token.empty()) {
    http.set_bearer_token_auth(settings.token);
  }
  if (!settings.ca_file.empty()) {
    http.set_ca_cert_path(settings.ca_file);
  }
}

Client::Client(Client&& other) noexcept = default;
Client& Client::operator=(Client&& other) noexcept = default;
Client::~Client() = default;

std::string
Client::user_login()
{
  const auto result = m_impl->request("GET", "/user");
  if (result->status != 200) {
    throw answer_error("asking GitHub who the token belongs to", answer_of(*result),
                       util::now_epoch());
  }
  const json parsed = json::parse(result->body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("login") || !parsed["login"].is_string()) {
    throw Error(ErrorKind::network, "GitHub's answer to GET /user has no login",
                "check --github-api-url");
  }
  return parsed["login"].get<std::string>();
}

std::optional<RepoInfo>
Client::find_repo(const std::string& owner, const std::string& name)
{
  const auto result = m_impl->request("GET", "/repos/" + owner + "/" + name);
  if (result->status == 404) {
    return std::nullopt;
  }
  if (result->status != 200) {
    throw answer_error("looking up repository '" + owner + "/" + name + "'", answer_of(*result),
                       util::now_epoch());
  }
  return parse_repo(result->body);
}

RepoInfo
Client::create_private_repo(const std::string& name, const std::string& organisation)
{
  const std::string path =
    organisation.empty() ? "/user/repos" : "/orgs/" + organisation + "/repos";
  const json body = {{"name", name},
                     {"private", true},
                     {"description", "Claude Code sessions, synced by ccsync"},
                     {"auto_init", false}};
  const auto result = m_impl->request("POST", path, body.dump());
  if (result->status != 201) {
    const std::string where = organisation.empty() ? name : organisation + "/" + name;
    const std::string activity = "creating repository '" + where + "'";
    if (result->status == 404 && !organisation.empty()) {
      throw Error(ErrorKind::config,
                  answer_error(activity, answer_of(*result), util::now_epoch()).what(),
                  "no organisation '" + organisation +
                    "' that this token may create "
                    "repositories in: check the name and the token's access to it");
    }
    throw answer_error(activity, answer_of(*result), util::now_epoch());
  }
  return parse_repo(result->body);
}

} // namespace ccsync::github
