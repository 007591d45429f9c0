// The configuration ladder: built-in defaults < config.json < environment (< flags, applied by
// the commands). Unknown keys in the file are warned about and kept.
#include "config/config.hpp"

#include "config/json_words.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <tuple>

namespace ccsync::config {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The configuration file and its text, for errors that name a line.
struct Where {
  const fs::path& file;
  const std::string& text;
};

// Environment variables that override config keys. Keys not listed have no variable.
const std::map<std::string, std::string> k_env_variables = {
  {"machine_id", "CCSYNC_MACHINE_ID"},
  {"remote", "CCSYNC_REMOTE"},
  {"github_owner", "CCSYNC_GITHUB_OWNER"},
  {"github_repo", "CCSYNC_GITHUB_REPO"},
  {"github_api_url", "CCSYNC_GITHUB_API"},
  {"ca_file", "CCSYNC_CA_FILE"},
  {"sync_directories", "CCSYNC_SYNC_DIRECTORIES"},
  {"lock_ttl_seconds", "CCSYNC_LOCK_TTL_SECONDS"},
  {"heartbeat_seconds", "CCSYNC_HEARTBEAT_SECONDS"},
  {"lock_clock_skew_seconds", "CCSYNC_LOCK_CLOCK_SKEW_SECONDS"},
  {"network_timeout_seconds", "CCSYNC_NETWORK_TIMEOUT_SECONDS"},
  {"hook_deadline_seconds", "CCSYNC_HOOK_DEADLINE_SECONDS"},
  {"claude_command", "CCSYNC_CLAUDE"},
  {"secrets", "CCSYNC_SECRETS"},
  {"secrets_allow", "CCSYNC_SECRETS_ALLOW"},
  {"exclude", "CCSYNC_EXCLUDE"},
  {"secrets_projects", "CCSYNC_SECRETS_PROJECTS"},
};

json
parse_file(const fs::path& file, const std::string& text)
{
  try {
    json parsed = json::parse(text);
    if (!parsed.is_object()) {
      throw Error(ErrorKind::config, file.string() + ":1: the configuration must be a JSON object",
                  "fix the file; ccsync left it untouched");
    }
    return parsed;
  } catch (const json::parse_error& e) { // its text is the library's: say it in ours
    const JsonProblem problem = json_syntax_problem(text, e.byte);
    throw Error(ErrorKind::config,
                file.string() + ":" + std::to_string(problem.line) + ": malformed JSON: " +
                  problem.what + " (column " + std::to_string(problem.column) + ")",
                "fix the file; ccsync left it untouched");
  }
}

void
parse_env_value(const std::string& text, std::string& out)
{
  out = text;
}

void
parse_env_value(const std::string& text, int& out)
{
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size() || out < 0) {
    throw Error(ErrorKind::config, "'" + text + "' is not a whole number of seconds");
  }
}

void
parse_env_value(const std::string& text, std::vector<std::string>& out)
{
  out.clear();
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto colon = std::min(text.find(':', start), text.size());
    if (colon > start) {
      out.push_back(text.substr(start, colon - start));
    }
    start = colon + 1;
  }
}

void
parse_env_value(const std::string& text, LineList& out)
{
  out.items.clear();
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (end > start) {
      out.items.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
}

void
parse_env_value(const std::string& /*text*/, Secret& /*out*/)
{
  // No environment variable maps to the saved token (GH_TOKEN etc. are read by config/token).
}

void
parse_env_value(const std::string& /*text*/, PlaceholderMap& /*out*/)
{
  // No environment variable maps to placeholders (k_env_variables has no entry for them).
}

// The JSON a setting of type T takes.
template <class T> constexpr JsonShape
shape_of()
{
  if constexpr (std::is_same_v<T, PlaceholderMap>) {
    return JsonShape::string_map;
  } else if constexpr (std::is_same_v<T, LineList> || std::is_same_v<T, std::vector<std::string>>) {
    return JsonShape::string_list;
  } else {
    return JsonShape::string;
  }
}

template <class T> void
apply_file_value(const Where& where, const std::string& key, const json& value, Setting<T>& setting)
{
  try {
    setting.set(value.get<T>(), Origin::file);
  } catch (const json::exception&) { // its text is the library's: say it in ours
    throw Error(ErrorKind::config,
                where.file.string() + ":" + std::to_string(line_of_key(where.text, key)) +
                  ": key '" + key + "' has the wrong type: " + wrong_kind(value, shape_of<T>()),
                "fix the file; ccsync left it untouched");
  }
}

// Durations are whole seconds that fit an int: a number out of range (or a fraction) is refused
// with its key, not wrapped around.
void
apply_file_value(const Where& where, const std::string& key, const json& value,
                 Setting<int>& setting)
{
  constexpr std::int64_t k_most = std::numeric_limits<int>::max();
  const bool whole = value.is_number_integer() &&
                     (value.is_number_unsigned()
                        ? value.get<std::uint64_t>() <= k_most
                        : value.get<std::int64_t>() >= 0 && value.get<std::int64_t>() <= k_most);
  if (!whole) {
    throw Error(ErrorKind::config,
                where.file.string() + ":" + std::to_string(line_of_key(where.text, key)) +
                  ": key '" + key + "' must be a whole number of seconds from 0 to " +
                  std::to_string(k_most) + ", not " + value.dump(),
                "fix the file; ccsync left it untouched");
  }
  setting.set(value.get<int>(), Origin::file);
}

void
apply_file(const Where& where, const json& object, Loaded& loaded)
{
  const fs::path& file = where.file;
  std::vector<std::string> known;
  for_each_setting(loaded.config, [&](const std::string& key, auto& setting) {
    known.push_back(key);
    if (object.contains(key)) {
      apply_file_value(where, key, object.at(key), setting);
    }
  });
  for (const auto& item : object.items()) {
    if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
      loaded.warnings.push_back(file.string() + ": unknown key '" + item.key() + "' (ignored)");
    }
  }
}

