// ccsync install-hooks [--settings FILE] [--dry-run]
// ccsync uninstall-hooks [--settings FILE] [--dry-run]
// Registers ccsync's Claude Code hooks in a settings file (Claude's user settings by default), or
// removes them: the merge itself is hook/settings.hpp; this file reads the file, keeps the
// previous one as <file>.ccsync-backup, writes the new one atomically with the old one's mode,
// and says what it did. Claude reads hooks when a session starts, so running sessions must be
// restarted. Needs no ccsync configuration.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "hook/settings.hpp"
#include "platform/fs.hpp"
#include "platform/host.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <optional>
#include <ostream>

namespace ccsync::cli {
namespace {
namespace fs = std::filesystem;

constexpr unsigned k_new_file_mode = 0600;

struct HooksOptions {
  std::string settings; // "" = Claude's user settings
  bool dry_run = false;
};

// A settings file as it is before the command changes it.
struct SettingsFile {
  fs::path path;                   // as named: for messages and the backup beside it
  fs::path target;                 // the file itself (a symbolic link followed)
  std::optional<std::string> text; // nothing when the file does not exist
  unsigned mode = k_new_file_mode;
};

fs::path
settings_path(const Context& context, const HooksOptions& options)
{
  return options.settings.empty() ? context.dirs.claude_dir / "settings.json"
                                  : fs::absolute(options.settings);
}

SettingsFile
read_settings(const fs::path& path)
{
  SettingsFile file{path, path, std::nullopt, k_new_file_mode};
  std::error_code error;
  if (fs::is_symlink(path, error)) {
    file.target = fs::weakly_canonical(path, error); // rewrite the file, keep the link (dotfiles)
    if (error) {
      throw Error(ErrorKind::io, "following the link '" + path.string() + "': " + error.message());
    }
  }
  file.text = platform::read_file(file.target);
  if (file.text) {
    file.mode = static_cast<unsigned>(fs::status(file.target).permissions() & fs::perms::mask);
  }
  return file;
}

fs::path
backup_path(const SettingsFile& file)
{
  return file.path.string() + ".ccsync-backup";
}

// Keeps the previous content as the backup, then replaces the file atomically, same mode.
void
write_settings(const SettingsFile& file, const std::string& text)
{
  if (file.text) {
    platform::write_file_atomic(backup_path(file), *file.text, file.mode);
  }
  platform::write_file_atomic(file.target, text, file.mode);
}

void
print_diff(Context& context, const SettingsFile& file, const std::string& new_text,
           const std::string& command)
{
  context.out << "--- " << file.path.string() << "\n+++ " << file.path.string() << " (after "
              << command << ")\n"
              << hook::line_diff(file.text.value_or(""), new_text)
              << "Dry run: " << file.path.string() << " was not changed.\n";
}

void
print_registration(Context& context, const hook::HookRegistration& registration)
{
  for (const hook::RegisteredEvent& event : hook::registered_events()) {
    std::string name(event.claude_name);
    name.resize(18, ' ');
    context.out << "  " << name << registration.binary << " hook " << event.argument
                << "  (timeout " << event.timeout_seconds << " s)\n";
  }
}

void
print_written(Context& context, const SettingsFile& file)
{
  if (file.text) {
    context.out << "The previous file is kept as " << backup_path(file).string() << ".\n";
  }
}

int
install(Context& context, const HooksOptions& options)
{
  const SettingsFile file = read_settings(settings_path(context, options));
  const std::string old_text = file.text.value_or("");
  const hook::HookRegistration registration{platform::program_path().string()};
  const std::string new_text = hook::merge_hooks(old_text, registration, file.path.string());
  const auto before = hook::parse_settings(old_text, file.path.string());
  if (hook::ccsync_plugin_enabled(before)) {
    print_warning(context.err, "the ccsync plugin is enabled in " + file.path.string() +
                                 " too: each hook would run twice (harmless but wasteful); "
                                 "keep one of them");
  }
  if (new_text == old_text) {
    context.out << "ccsync's hooks are already installed in " << file.path.string()
                << "; nothing to change.\n";
    return k_exit_ok;
  }
  if (options.dry_run) {
    print_diff(context, file, new_text, "install-hooks");
    return k_exit_ok;
  }
  write_settings(file, new_text);
  const std::size_t older = hook::count_ccsync_hooks(before);
  context.out << (older > 0 ? "Updated" : "Installed") << " ccsync's Claude Code hooks in "
              << file.path.string() << ":\n";
  print_registration(context, registration);
  print_written(context, file);
  context.out << "Restart running Claude Code sessions to pick the hooks up: Claude reads its "
                 "hooks when a session starts.\n";
  return k_exit_ok;
}

int
uninstall(Context& context, const HooksOptions& options)
{
  const SettingsFile file = read_settings(settings_path(context, options));
  const std::string old_text = file.text.value_or("");
  const std::string new_text = hook::remove_hooks(old_text, file.path.string());
  if (new_text == old_text) {
    context.out << "No ccsync hooks in " << file.path.string() << "; nothing to remove.\n";
    return k_exit_ok;
  }
  if (options.dry_run) {
    print_diff(context, file, new_text, "uninstall-hooks");
    return k_exit_ok;
  }
  write_settings(file, new_text);
  const std::size_t count =
    hook::count_ccsync_hooks(hook::parse_settings(old_text, file.path.string()));
  context.out << "Removed " << count << " ccsync hook entr" << (count == 1 ? "y" : "ies")
              << " from " << file.path.string() << ".\n";
  print_written(context, file);
  context.out << "Running Claude Code sessions keep the hooks they started with until they are "
                 "restarted.\n";
  return k_exit_ok;
}

HooksOptions
parse_hooks_options(const Args& args, const std::string& command, const std::string& description)
{
  HooksOptions options;
  CLI::App app(description);
  app
    .add_option("--settings", options.settings,
                "The settings file to edit, such as a project's .claude/settings.json "
                "(default: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json)")
    ->option_text("FILE");
  app.add_flag("--dry-run", options.dry_run, "Print the change as a diff and write nothing");
  parse_args(app, command, args);
  return options;
}

} // namespace

Invocation
parse_install_hooks_command(const Args& args)
{
  const HooksOptions options = parse_hooks_options(
    args, "install-hooks",
    "Register ccsync's hooks (SessionStart, UserPromptSubmit, Stop, SessionEnd) in Claude Code's "
    "settings, with the absolute path of this ccsync. Other settings and hooks are kept; an "
    "older ccsync entry is replaced.");
  return {Needs{}, [options](Context& context) { return install(context, options); }};
}

Invocation
parse_uninstall_hooks_command(const Args& args)
{
  const HooksOptions options =
    parse_hooks_options(args, "uninstall-hooks",
                        "Remove ccsync's hooks from Claude Code's settings, and nothing else.");
  return {Needs{}, [options](Context& context) { return uninstall(context, options); }};
}

} // namespace ccsync::cli
