// ccsync resume [SESSION_ID|TEXT] [--latest] [--from MACHINE_ID] [--all] [--yes] [-- CLAUDE_ARGS]:
// pull, choose a session (id prefix, search, latest or the picker), lock it, bring it where
// Claude looks, run `claude --resume <id>` in its project with a heartbeat, then push and release.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/lock_view.hpp"
#include "cli/output.hpp"
#include "cli/picker.hpp"
#include "cli/sync_view.hpp"
#include "hook/launch.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/catalog/catalog.hpp"
#include "sync/outbox/outbox.hpp"
#include "sync/repo/session_locks.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

namespace ccsync::cli {
namespace {

struct ResumeOptions {
  std::string query;
  bool latest = false;
  std::string from;
  bool all = false;
  bool yes = false;
  std::vector<std::string> claude_args;
};

// Claude's own session variables: a Claude started with them behaves as a child session of the
// one that set them (claude-code.md §5.5), and may not even save its transcript.
constexpr const char* k_claude_session_variables[] = {"CLAUDECODE",
                                                      "CLAUDE_CODE_SESSION_ID",
                                                      "CLAUDE_CODE_ENTRYPOINT",
                                                      "CLAUDE_CODE_CHILD_SESSION",
                                                      "CLAUDE_PROJECT_DIR",
                                                      "CLAUDE_ENV_FILE",
                                                      "AI_AGENT"};

void
pull_first(Context& context, const EngineSetup& engine)
{
  try {
    context.repo->refresh();
    sync::pull_sessions(*context.repo, engine.setup, sync::PullRequest{});
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::network && e.kind() != ErrorKind::auth) {
      throw;
    }
    print_warning(context.err, std::string("the sync repository cannot be reached (") + e.what() +
                                 "); resuming with what is on this machine");
  }
}

std::vector<sync::CatalogEntry>
load_catalog(Context& context, const EngineSetup& engine, const ResumeOptions& options)
{
  // The locks as of the pull's fetch (or older, offline): marks in the picker; taking the lock
  // reads the current one.
  auto entries =
    sync::build_catalog(context.repo->current(), engine.setup, sync::known_locks(*context.repo));
  std::erase_if(entries, [&](const sync::CatalogEntry& e) {
    return (!options.all && e.mapped && !e.in_sync_directories) ||
           (!options.from.empty() && e.last_edited_by != options.from);
  });
  return entries;
}

std::string
row_text(const sync::CatalogEntry& e, const std::string& me)
{
  const auto when = util::parse_utc_lenient(e.last_activity);
  std::string lock;
  if (e.lock) {
    lock = e.lock->holder.machine_id == me ? "  [locked here]"
                                           : "  [locked by " + e.lock->holder.machine_id + "]";
  }
  std::string title = e.title.empty() ? "(untitled)" : e.title.substr(0, 60);
  std::replace(title.begin(), title.end(), '\n', ' ');
  return title + "  " + (e.mapped ? e.project : e.project + " (" + e.not_mapped + ")") + "  " +
         (e.last_edited_by.empty() ? "?" : e.last_edited_by) + "  " +
         (when ? util::relative_time(util::now_epoch() - *when) : "?") + "  " +
         util::human_size(e.bytes) + lock;
}

std::vector<PickerRow>
rows_of(const std::vector<sync::CatalogEntry>& entries, const std::string& me)
{
  std::vector<PickerRow> rows;
  rows.reserve(entries.size());
  for (const auto& e : entries) {
    rows.push_back(
      {row_text(e, me), e.title + " " + e.project + " " + e.id, e.mapped, e.not_mapped});
  }
  return rows;
}

[[noreturn]] void
refuse_choice(const std::string& what, const std::vector<sync::CatalogEntry>& entries,
              const std::vector<std::size_t>& candidates)
{
  std::string list;
  for (const std::size_t i : candidates) {
    list += "\n  " + entries[i].id + "  " + entries[i].title.substr(0, 60);
  }
  throw Error(ErrorKind::usage, what + list, "name one of them by a longer id prefix");
}

// The chosen entry's index; nothing when the person left the picker.
std::optional<std::size_t>
choose(Context& context, const std::vector<sync::CatalogEntry>& entries,
       const ResumeOptions& options)
{
  const bool terminal = platform::interactive_terminal();
  const auto rows = rows_of(entries, context.machine_id());
  const std::string heading = "Resume which session? (" + std::to_string(entries.size()) + ")";
  if (options.latest) {
    const auto latest = sync::latest_entry(entries);
    if (!latest) {
      throw Error(ErrorKind::usage, "there is no session to resume", "run 'ccsync list --remote'");
    }
    return latest;
  }
  if (!options.query.empty()) {
    const sync::Choice choice = sync::match_id_prefix(entries, options.query);
    if (choice.match == sync::IdMatch::unique) {
      return choice.candidates.front();
    }
    const auto found = choice.match == sync::IdMatch::ambiguous ? choice.candidates
                                                                : filter_rows(rows, options.query);
    if (terminal) {
      return pick(rows, heading, options.query);
    }
    if (found.size() == 1) {
      return found.front();
    }
    if (found.empty()) {
      throw Error(ErrorKind::usage, "no session matches '" + options.query + "'",
                  "'ccsync list --remote' shows them all; --all includes sessions outside "
                  "sync_directories");
    }
    refuse_choice("'" + options.query + "' matches several sessions:", entries, found);
  }
  if (!terminal) {
    throw Error(ErrorKind::usage, "which session? There is no terminal for the picker",
                "name one (ccsync resume SESSION_ID) or use --latest");
  }
  return pick(rows, heading, "");
}

// Takes the session's lock; false when the person declined to take it from another machine.
bool
take_lock(Context& context, const std::string& id, bool yes)
{
  const long me = platform::process_id();
  const lock::Holder holder{context.machine_id(), platform::hostname(), me,
                            platform::process_start_time(me)};
  const auto outcome = sync::acquire_lock(*context.repo, id, holder, lock_settings(context),
                                          TakeoverPrompt(context, yes));
  if (outcome.kind == sync::Acquired::declined) {
    context.out << declined_words(outcome.record);
    return false;
  }
  return true;
}

// The session's project directory here, or why it cannot be opened here.
std::filesystem::path
project_dir(const Context& context, const sync::CatalogEntry& entry)
{
  if (!entry.mapped) {
    throw Error(ErrorKind::config,
                "session " + entry.id + " cannot be opened here: " + entry.not_mapped,
                "map it: ccsync config add-placeholder NAME=PATH");
  }
  std::filesystem::path project = entry.project;
  std::error_code error;
  if (!std::filesystem::is_directory(project, error)) {
    throw Error(ErrorKind::config,
                "the project directory of session " + entry.id +
                  " does not exist here: " + project.string(),
                "create it (mkdir -p '" + project.string() +
                  "'), or point the placeholder elsewhere (ccsync config set-path NAME " +
                  context.machine_id() + " PATH)");
  }
  return project;
}

// Brings the session where `claude --resume` looks, also one older than Claude's cleanup
// period (pull leaves those in the repository).
void
bring_here(Context& context, const EngineSetup& engine, const sync::CatalogEntry& entry)
{
  if (entry.in_repository) {
    sync::PullRequest request;
    request.ids = {entry.id};
    sync::pull_sessions(*context.repo, engine.setup, request);
  }
}

platform::Environment
claude_environment(const Context& context)
{
  platform::Environment env = context.env;
  for (const char* name : k_claude_session_variables) {
    env.unset(name);
  }
  return env;
}

int
launch(Context& context, const std::string& id, const std::filesystem::path& project,
       const ResumeOptions& options)
{
  std::vector<std::string> argv{context.config.config.claude_command.value, "--resume", id};
  argv.insert(argv.end(), options.claude_args.begin(), options.claude_args.end());
  const hook::HookEnv hook_env{context.env, context.dirs, context.config};
  spdlog::info("resume {}: running {} in {}", id, argv.front(), project.string());
  return platform::run_foreground(
    argv, claude_environment(context).entries(), project, [&](long pid) {
      // The heartbeat while Claude runs; with ccsync's hooks installed their worker is this
      // one (one per session), and it pushes and releases if this process dies.
      hook::start_worker(hook_env,
                         {id, project.string(), pid, platform::process_start_time(pid), false, -1});
    });
}

// What push did with session `id`, in words: from its report in `report`; in no list means the
// repository holds exactly this session.
std::string
push_words(const sync::PushReport& report, const std::string& id)
{
  for (const auto* list : {&report.changed, &report.skipped}) {
    for (const auto& s : *list) {
      if (s.id == id) {
        return s.outcome == sync::Outcome::remote_ahead ? "nothing new to push" : outcome_words(s);
      }
    }
  }
  return "the repository holds all its lines";
}

// The lock of `id` after the drain: released, or still this machine's (with why).
std::string
lock_words(const Context& context, const std::string& id)
{
  const sync::LockView lock = sync::current_lock(*context.repo, id);
  if (lock.record && lock.record->held && lock.record->holder.machine_id == context.machine_id()) {
    return "its lock is still held here (the next ccsync command releases it)";
  }
  return lock.damaged ? "its lock cannot be read ('ccsync lock show')" : "its lock is released";
}

// After Claude: the session's lines pushed and its lock released, through the outbox (durable:
// a worker or the next command does what this one cannot), then said as it happened.
void
finish(Context& context, const std::string& id)
{
  const sync::Outbox outbox(context.dirs.ccsync_home);
  outbox.enqueue(sync::WorkKind::push, id);
  outbox.enqueue(sync::WorkKind::release, id, 0);
  context.open_repo(context.config.config.remote.value);
  const EngineSetup engine = engine_setup(context);
  // A worker that saw Claude end may do these items first: then this drain finds nothing left.
  // (A hook that Claude's end still runs may queue the session again: the push below says how
  // it stands whatever the queue holds.)
  if (drain_queued_work(context, engine).failed > 0 && outbox.has(sync::WorkKind::push, id)) {
    context.err << "ccsync: session " << id << " is not pushed yet (" << outbox.status().last_error
                << "); the next ccsync command or the daemon pushes it (see 'ccsync status')\n";
    return;
  }
  // Whoever pushed it, a push of the session now says where it stands (nothing is sent twice).
  sync::PushRequest request;
  request.ids = {id};
  const sync::PushReport report = sync::push_sessions(*context.repo, engine.setup, request);
  context.err << "ccsync: session " << id << ": " << push_words(report, id) << "; "
              << lock_words(context, id) << "\n";
}

int
run_resume(Context& context, const ResumeOptions& options)
{
  const EngineSetup engine = engine_setup(context);
  pull_first(context, engine);
  const auto entries = load_catalog(context, engine, options);
  const auto chosen = choose(context, entries, options);
  if (!chosen) {
    return 0; // the person left the picker: nothing changed
  }
  const sync::CatalogEntry& entry = entries[*chosen];
  const std::filesystem::path project = project_dir(context, entry);
  if (!take_lock(context, entry.id, options.yes)) {
    return k_exit_held_back; // the person chose to leave it with the other machine
  }
  int code = 0;
  try {
    bring_here(context, engine, entry);
    context.repo.reset(); // Claude may run for hours: hooks and commands need the repository
    code = launch(context, entry.id, project, options);
  } catch (const Error&) {
    finish(context, entry.id); // the lock taken above is released, whatever failed
    throw;
  }
  finish(context, entry.id);
  return code;
}

} // namespace

