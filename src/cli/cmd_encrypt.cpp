// ccsync encrypt [--passphrase]: converts a plain sync repository into an encrypted one (issue
// 24): a new key kept here before anything is pushed, then every file of the branch tip sealed
// in one commit with ccsync.json saying so, then every lock record. The history keeps the
// plaintext it held; the output says so and how to start a fresh remote instead.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/repo_key.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

int
encrypt_repository(Context& context, bool passphrase)
{
  sync::SyncRepo& repo = *context.repo;
  repo.refresh();
  if (repo.sealing().record()) {
    throw Error(ErrorKind::usage, "the sync repository is encrypted already",
                "'ccsync key rotate' changes its key");
  }
  const sync::RewriteReport report =
    reseal_under_new_key(context, repo, passphrase,
                         "encrypt: " + context.machine_id() + " encrypts the repository")
      .report;
  context.out << "Encrypted the sync repository: " << report.files << " files ("
              << util::human_size(report.bytes) << ") and " << report.locks
              << " lock records sealed at its tip.\n";
  print_key_advice(context);
  context.err << "warning: the repository's history still holds every earlier commit in "
                 "plaintext, and a clone made before now keeps it. To leave none anywhere, "
                 "start a fresh remote instead: on each machine 'ccsync init --encrypt --remote "
                 "NEW_URL --force' (the first; the others with --key-file), then 'ccsync push', "
                 "and delete the old remote.\n";
  return 0;
}

} // namespace

Invocation
parse_encrypt_command(const Args& args)
{
  bool passphrase = false;
  CLI::App app("Encrypt the sync repository: every file at its tip sealed under a new key.");
  app.add_flag("--passphrase", passphrase, "Derive the key from a passphrase (asked)");
  parse_args(app, "encrypt", args);
  return {Needs{.config = true, .initialised = true, .repo = true},
          [passphrase](Context& context) { return encrypt_repository(context, passphrase); }};
}

} // namespace ccsync::cli
