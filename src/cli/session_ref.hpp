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

} // namespace ccsync::cli