Invocation
parse_resume_command(const Args& args)
{
  ResumeOptions options;
  const auto dashes = std::find(args.begin(), args.end(), "--");
  const Args own(args.begin(), dashes);
  if (dashes != args.end()) {
    options.claude_args.assign(dashes + 1, args.end());
  }
  CLI::App app("Pull, choose a session, lock it, run Claude Code on it, then push and release.");
  app.add_option("SESSION", options.query, "A session id or a unique prefix; other text searches");
  app.add_flag("--latest", options.latest, "The most recent session");
  app.add_option("--from", options.from, "Only sessions last edited on this machine")
    ->option_text("MACHINE_ID");
  app.add_flag("--all", options.all, "Include sessions outside sync_directories");
  app.add_flag("--yes,-y", options.yes, "Take over a lock another machine holds");
  app.footer("Without SESSION or --latest, on a terminal, a picker opens: Up/Down move,\n"
             "PgUp/PgDn move a page, typing filters, Backspace unfilters, Enter opens,\n"
             "Esc or Ctrl-C leaves without changing anything.\n"
             "Arguments after -- go to claude: ccsync resume ID -- --model opus");
  parse_args(app, "resume", own);
  if (options.latest && !options.query.empty()) {
    throw Error(ErrorKind::usage, "--latest and a SESSION exclude each other", "use one of them");
  }
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_resume(context, options); }};
}

} // namespace ccsync::cli
