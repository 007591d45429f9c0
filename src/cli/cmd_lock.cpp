// ccsync lock acquire SESSION_ID [--yes] [--pid PID] | show [--format table|json]
//            | release [SESSION_ID] [--force] | cleanup
// Session locks live in the sync repository (see sync/repo/session_locks.hpp); these commands are
// the manual interface to them, for work outside `resume` and for scripts.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/lock_view.hpp"
#include "cli/output.hpp"
#include "cli/session_ref.hpp"
#include "platform/host.hpp"
#include "platform/process.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/store/session_store.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <iostream>

namespace ccsync::cli {
namespace {

constexpr long k_most_pid = 4194304; // Linux's PID_MAX_LIMIT

struct LockOptions {
  std::string action;
  std::string session_id;
  bool yes = false;
  bool force = false;
  long pid = 0;
  Format format = Format::table;
};

// The session `word` names (an id or a unique prefix) here or in the repository: a lock ref of
// something that is no session would live in the remote forever.
std::string
session_to_lock(Context& context, const std::string& word)
{
  context.repo->refresh(); // the lock's own transaction starts from this fetch
  std::vector<std::string> known = local_session_ids(context);
  for (auto& id : sync::list_session_ids(context.repo->current())) {
    known.push_back(std::move(id));
  }
  return resolve_ids({word}, known, "here or in the repository").front();
}

int
acquire(Context& context, const LockOptions& options)
{
  const std::string id = session_to_lock(context, options.session_id);
  const long pid = options.pid > 0 ? options.pid : platform::parent_process_id();
  const lock::Holder me{context.machine_id(), platform::hostname(), pid,
                        platform::process_start_time(pid)};
  const auto outcome = sync::acquire_lock(*context.repo, id, me, lock_settings(context),
                                          TakeoverPrompt(context, options.yes));
  if (outcome.kind == sync::Acquired::declined) {
    context.out << declined_words(outcome.record);
    return k_exit_held_back;
  }
  const char* verb = outcome.kind == sync::Acquired::extended     ? "Extended"
                     : outcome.kind == sync::Acquired::taken_over ? "Took over"
                                                                  : "Acquired";
  context.out << verb << " the lock on " << id << " (fencing token " << outcome.record.token
              << ", expires " << util::format_epoch(outcome.record.expires_at) << ")\n";
  return 0;
}

int
release(Context& context, const LockOptions& options)
{
  if (!options.session_id.empty()) {
    const bool was_held =
      sync::release_lock(*context.repo, options.session_id, context.machine_id(),
                         options.force ? sync::Force::yes : sync::Force::no);
    context.out << (was_held ? "Released the lock on " : "No lock held on ") << options.session_id
                << "\n";
    return 0;
  }
  int count = 0;
  for (const auto& record : sync::list_locks(*context.repo)) {
    if (record.held && record.holder.machine_id == context.machine_id() &&
        sync::release_if_unchanged(*context.repo, record)) {
      context.out << "Released the lock on " << record.session_id << "\n";
      ++count;
    }
  }
  context.out << "Released " << count << " lock" << (count == 1 ? "" : "s") << " of "
              << context.machine_id() << "\n";
  return 0;
}

int
cleanup(Context& context)
{
  int count = 0;
  for (const auto& record : sync::list_locks(*context.repo)) {
    const lock::Status status = lock::classify(
      record, context.machine_id(),
      sync::judging_timing(*context.repo, record.session_id, lock_settings(context)));
    const bool expired =
      status == lock::Status::other_expired || status == lock::Status::mine_expired;
    if (expired && sync::release_if_unchanged(*context.repo, record)) {
      context.out << "Removed the expired lock on " << record.session_id << " (held by "
                  << record.holder.machine_id << ")\n";
      ++count;
    }
  }
  context.out << "Removed " << count << " expired lock" << (count == 1 ? "" : "s") << "\n";
  return 0;
}

int
run_lock(Context& context, const LockOptions& options)
{
  if (options.action == "acquire") {
    return acquire(context, options);
  }
  if (options.action == "release") {
    return release(context, options);
  }
  if (options.action == "cleanup") {
    return cleanup(context);
  }
  std::vector<std::string> damaged;
  const auto records = sync::list_locks(*context.repo, &damaged);
  print_locks(context, records, damaged, options.format);
  return 0;
}

LockOptions
parse_lock(const Args& args)
{
  LockOptions options;
  CLI::App app("Session locks: one machine at a time per session.");
  CLI::App* acquire = add_action(app, "acquire", "Take a session's lock, or extend this machine's");
  acquire
    ->add_option("SESSION_ID", options.session_id, "The session (a unique id prefix is enough)")
    ->required();
  acquire->add_flag("--yes,-y", options.yes, "Take over a lock held by another machine");
  add_number_option(*acquire, "--pid", options.pid,
                    "The process the lock belongs to (default: the caller)", {1, k_most_pid})
    ->option_text("PID");
  CLI::App* show = add_action(app, "show", "Every held lock (default)");
  add_format_option(*show, options.format);
  CLI::App* release = add_action(app, "release", "Release a lock, or all of this machine's");
  release->add_option("SESSION_ID", options.session_id, "Default: every lock of this machine");
  release->add_flag("--force", options.force, "Release a lock held by another machine");
  add_action(app, "cleanup", "Remove every expired lock");
  parse_args(app, "lock", args);
  options.action = chosen_action(app, "show");
  return options;
}

} // namespace

Invocation
parse_lock_command(const Args& args)
{
  LockOptions options = parse_lock(args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return run_lock(context, options); }};
}

} // namespace ccsync::cli
