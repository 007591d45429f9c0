// ccsync machine remove MACHINE_ID [--force]: unregister a machine that is gone (a reinstalled
// laptop, a retired server): its record machines/<id>.json and its paths in
// shared_placeholders.json go in one commit through the edit transaction. Its sessions stay in
// the repository. This machine's own id needs --force: it registers itself again at its next
// `ccsync init`.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "sync/repo/registry.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

struct MachineOptions {
  std::string machine_id;
  bool force = false;
};

std::string
registered_ids(const sync::Snapshot& snapshot)
{
  std::string ids;
  for (const auto& machine : sync::list_machines(snapshot)) {
    ids += (ids.empty() ? "" : ", ") + machine.machine_id;
  }
  return ids.empty() ? "none" : ids;
}

int
remove_machine(Context& context, const MachineOptions& options)
{
  const std::string& id = options.machine_id;
  if (id == context.machine_id() && !options.force) {
    throw Error(ErrorKind::usage, "'" + id + "' is this machine",
                "run it on another machine, or add --force (this machine registers itself "
                "again at its next 'ccsync init')");
  }
  sync::SyncRepo& repo = *context.repo;
  repo.refresh();
  if (sync::unregistration_changes(repo.current(), id).empty()) {
    throw Error(ErrorKind::config, "no machine '" + id + "' is registered",
                "registered: " + registered_ids(repo.current()));
  }
  const auto result = repo.edit("machine: remove " + id, [&](const sync::Snapshot& snapshot) {
    return sync::unregistration_changes(snapshot, id);
  });
  context.out << "Removed machine '" << id << "': its record and its placeholder paths"
              << (result.commit ? " in " + result.commit->substr(0, 12) : " (unchanged)")
              << ". Its sessions stay in the repository.\n";
  return 0;
}

MachineOptions
parse_machine(const Args& args)
{
  MachineOptions options;
  CLI::App app("Registered machines: remove one that is gone.");
  CLI::App* remove =
    add_action(app, "remove", "Unregister a machine (its record and its placeholder paths)");
  remove->add_option("MACHINE_ID", options.machine_id, "The machine to remove")->required();
  remove->add_flag("--force", options.force, "Remove this machine's own registration");
  app.require_subcommand(1);
  parse_args(app, "machine", args);
  if (!util::is_valid_machine_id(options.machine_id)) {
    throw Error(ErrorKind::usage, "'" + options.machine_id + "' is not a valid machine id",
                "machine ids use lowercase letters, digits and '-' ('ccsync status' lists them)");
  }
  return options;
}

} // namespace

Invocation
parse_machine_command(const Args& args)
{
  const MachineOptions options = parse_machine(args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [options](Context& context) { return remove_machine(context, options); }};
}

} // namespace ccsync::cli
