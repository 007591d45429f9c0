// ccsync init's steps around the registration: see init_steps.hpp.
#include "cli/init_steps.hpp"

#include "cli/session_ref.hpp"
#include "cli/sync_view.hpp"
#include "hook/settings.hpp"
#include "platform/fs.hpp"
#include "sync/store/session_store.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>

namespace ccsync::cli {
namespace fs = std::filesystem;

namespace {

// Whether ccsync's hooks are registered in the user's settings (or its plugin is enabled).
bool
hooks_registered(const Context& context)
{
  const auto file = context.dirs.claude_dir / "settings.json";
  try {
    const auto settings =
      hook::parse_settings(platform::read_file(file).value_or(""), file.string());
    return hook::count_ccsync_hooks(settings) > 0 || hook::ccsync_plugin_enabled(settings);
  } catch (const Error&) {
    return false; // unreadable settings: install-hooks says what is wrong with them
  }
}

// The init command another machine runs to join this one's repository.
std::string
join_command(const Context& context)
{
  const config::Config& config = context.config.config;
  // A --remote given now replaces a GitHub set-up the file described (write_config drops it).
  const bool github =
    !config.github_repo.value.empty() && (config.github_repo.origin == config::Origin::flag ||
                                          config.remote.origin != config::Origin::flag);
  std::string command =
    github ? "ccsync init --github " + config.github_owner.value + "/" + config.github_repo.value
           : "ccsync init --remote " + util::redact_url(config.remote.value);
  if (context.repo && context.repo->sealing().record()) {
    command += context.repo->sealing().record()->passphrase
                 ? " (it asks for the passphrase)"
                 : " --key-file FILE (FILE: what 'ccsync key export' prints here)";
  }
  if (!config.custom_placeholders.value.empty()) {
    command += " --add-placeholder NAME=PATH... (its own paths)";
  }
  return command;
}

} // namespace

bool
on_embedded_default(const Context& context)
{
  const auto& remote = context.config.config.remote;
  return context.config.file_exists && remote.origin == config::Origin::file &&
         fs::path(remote.value).lexically_normal() ==
           context.dirs.embedded_remote().lexically_normal();
}

EmbeddedLeaving
prepare_leaving_embedded(Context& context)
{
  EmbeddedLeaving leaving{context.dirs.embedded_remote().string(), 0};
  if (!fs::is_directory(leaving.embedded)) {
    return leaving;
  }
  sync::SyncRepo& embedded = context.open_repo(leaving.embedded);
  embedded.refresh();
  const auto here = local_session_ids(context);
  const std::set<std::string> local(here.begin(), here.end());
  for (const auto& id : sync::list_session_ids(embedded.current())) {
    leaving.only_there += local.contains(id) ? 0 : 1;
  }
  return leaving;
}

int
push_after_leaving_embedded(Context& context, const EmbeddedLeaving& leaving)
{
  const EngineSetup engine = engine_setup(context);
  const sync::PushReport report = sync::push_sessions(*context.repo, engine.setup, {});
  context.out << "Pushed " << util::counted(report.changed.size(), "session")
              << " of this machine to the new remote.\n";
  if (!report.outside.empty()) {
    context.out << util::counted(report.outside.size(), "session")
                << " outside every sync directory stay here ('ccsync config add-sync-dir DIR' "
                   "shares them).\n";
  }
  if (!report.skipped.empty()) {
    context.out << "Not pushed:\n";
    print_sessions(context.out, report.skipped);
  }
  context.out << "The embedded repository " << leaving.embedded
              << " is left as it was (a local backup)";
  if (leaving.only_there > 0) {
    context.out << "; " << util::counted(leaving.only_there, "session")
                << " no longer on this machine stay" << (leaving.only_there == 1 ? "s" : "")
                << " only there";
  }
  context.out << ".\n";
  const bool failed = std::any_of(report.skipped.begin(), report.skipped.end(),
                                  [](const auto& s) { return s.outcome == sync::Outcome::failed; });
  return exit_code_for(report.skipped, failed);
}

void
print_next_steps(Context& context)
{
  context.out << "Next:\n";
  if (!hooks_registered(context)) {
    context.out << "  ccsync install-hooks   (Claude Code then pulls and pushes by itself)\n";
  }
  const fs::path remote = fs::path(context.config.config.remote.value).lexically_normal();
  if (remote == context.dirs.embedded_remote().lexically_normal()) {
    context.out << "  to sync with another machine, give both the same remote: ccsync init "
                   "--remote URL (or --github OWNER/REPO) here, then there\n";
    return;
  }
  context.out << "  on the other machine:  " << join_command(context) << "\n";
}

} // namespace ccsync::cli
