// ccsync pull: fetch the sync repository's newest state (machines, shared placeholders) into the
// local cache. Materialising sessions into Claude's directory is the sync engine's part.
#include "cli/commands.hpp"
#include "sync/registry.hpp"
#include "util/text.hpp"

#include <ostream>

namespace ccsync::cli {

Invocation
parse_pull_command(const Args& args)
{
  CLI::App app("Fetch the newest state of the sync repository.");
  parse_args(app, "pull", args);
  return {Needs{.config = true, .initialised = true, .repo = true}, [](Context& context) {
            sync::SharedRepo& repo = *context.repo;
            const sync::RemoteState remote = repo.refresh();
            const sync::Snapshot snapshot = repo.current();
            sync::verify_repository(remote, snapshot);
            const std::string where = util::redact_url(context.config.config.remote.value);
            if (snapshot.empty()) {
              context.out << "The sync repository on " << where << " is empty\n";
              return 0;
            }
            const git::CommitInfo head = repo.describe(*snapshot.commit());
            context.out << "Up to date with " << where << ": " << head.id.substr(0, 12) << " "
                        << head.summary << "\n";
            return 0;
          }};
}

} // namespace ccsync::cli
