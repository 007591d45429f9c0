// ccsync init [--remote URL] [--machine-id ID] [--add-placeholder NAME=PATH]... [--sync-dir
// PATH]... First machine on an empty remote: writes the format marker. Every machine: registers
// itself in machines/<id>.json and its placeholder paths in shared_placeholders.json, in one pushed
// commit, then writes config.json. Re-running it changes nothing. With --github OWNER/REPO the
// remote is that GitHub repository, created private when missing (cli/github_setup.cpp).
#include "cli/cmd_init.hpp"

#include "cli/commands.hpp"
#include "cli/init_steps.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "sync/repo/encryption.hpp"
#include "sync/repo/registry.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "version.hpp"

#include <filesystem>
#include <ostream>

namespace ccsync::cli {
namespace fs = std::filesystem;

namespace {

bool
is_url(const std::string& remote)
{
  if (remote.find("://") != std::string::npos) {
    return true;
  }
  const auto colon = remote.find(':');
  const auto slash = remote.find('/');
  // scp-like user@host:path; a single letter before ':' is a Windows drive, not a host
  return colon != std::string::npos && colon > 1 && (slash == std::string::npos || colon < slash);
}

void
apply_flags(config::Config& config, const InitOptions& options)
{
  using config::Origin;
  if (options.machine_id) {
    if (!util::is_valid_machine_id(*options.machine_id)) {
      throw Error(ErrorKind::usage, "'" + *options.machine_id + "' is not a valid machine id",
                  "use lowercase letters, digits and '-', for example work-laptop");
    }
    config.machine_id.set(*options.machine_id, Origin::flag);
  }
  if (options.remote) {
    config.remote.set(normalize_remote(*options.remote), Origin::flag);
  }
  if (!options.sync_dirs.empty()) {
    std::vector<std::string> dirs;
    for (const auto& dir : options.sync_dirs) {
      dirs.push_back(fs::absolute(dir).lexically_normal().string());
    }
    config.sync_directories.set(dirs, Origin::flag);
  }
  for (const auto& [name, path] : options.placeholders) {
    config.custom_placeholders.value[name] = path;
    config.custom_placeholders.origin = Origin::flag;
  }
}

// Switching between two real remotes needs --force; leaving the embedded default does not (it is
// the ordinary second step after install.sh).
void
refuse_silent_remote_switch(const Context& context, const InitOptions& options)
{
  const auto& remote = context.config.config.remote;
  if (context.config.file_exists && remote.origin == config::Origin::file && options.remote &&
      normalize_remote(*options.remote) != remote.value && !options.force &&
      !on_embedded_default(context)) {
    throw Error(ErrorKind::usage,
                "this machine already syncs with '" + util::redact_url(remote.value) + "'",
                "add --force to switch it to '" + util::redact_url(*options.remote) + "'");
  }
}

// Refuses, before GitHub is contacted, to move an initialised machine to another GitHub
// repository (or from a plain remote to GitHub) without --force.
void
refuse_silent_github_switch(const Context& context, const InitOptions& options)
{
  const config::Config& config = context.config.config;
  if (!options.github || !context.config.file_exists || options.force ||
      config.remote.origin != config::Origin::file || on_embedded_default(context)) {
    return;
  }
  const auto [owner, repo] = parse_github_repository(options.github->repository);
  if (config.github_owner.value != owner || config.github_repo.value != repo) {
    throw Error(ErrorKind::usage,
                "this machine already syncs with '" + util::redact_url(config.remote.value) + "'",
                "add --force to switch it to the GitHub repository " + owner + "/" + repo);
  }
}

// init sets the sync directories of a new machine only: on one that is set up, a --sync-dir
// that would change them is refused (the config command edits them, and says what it changed).
void
refuse_sync_dir_change(const Context& context, const InitOptions& options)
{
  if (!context.config.file_exists || options.sync_dirs.empty()) {
    return;
  }
  std::vector<std::string> asked;
  for (const auto& dir : options.sync_dirs) {
    asked.push_back(fs::absolute(dir).lexically_normal().string());
  }
  if (asked != context.config.config.sync_directories.value) {
    std::string now;
    for (const auto& dir : context.config.config.sync_directories.value) {
      now += (now.empty() ? "" : ", ") + dir;
    }
    throw Error(ErrorKind::usage,
                "this machine is set up: init does not change its sync directories (" + now + ")",
                "use 'ccsync config add-sync-dir DIR' or 'ccsync config remove-sync-dir DIR'");
  }
}

// Creates a local bare repository for a path remote that does not exist yet; true if it did.
bool
create_local_remote_if_missing(const std::string& remote)
{
  if (is_url(remote) || fs::exists(remote)) {
    return false;
  }
  if (!fs::is_directory(fs::path(remote).parent_path())) {
    throw Error(ErrorKind::usage, "the remote '" + remote + "' does not exist",
                "give an existing repository, a URL, or a path in an existing directory");
  }
  git::Repository::init_bare(remote);
  return true;
}

sync::MachineRecord
this_machine(const Context& context)
{
  return {context.machine_id(),
          sync::installation_id(context.dirs, platform::hostname()),
          platform::os_name(),
          platform::hostname(),
          context.dirs.home.string(),
          context.dirs.claude_dir.string(),
          k_version,
          util::format_utc(util::now())};
}

std::vector<git::Change>
registration(const sync::Snapshot& snapshot, const Context& context,
             const sync::MachineRecord& machine, bool force,
             const std::optional<sync::EncryptionRecord>& encryption)
{
  std::vector<git::Change> changes;
  if (auto marker = init_marker(snapshot, machine.machine_id, encryption)) {
    changes.push_back(std::move(*marker));
  }
  if (auto record =
        sync::registration_change(snapshot, machine, force ? sync::Force::yes : sync::Force::no)) {
    changes.push_back(std::move(*record));
  }
  std::vector<sync::PlaceholderPath> paths;
  for (const auto& [name, path] : context.config.config.custom_placeholders.value) {
    paths.push_back({name, machine.machine_id, path});
  }
  if (auto table = sync::placeholders_change(snapshot, paths)) {
    changes.push_back(std::move(*table));
  }
  return changes;
}

void
write_github_keys(nlohmann::json& file, const config::Config& config)
{
  using config::Origin;
  if (config.github_owner.origin == Origin::flag) {
    file["github_owner"] = config.github_owner.value;
    file["github_repo"] = config.github_repo.value;
  } else if (config.remote.origin == Origin::flag) {
    file.erase("github_owner"); // a plain remote now: this is no longer a GitHub set-up
    file.erase("github_repo");
  }
  if (config.github_api_url.origin == Origin::flag) {
    file["github_api_url"] = config.github_api_url.value;
  }
  if (config.github_token.origin == Origin::flag) {
    file["github_token"] = config.github_token.value.text; // asked for with --save-token
  }
}

void
write_config(const Context& context)
{
  const config::Config& config = context.config.config;
  config::update_file(context.dirs.config_file(), [&](nlohmann::json& file) {
    file["machine_id"] = config.machine_id.value;
    file["remote"] = config.remote.value;
    if (config.sync_directories.origin != config::Origin::built_in) {
      file["sync_directories"] = config.sync_directories.value;
    }
    file["custom_placeholders"] = config.custom_placeholders.value;
    write_github_keys(file, config);
  });
}

} // namespace

std::string
normalize_remote(const std::string& remote)
{
  if (remote.empty()) {
    throw Error(ErrorKind::usage, "the remote is empty", "give a git URL or a path");
  }
  return is_url(remote) ? remote : fs::absolute(remote).lexically_normal().string();
}

namespace {

void
add_github_options(CLI::App& app, std::optional<std::string>& repository, GithubOptions& github)
{
  app
    .add_option("--github", repository,
                "Sync through this GitHub repository (created private when missing)")
    ->option_text("OWNER/REPO");
  app
    .add_option("--token-file", github.token_file,
                "Read the GitHub token from FILE (else GH_TOKEN, GITHUB_TOKEN, gh auth token)")
    ->option_text("FILE");
  app.add_flag("--save-token", github.save_token,
               "Keep the GitHub token in config.json (mode 0600) for later commands");
  app.add_flag("--ssh", github.ssh, "Use the repository's ssh URL instead of https");
  app.add_flag("--allow-public", github.allow_public, "Accept a public GitHub repository");
  app
    .add_option("--github-api-url", github.api_url,
                "GitHub API base (GitHub Enterprise: https://HOST/api/v3)")
    ->option_text("URL");
}

// Keeps the GitHub options when --github was given; the GitHub-only flags need it.
void
finish_github_options(InitOptions& options, std::optional<std::string> repository,
                      GithubOptions github)
{
  if (repository) {
    if (options.remote) {
      throw Error(ErrorKind::usage, "--github and --remote exclude each other",
                  "give one: the remote of a GitHub repository is its clone URL");
    }
    github.repository = *repository;
    options.github = std::move(github);
    return;
  }
  if (github.token_file || github.api_url || github.save_token || github.ssh ||
      github.allow_public) {
    throw Error(ErrorKind::usage, "--token-file, --save-token, --ssh, --allow-public and "
                                  "--github-api-url need --github OWNER/REPO");
  }
}

} // namespace

InitOptions
parse_init(const Args& args)
{
  InitOptions options;
  std::vector<std::string> placeholders;
  CLI::App app("Register this machine and create or join the sync repository.\n"
               "Without --remote: an embedded bare repository in the ccsync home.");
  app
    .add_option("--remote", options.remote,
                "The sync repository: a path, file://, git://, http(s):// or ssh:// URL")
    ->option_text("URL");
  app.add_option("--machine-id", options.machine_id, "This machine's id (default: hostname)")
    ->option_text("ID");
  app.add_option("--add-placeholder", placeholders, "Map {{NAME}} to PATH on this machine")
    ->option_text("NAME=PATH");
  app
    .add_option("--sync-dir", options.sync_dirs,
                "Share only sessions under this directory (repeatable; default: home)")
    ->option_text("PATH");
  app.add_flag("--force", options.force,
               "Take over a machine id registered by another host, or switch from one remote "
               "to another (not needed to leave the embedded default)");
  app.add_flag("--encrypt", options.encryption.encrypt,
               "Make a new sync repository encrypted (a random key kept in the ccsync home)");
  app.add_flag("--passphrase", options.encryption.passphrase,
               "With --encrypt: derive the key from a passphrase (asked on the terminal)");
  app
    .add_option("--key-file", options.encryption.key_file,
                "The key of an encrypted repository: a file with its recovery string")
    ->option_text("FILE");
  std::optional<std::string> github_repository;
  GithubOptions github;
  add_github_options(app, github_repository, github);
  parse_args(app, "init", args);
  finish_github_options(options, github_repository, github);
  if (options.encryption.passphrase && options.encryption.key_file) {
    throw Error(ErrorKind::usage, "--passphrase and --key-file exclude each other",
                "give one: the key as a recovery string, or a passphrase to derive it from");
  }
  options.encryption.encrypt |= options.encryption.passphrase;
  for (const auto& text : placeholders) {
    options.placeholders.push_back(config::parse_placeholder_assignment(text));
  }
  return options;
}

namespace {

// `options` with the remote of --github OWNER/REPO (created when missing) as --remote.
InitOptions
with_github_remote(Context& context, const InitOptions& options)
{
  InitOptions effective = options;
  if (options.github) {
    const GithubRemote github = resolve_github_remote(context, *options.github);
    effective.remote = github.url;
    if (!github.token.empty()) {
      context.github_token = github.token;
    }
  }
  return effective;
}

void
report_registration(Context& context, bool changed, bool created, const std::string& machine_id)
{
  const std::string where = util::redact_url(context.config.config.remote.value);
  if (!changed) {
    context.out << "Already set up: machine '" << machine_id << "' on " << where << "\n";
  } else if (created) {
    context.out << "Created the sync repository on " << where << " and registered machine '"
                << machine_id << "'\n";
  } else {
    const auto machines = sync::list_machines(context.repo->current());
    context.out << "Joined the sync repository on " << where << " as machine '" << machine_id
                << "' (" << util::counted(machines.size(), "machine") << " registered)\n";
  }
}

} // namespace

int
run_init(Context& context, const InitOptions& options)
{
  config::Config& config = context.config.config;
  refuse_sync_dir_change(context, options);
  refuse_silent_github_switch(context, options);
  const InitOptions effective = with_github_remote(context, options);
  refuse_silent_remote_switch(context, effective);
  std::optional<EmbeddedLeaving> leaving;
  if (on_embedded_default(context) && effective.remote &&
      normalize_remote(*effective.remote) != config.remote.value) {
    leaving = prepare_leaving_embedded(context);
  }
  apply_flags(config, effective);
  if (create_local_remote_if_missing(config.remote.value)) {
    context.out << "Created an empty repository at " << config.remote.value << "\n";
  }
  const sync::MachineRecord machine = this_machine(context);
  sync::SyncRepo& repo = context.open_repo(config.remote.value);
  const sync::RemoteState remote = repo.refresh(sync::KeyCheck::later);
  sync::verify_repository(remote, repo.current());
  const auto encryption = prepare_init_encryption(context, repo, remote, options.encryption);
  const auto result =
    repo.edit("init: register machine " + machine.machine_id, [&](const sync::Snapshot& snapshot) {
      return registration(snapshot, context, machine, options.force, encryption);
    });
  if (encryption) {
    repo.sealing().finish_rewrite();
  }
  if (repo.sealing().record()) {
    sync::remember_encrypted(context.dirs, config.remote.value);
  }
  write_config(context);
  report_registration(context, result.commit.has_value(), remote.branches.empty(),
                      machine.machine_id);
  if (repo.sealing().record() && result.commit) {
    print_key_advice(context);
  }
  const int code = leaving ? push_after_leaving_embedded(context, *leaving) : 0;
  context.out << "Configuration: " << context.dirs.config_file().string() << "\n";
  print_next_steps(context);
  return code;
}

Invocation
parse_init_command(const Args& args)
{
  InitOptions options = parse_init(args);
  return {Needs{.config = true},
          [options](Context& context) { return run_init(context, options); }};
}

} // namespace ccsync::cli
