// A loopback fake of GitHub for the end-to-end tests: the REST endpoints ccsync uses (GET /user,
// GET /repos/O/R, POST /user/repos, POST /orgs/ORG/repos, also under /api/v3) with Bearer-token
// checks (the token is read from a file: never in argv), and git smart HTTP for every repository
// through `git http-backend` (CGI) with Basic auth whose password must be the token. Binds
// 127.0.0.1 on an OS-chosen port and prints it. Tests steer it with POST /_fake/mode (normal,
// ratelimit, error) and create public repositories with POST /_fake/create?repo=O/R&private=0.
// Stops by itself after --max-seconds.
//
// usage: fake_github --root DIR --token-file FILE --user LOGIN [--org NAME]... [--host-name NAME]
//                    [--cert PEM --key PEM] [--ssh-base URL] [--max-seconds N]
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fake_github_process.hpp"

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct Options {
  fs::path root;
  std::string token;
  std::string user;
  std::set<std::string> orgs;
  std::string host_name = "127.0.0.1";
  std::string cert;
  std::string key;
  std::string ssh_base;
  int max_seconds = 600;
};

struct State {
  Options options;
  int port = 0;
  std::mutex mutex; // repository creation and the mode
  std::string mode = "normal";

  std::string
  get_mode()
  {
    const std::lock_guard lock(mutex);
    return mode;
  }
  void
  set_mode(std::string value)
  {
    const std::lock_guard lock(mutex);
    mode = std::move(value);
  }
};

fs::path
repo_dir(const State& state, const std::string& owner, const std::string& name)
{
  return state.options.root / owner / (name + ".git");
}

json
repo_json(const State& state, const std::string& owner, const std::string& name)
{
  const fs::path dir = repo_dir(state, owner, name);
  std::ifstream meta(dir / "fake-github.json");
  const json stored = json::parse(meta, nullptr, false);
  const bool is_private = stored.is_object() ? stored.value("private", true) : true;
  const std::string scheme = state.options.cert.empty() ? "http" : "https";
  const std::string path = owner + "/" + name + ".git";
  return {{"full_name", owner + "/" + name},
          {"name", name},
          {"private", is_private},
          {"owner", {{"login", owner}}},
          {"clone_url", scheme + "://" + state.options.host_name + ":" +
                          std::to_string(state.port) + "/" + path},
          {"ssh_url", state.options.ssh_base.empty() ? "git@" + state.options.host_name + ":" + path
                                                     : state.options.ssh_base + "/" + path}};
}

bool
create_repo(State& state, const std::string& owner, const std::string& name, bool is_private)
{
  const std::lock_guard lock(state.mutex);
  const fs::path dir = repo_dir(state, owner, name);
  if (fs::exists(dir)) {
    return false;
  }
  fs::create_directories(dir.parent_path());
  if (fake_github::run({"git", "init", "-q", "--bare", "-b", "main", dir.string()}, {}, "",
                       nullptr) != 0) {
    throw std::runtime_error("git init failed for " + dir.string());
  }
  std::ofstream(dir / "fake-github.json") << json{{"private", is_private}}.dump();
  return true;
}

