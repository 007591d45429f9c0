// ccsync key export | import [FILE|-] [--passphrase] | rotate [--passphrase]: the key of an
// encrypted sync repository (issue 24). `export` prints the recovery string, on request only;
// `import` gives this machine the key another machine exported (or derives it from the
// passphrase), refusing a key that does not open the repository; `rotate` seals the branch tip
// and the lock records again under a new key and says plainly what history still holds.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/repo_key.hpp"
#include "util/error.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

struct KeyOptions {
  std::string action;
  std::optional<std::string> file;
  bool passphrase = false;
};

// The key the repository is under, as this machine last saw it (no fetch: works offline).
int
export_key(Context& context)
{
  const sync::Sealing& sealing = context.repo->sealing();
  if (!sealing.record()) {
    throw Error(ErrorKind::usage, "the sync repository is not encrypted",
                "'ccsync encrypt' encrypts it");
  }
  sealing.require_key();
  const auto& key = sealing.key();
  context.err << "This string opens every session in the sync repository: keep it like a "
                 "password (a password manager, a printed copy).\n";
  context.out << key->recovery() << "\n";
  return 0;
}

const sync::EncryptionRecord&
require_encrypted(const sync::SyncRepo& repo)
{
  if (!repo.sealing().record()) {
    throw Error(ErrorKind::usage, "the sync repository is not encrypted",
                "'ccsync encrypt' encrypts it");
  }
  return *repo.sealing().record();
}

int
import_key(Context& context, const KeyOptions& options)
{
  sync::SyncRepo& repo = *context.repo;
  repo.refresh(sync::KeyCheck::later);
  const sync::EncryptionRecord& record = require_encrypted(repo);
  if (options.passphrase && !record.passphrase) {
    throw Error(ErrorKind::usage, "the sync repository's key is not derived from a passphrase",
                "import the recovery string: ccsync key import FILE");
  }
  std::optional<std::filesystem::path> file;
  if (options.file) {
    file = std::filesystem::path(*options.file == "-" ? "/dev/stdin" : *options.file);
  }
  take_repository_key(context, repo, file);
  sync::remember_encrypted(context.dirs, context.config.config.remote.value);
  context.out << "This machine has the repository's key now, in " << key_location(context) << "\n";
  return 0;
}

int
rotate_key(Context& context, const KeyOptions& options)
{
  sync::SyncRepo& repo = *context.repo;
  repo.refresh();
  require_encrypted(repo);
  const Resealed resealed =
    reseal_under_new_key(context, repo, options.passphrase,
                         "key: " + context.machine_id() + " rotates the repository key");
  const sync::RewriteReport& report = resealed.report;
  context.out << "Sealed " << report.files << " files and " << report.locks
              << " lock records again under a new key (kept in " << key_location(context) << ").\n"
              << "The repository's history still holds what it held, under the old key: "
                 "whoever has the old key and a copy of the history can read that.\n"
              << "Every other machine needs the new key: 'ccsync key export' here, then 'ccsync "
                 "key import FILE' there"
              << (resealed.passphrase ? " (or 'ccsync key import --passphrase')" : "") << ".\n";
  return 0;
}

KeyOptions
parse_key(const Args& args)
{
  KeyOptions options;
  CLI::App app("The key of an encrypted sync repository.");
  add_action(app, "export", "Print the key's recovery string (keep it like a password)");
  CLI::App* import = add_action(app, "import", "Give this machine the repository's key");
  import->add_option("FILE", options.file, "A file with the recovery string ('-': stdin)");
  import->add_flag("--passphrase", options.passphrase,
                   "Derive the key from the repository's passphrase (asked)");
  CLI::App* rotate = add_action(app, "rotate", "Seal the branch tip again under a new key");
  rotate->add_flag("--passphrase", options.passphrase, "Derive the new key from a passphrase");
  app.require_subcommand(1);
  parse_args(app, "key", args);
  options.action = chosen_action(app, "export");
  if (options.action == "import" && !options.file && !options.passphrase) {
    throw Error(ErrorKind::usage, "key import needs FILE (or '-' for stdin) or --passphrase",
                "give the file 'ccsync key export' wrote on a machine that has the key");
  }
  return options;
}

} // namespace

Invocation
parse_key_command(const Args& args)
{
  const KeyOptions options = parse_key(args);
  if (options.action == "export") {
    return {Needs{.config = true, .initialised = true, .repo = true},
            [](Context& context) { return export_key(context); }};
  }
  return {Needs{.config = true, .initialised = true, .repo = true}, [options](Context& context) {
            return options.action == "import" ? import_key(context, options)
                                              : rotate_key(context, options);
          }};
}

} // namespace ccsync::cli
