// Naming one session on the command line by its id or a unique prefix of it (as resume does),
// among this machine's sessions and the repository's (as of its last fetch).
#pragma once

#include "cli/context.hpp"
#include "cli/sync_view.hpp"
#include "sync/catalog/catalog.hpp"

#include <string>

namespace ccsync::cli {

// The catalogue entry whose id is `prefix` or starts with it; Error{usage} when none or several
// do (listing them).
sync::CatalogEntry resolve_session(Context& context, const EngineSetup& engine,
                                   const std::string& prefix);

// Each of `words` (a session id or a unique prefix of one) as the id of `known` it names, in
// order, without repeats. Error{usage} (exit 2) naming the word when it names none of `known`
// (which are "`where`": "here", "in the repository") or several: a typed id never passes
// silently.
std::vector<std::string> resolve_ids(const std::vector<std::string>& words,
                                     std::vector<std::string> known, const std::string& where);

// The ids of the sessions on this machine (any project folder).
std::vector<std::string> local_session_ids(const Context& context);

} // namespace ccsync::cli