void
apply_env(const platform::Environment& env, Config& config)
{
  for_each_setting(config, [&](const std::string& key, auto& setting) {
    const auto variable = k_env_variables.find(key);
    if (variable == k_env_variables.end()) {
      return;
    }
    if (const auto text = env.get(variable->second)) {
      try {
        parse_env_value(*text, setting.value);
      } catch (const Error& e) {
        throw Error(ErrorKind::config, variable->second + ": " + e.what());
      }
      setting.origin = Origin::env;
    }
  });
}

// Checks every entry of the list setting `key` with `check` (which throws Error{usage}); a bad
// one is a configuration error saying where it came from and where to fix it.
void
check_entries(const std::string& key, const Setting<LineList>& setting, const fs::path& file,
              const std::function<void(const std::string&)>& check)
{
  for (const auto& entry : setting.value.items) {
    try {
      check(entry);
    } catch (const Error& e) {
      throw Error(ErrorKind::config, std::string(e.what()) + " (" + to_string(setting.origin) + ")",
                  "fix it in " + file.string() + " or " + k_env_variables.at(key));
    }
  }
}

// SSL_CERT_FILE, the variable OpenSSL tools read, fills ca_file when nothing else set it.
void
apply_ssl_cert_file(const platform::Environment& env, Config& config)
{
  if (config.ca_file.value.empty()) {
    if (const auto file = env.get("SSL_CERT_FILE")) {
      config.ca_file.set(*file, Origin::env);
    }
  }
}

void
validate(const Config& config, const fs::path& file)
{
  if (!util::is_valid_machine_id(config.machine_id.value)) {
    throw Error(ErrorKind::config,
                "machine_id '" + config.machine_id.value + "' is not a valid machine id",
                "use lowercase letters, digits and '-' (set it in " + file.string() + ")");
  }
  for (const auto& [name, path] : config.custom_placeholders.value) {
    validate_placeholder(name, path);
  }
  // Each duration bounded by its use: a lock lives a week at most, a network silence an hour, a
  // SessionStart keeps Claude waiting a minute at most; sums of them (4 timeouts and more) then
  // stay far from any overflow.
  for (const auto& [key, seconds, least, most] :
       {std::tuple{"lock_ttl_seconds", &config.lock_ttl_seconds, 1, 7 * 86400},
        std::tuple{"heartbeat_seconds", &config.heartbeat_seconds, 1, 86400},
        std::tuple{"network_timeout_seconds", &config.network_timeout_seconds, 1, 3600},
        std::tuple{"hook_deadline_seconds", &config.hook_deadline_seconds, 1, 60},
        std::tuple{"lock_clock_skew_seconds", &config.lock_clock_skew_seconds, 0, 86400}}) {
    if (seconds->value < least || seconds->value > most) {
      throw Error(ErrorKind::config,
                  std::string(key) + " must be from " + std::to_string(least) + " to " +
                    std::to_string(most) + " seconds, got " + std::to_string(seconds->value) +
                    " (" + to_string(seconds->origin) + ")",
                  "fix it in " + file.string() + " or the environment");
    }
  }
  const auto& policies = k_secrets_policies;
  if (std::find(policies.begin(), policies.end(), config.secrets.value) == policies.end()) {
    throw Error(ErrorKind::config,
                "secrets is '" + config.secrets.value + "' (" + to_string(config.secrets.origin) +
                  ")",
                "use redact, block, warn or off (in " + file.string() + " or CCSYNC_SECRETS)");
  }
  for (const auto& dir : config.sync_directories.value) {
    if (!fs::path(dir).is_absolute()) {
      throw Error(ErrorKind::config, "sync directory '" + dir + "' is not an absolute path");
    }
  }
  check_entries("exclude", config.exclude, file, validate_exclude_pattern);
  check_entries("secrets_projects", config.secrets_projects, file,
                [](const std::string& entry) { parse_project_policy(entry); });
}