void
send_json(httplib::Response& res, int status, const json& body)
{
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// The REST checks every request shares: the mode (rate limit, server error) and the token.
bool
rest_refused(State& state, const httplib::Request& req, httplib::Response& res)
{
  const std::string mode = state.get_mode();
  if (mode == "ratelimit") {
    res.set_header("x-ratelimit-remaining", "0");
    const auto reset = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() +
                       1800;
    res.set_header("x-ratelimit-reset", std::to_string(reset));
    send_json(res, 403, {{"message", "API rate limit exceeded for user."}});
    return true;
  }
  if (mode == "error") {
    send_json(res, 503, {{"message", "Service Unavailable"}});
    return true;
  }
  const std::string auth = req.get_header_value("Authorization");
  if (auth != "Bearer " + state.options.token && auth != "token " + state.options.token) {
    send_json(res, 401, {{"message", "Bad credentials"}});
    return true;
  }
  return false;
}

std::string
base64_decode(const std::string& text)
{
  static const std::string k_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = -8;
  for (const char c : text) {
    const auto index = k_alphabet.find(c);
    if (index == std::string::npos)
      break;
    value = (value << 6) + static_cast<unsigned>(index);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((value >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

bool
git_auth_ok(const State& state, const httplib::Request& req)
{
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Basic ", 0) != 0)
    return false;
  const std::string pair = base64_decode(auth.substr(6));
  const auto colon = pair.find(':');
  return colon != std::string::npos && pair.substr(colon + 1) == state.options.token;
}

// Hands a smart-HTTP request to git http-backend and copies its CGI answer into `res`.
void
serve_git(State& state, const httplib::Request& req, httplib::Response& res,
          const std::string& path_info)
{
  const fs::path body_file =
    state.options.root / (".body-" + std::to_string(::getpid()) + "-" +
                          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())));
  std::ofstream(body_file, std::ios::binary) << req.body;
  std::string query;
  for (const auto& [key, value] : req.params) {
    query += (query.empty() ? "" : "&") + key + "=" + value;
  }
  std::string output;
  const int status = fake_github::run(
    {"git", "http-backend"},
    {"GIT_PROJECT_ROOT=" + state.options.root.string(), "GIT_HTTP_EXPORT_ALL=1",
     "PATH_INFO=" + path_info, "QUERY_STRING=" + query, "REQUEST_METHOD=" + req.method,
     "REMOTE_USER=" + state.options.user, "REMOTE_ADDR=127.0.0.1",
     "CONTENT_TYPE=" + req.get_header_value("Content-Type"),
     "CONTENT_LENGTH=" + std::to_string(req.body.size()), "GIT_CONFIG_NOSYSTEM=1"},
    body_file.string(), &output);
  fs::remove(body_file);
  auto split = output.find("\r\n\r\n");
  std::size_t skip = 4;
  if (split == std::string::npos) {
    split = output.find("\n\n");
    skip = 2;
  }
  if (status != 0 || split == std::string::npos) {
    send_json(res, 500, {{"message", "git http-backend failed"}});
    return;
  }
  std::istringstream headers(output.substr(0, split));
  std::string line;
  std::string content_type = "application/octet-stream";
  res.status = 200;
  while (std::getline(headers, line)) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    const auto colon = line.find(": ");
    if (colon == std::string::npos)
      continue;
    const std::string name = line.substr(0, colon);
    const std::string value = line.substr(colon + 2);
    if (name == "Status")
      res.status = std::atoi(value.c_str());
    else if (name == "Content-Type")
      content_type = value;
    else
      res.set_header(name, value);
  }
  res.set_content(output.substr(split + skip), content_type);
}

void
add_rest_routes(httplib::Server& server, State& state)
{
  server.Get(R"(^(?:/api/v3)?/user$)", [&](const httplib::Request& req, httplib::Response& res) {
    if (!rest_refused(state, req, res))
      send_json(res, 200, {{"login", state.options.user}});
  });
  server.Get(R"(^(?:/api/v3)?/repos/([^/]+)/([^/]+)$)",
             [&](const httplib::Request& req, httplib::Response& res) {
               if (rest_refused(state, req, res))
                 return;
               const std::string owner = req.matches[1];
               const std::string name = req.matches[2];
               if (!fs::exists(repo_dir(state, owner, name))) {
                 send_json(res, 404, {{"message", "Not Found"}});
                 return;
               }
               send_json(res, 200, repo_json(state, owner, name));
             });
  server.Post(R"(^(?:/api/v3)?/(user|orgs/([^/]+))/repos$)", [&](const httplib::Request& req,
                                                                 httplib::Response& res) {
    if (rest_refused(state, req, res))
      return;
    const std::string org = req.matches[2];
    if (!org.empty() && state.options.orgs.count(org) == 0) {
      send_json(res, 404, {{"message", "Not Found"}});
      return;
    }
    const json body = json::parse(req.body, nullptr, false);
    const std::string name = body.is_object() ? body.value("name", "") : "";
    const std::string owner = org.empty() ? state.options.user : org;
    if (name.empty() || !create_repo(state, owner, name, body.value("private", false))) {
      send_json(res, 422,
                {{"message", "Repository creation failed."},
                 {"errors", {{{"message", "name already exists on this account"}}}}});
      return;
    }
    send_json(res, 201, repo_json(state, owner, name));
  });
}

void
add_control_and_git_routes(httplib::Server& server, State& state)
{
  server.Post("/_fake/mode", [&](const httplib::Request& req, httplib::Response& res) {
    state.set_mode(req.body);
    res.set_content("ok\n", "text/plain");
  });
  server.Post("/_fake/create", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string repo = req.get_param_value("repo");
    const auto slash = repo.find('/');
    const bool ok = slash != std::string::npos &&
                    create_repo(state, repo.substr(0, slash), repo.substr(slash + 1),
                                req.get_param_value("private") != "0");
    res.status = ok ? 201 : 422;
  });
  const auto git = [&](const httplib::Request& req, httplib::Response& res) {
    if (!git_auth_ok(state, req)) {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Basic realm=\"fake-github\"");
      return;
    }
    serve_git(state, req, res, req.path);
  };
  const char* pattern = R"(^/[^/]+/[^/]+\.git/(info/refs|git-upload-pack|git-receive-pack)$)";
  server.Get(pattern, git);
  server.Post(pattern, git);
}

Options
parse_options(int argc, char** argv)
{
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--root")
      options.root = fs::absolute(value);
    else if (flag == "--token-file")
      std::getline(std::ifstream(value), options.token);
    else if (flag == "--user")
      options.user = value;
    else if (flag == "--org")
      options.orgs.insert(value);
    else if (flag == "--host-name")
      options.host_name = value;
    else if (flag == "--cert")
      options.cert = value;
    else if (flag == "--key")
      options.key = value;
    else if (flag == "--ssh-base")
      options.ssh_base = value;
    else if (flag == "--max-seconds")
      options.max_seconds = std::atoi(value.c_str());
    else
      throw std::runtime_error("unknown option " + flag);
  }
  if (options.root.empty() || options.token.empty() || options.user.empty()) {
    throw std::runtime_error("usage: fake_github --root DIR --token-file FILE --user LOGIN ...");
  }
  return options;
}

} // namespace

int
main(int argc, char** argv)
{
  try {
    State state;
    state.options = parse_options(argc, argv);
    fs::create_directories(state.options.root);
    std::unique_ptr<httplib::Server> server;
    if (state.options.cert.empty()) {
      server = std::make_unique<httplib::Server>();
    } else {
      server =
        std::make_unique<httplib::SSLServer>(state.options.cert.c_str(), state.options.key.c_str());
    }
    add_rest_routes(*server, state);
    add_control_and_git_routes(*server, state);
    state.port = server->bind_to_any_port("127.0.0.1");
    if (state.port <= 0) {
      std::cerr << "fake_github: cannot bind 127.0.0.1\n";
      return 1;
    }
    std::cout << state.port << std::endl;
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::seconds(state.options.max_seconds));
      server->stop();
    });
    stopper.detach();
    server->listen_after_bind();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "fake_github: " << e.what() << "\n";
    return 1;
  }
}
