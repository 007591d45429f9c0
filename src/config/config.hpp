// ccsync's configuration: one struct with built-in defaults, loaded by a ladder
//   built-in defaults < config.json < CCSYNC_* environment < command-line flags
// where every value remembers where it came from (`config show` prints it).
#pragma once

#include "platform/dirs.hpp"
#include "platform/env.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ccsync::config {

enum class Origin { built_in, file, env, flag };
const char* to_string(Origin origin) noexcept;

template <class T> struct Setting {
  T value{};
  Origin origin = Origin::built_in;

  void
  set(T new_value, Origin new_origin)
  {
    value = std::move(new_value);
    origin = new_origin;
  }
};

// A secret (the saved GitHub token): its text is used, never shown ("config show" prints
// "<redacted>"). There is deliberately no to_json: writing it out must be explicit.
struct Secret {
  std::string text;
};
inline void
from_json(const nlohmann::json& json, Secret& secret)
{
  secret.text = json.get<std::string>();
}

// A list whose environment variable holds one entry per line (its entries may hold ':').
struct LineList {
  std::vector<std::string> items;
  bool operator==(const LineList&) const = default;
};
inline void
from_json(const nlohmann::json& json, LineList& list)
{
  list.items = json.get<std::vector<std::string>>();
}
inline void
to_json(nlohmann::json& json, const LineList& list)
{
  json = list.items;
}

// The values of `secrets` (what push does with a secret it finds; see secrets/redactor.hpp).
inline constexpr std::array<const char*, 4> k_secrets_policies = {"redact", "block", "warn", "off"};

// NAME -> absolute path on this machine.
using PlaceholderMap = std::map<std::string, std::string>;

struct Config {
  Setting<std::string> machine_id;
  Setting<std::string> remote; // any git URL or path; the embedded bare repository by default
  Setting<std::string> github_owner;
  Setting<std::string> github_repo;
  Setting<std::string> github_api_url{"https://api.github.com"}; // GitHub Enterprise: .../api/v3
  Setting<Secret> github_token; // only with init --save-token; see config/token.hpp
  Setting<std::string> ca_file; // trusted CAs (PEM) for https; SSL_CERT_FILE when unset
  Setting<std::vector<std::string>> sync_directories;
  Setting<PlaceholderMap> custom_placeholders;
  Setting<int> lock_ttl_seconds{600};
  Setting<int> heartbeat_seconds{120};
  Setting<int> lock_clock_skew_seconds{60}; // allowance for clocks that differ between machines
  Setting<int> network_timeout_seconds{30};
  Setting<int> hook_deadline_seconds{5}; // how long a SessionStart hook may keep Claude waiting
  Setting<std::string> claude_command{"claude"}; // what `resume` runs (a path, or a name on PATH)
  Setting<std::string> secrets{"redact"};        // one of k_secrets_policies
  Setting<LineList> secrets_allow;               // exact secrets, or "re:<RE2 pattern>"
  Setting<LineList> exclude; // globs over project paths never shared (see sync/sharing/sharing.hpp)
  // "PATTERN=POLICY": the secrets policy of the projects PATTERN (a glob like exclude's) covers;
  // the first entry that covers a project wins, else `secrets`.
  Setting<LineList> secrets_projects;
};

// Calls `visit(key, setting)` for every setting of `config`, in file order.
template <class C, class F> void
for_each_setting(C& config, F&& visit)
{
  visit("machine_id", config.machine_id);
  visit("remote", config.remote);
  visit("github_owner", config.github_owner);
  visit("github_repo", config.github_repo);
  visit("github_api_url", config.github_api_url);
  visit("github_token", config.github_token);
  visit("ca_file", config.ca_file);
  visit("sync_directories", config.sync_directories);
  visit("custom_placeholders", config.custom_placeholders);
  visit("lock_ttl_seconds", config.lock_ttl_seconds);
  visit("heartbeat_seconds", config.heartbeat_seconds);
  visit("lock_clock_skew_seconds", config.lock_clock_skew_seconds);
  visit("network_timeout_seconds", config.network_timeout_seconds);
  visit("hook_deadline_seconds", config.hook_deadline_seconds);
  visit("claude_command", config.claude_command);
  visit("secrets", config.secrets);
  visit("secrets_allow", config.secrets_allow);
  visit("exclude", config.exclude);
  visit("secrets_projects", config.secrets_projects);
}

struct Loaded {
  Config config;
  bool file_exists = false;
  std::vector<std::string> warnings; // unknown keys and the like
};

// The configuration of this machine: defaults derived from `dirs` and `hostname`, then the
// config file, then the environment. A malformed file throws Error{config} naming file and line.
Loaded load(const platform::Dirs& dirs, const platform::Environment& env,
            const std::string& hostname);

// Edits the config file as JSON with `edit` and writes it back atomically (mode 0600), keeping
// every key it does not touch. A malformed file throws and stays untouched.
void update_file(const std::filesystem::path& file,
                 const std::function<void(nlohmann::json&)>& edit);

// Checks a placeholder name ([A-Z0-9_]+) and an absolute path; throws Error{usage}.
void validate_placeholder(const std::string& name, const std::string& path);

// The same for a placeholder a command is about to add, which also may not be a built-in name
// (HOME). A configuration that already holds one still loads: the engine leaves it unused and
// doctor names it, so that no command is stopped by it.
void validate_new_placeholder(const std::string& name, const std::string& path);

// Checks an `exclude` entry: an absolute path or one starting with a placeholder
// ("{{HOME}}/clients/**"); throws Error{usage} naming it.
void validate_exclude_pattern(const std::string& pattern);

// Splits a `secrets_projects` entry "PATTERN=POLICY" at its last '=' and validates both (the
// pattern as validate_exclude_pattern, the policy one of k_secrets_policies); throws Error{usage}.
std::pair<std::string, std::string> parse_project_policy(const std::string& entry);

// Splits "NAME=PATH" and validates both; throws Error{usage}.
std::pair<std::string, std::string> parse_placeholder_assignment(const std::string& text);

// `setting`'s value as JSON, for display.
template <class T> nlohmann::json
to_json_value(const Setting<T>& setting)
{
  return nlohmann::json(setting.value);
}

inline nlohmann::json
to_json_value(const Setting<Secret>& setting)
{
  return setting.value.text.empty() ? "" : "<redacted>";
}

} // namespace ccsync::config