Config
defaults(const platform::Dirs& dirs, const std::string& hostname)
{
  Config config;
  const std::string slug = util::slugify(hostname);
  config.machine_id.value = slug.empty() ? "machine" : slug;
  config.remote.value = dirs.embedded_remote().string();
  config.sync_directories.value = {dirs.home.string()};
  return config;
}

} // namespace

const char*
to_string(Origin origin) noexcept
{
  switch (origin) {
  case Origin::built_in: return "default";
  case Origin::file: return "file";
  case Origin::env: return "env";
  case Origin::flag: return "flag";
  }
  return "default";
}

Loaded
load(const platform::Dirs& dirs, const platform::Environment& env, const std::string& hostname)
{
  Loaded loaded;
  loaded.config = defaults(dirs, hostname);
  const fs::path file = dirs.config_file();
  if (const auto text = platform::read_file(file)) {
    loaded.file_exists = true;
    apply_file({file, *text}, parse_file(file, *text), loaded);
  }
  apply_env(env, loaded.config);
  apply_ssl_cert_file(env, loaded.config);
  validate(loaded.config, file);
  return loaded;
}

void
update_file(const fs::path& file, const std::function<void(json&)>& edit)
{
  json object = json::object();
  if (const auto text = platform::read_file(file)) {
    object = parse_file(file, *text);
  }
  edit(object);
  platform::write_file_atomic(file, object.dump(2) + "\n", 0600);
}

void
validate_placeholder(const std::string& name, const std::string& path)
{
  const bool good_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!good_name) {
    throw Error(ErrorKind::usage, "placeholder name '" + name + "' is not valid",
                "names use only A-Z, 0-9 and _, for example PROJECTS");
  }
  if (path.empty() || !fs::path(path).is_absolute()) {
    throw Error(ErrorKind::usage, "placeholder path '" + path + "' is not an absolute path",
                "give the full path, for example /home/me/projects");
  }
}

void
validate_new_placeholder(const std::string& name, const std::string& path)
{
  validate_placeholder(name, path);
  if (name == "HOME") { // paths::k_home_name: every machine maps it to its own home
    throw Error(ErrorKind::usage, "placeholder 'HOME' is built in: it is always the home directory",
                "choose another name, for example PROJECTS");
  }
}

void
validate_exclude_pattern(const std::string& pattern)
{
  if (pattern.empty() || (pattern.front() != '/' && !pattern.starts_with("{{"))) {
    throw Error(ErrorKind::usage, "exclude pattern '" + pattern + "' is not an absolute path",
                "start it with / or a placeholder, for example {{HOME}}/clients/**");
  }
}

std::pair<std::string, std::string>
parse_project_policy(const std::string& entry)
{
  const auto eq = entry.rfind('=');
  if (eq == std::string::npos) {
    throw Error(ErrorKind::usage, "secrets_projects entry '" + entry + "' is not PATTERN=POLICY",
                "for example {{HOME}}/clients/**=block");
  }
  std::string pattern = entry.substr(0, eq);
  std::string policy = entry.substr(eq + 1);
  validate_exclude_pattern(pattern);
  const auto& policies = k_secrets_policies;
  if (std::find(policies.begin(), policies.end(), policy) == policies.end()) {
    throw Error(ErrorKind::usage, "secrets_projects entry '" + entry + "' has no known policy",
                "end it with =redact, =block, =warn or =off");
  }
  return {std::move(pattern), std::move(policy)};
}

std::pair<std::string, std::string>
parse_placeholder_assignment(const std::string& text)
{
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    throw Error(ErrorKind::usage, "'" + text + "' is not of the form NAME=PATH",
                "for example --add-placeholder PROJECTS=/home/me/projects");
  }
  std::pair<std::string, std::string> assignment{text.substr(0, eq), text.substr(eq + 1)};
  validate_new_placeholder(assignment.first, assignment.second);
  return assignment;
}

} // namespace ccsync::config
