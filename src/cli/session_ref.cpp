// Resolving a session id prefix against the catalogue.
#include "cli/session_ref.hpp"

#include "sync/repo/session_locks.hpp"
#include "util/error.hpp"

namespace ccsync::cli {

sync::CatalogEntry
resolve_session(Context& context, const EngineSetup& engine, const std::string& prefix)
{
  auto entries =
    sync::build_catalog(context.repo->current(), engine.setup, sync::known_locks(*context.repo));
  const sync::Choice choice = sync::match_id_prefix(entries, prefix);
  if (choice.match == sync::IdMatch::none) {
    throw Error(ErrorKind::usage, "no session id starts with '" + prefix + "'",
                "'ccsync list --all' and 'ccsync list --remote --all' show the sessions");
  }
  if (choice.match == sync::IdMatch::ambiguous) {
    std::string list;
    for (const std::size_t i : choice.candidates) {
      list += "\n  " + entries[i].id + "  " + entries[i].title.substr(0, 60);
    }
    throw Error(ErrorKind::usage, "'" + prefix + "' matches several sessions:" + list,
                "name one of them by a longer id prefix");
  }
  return std::move(entries[choice.candidates.front()]);
}

} // namespace ccsync::cli
