// Resolving a session id prefix against the catalogue.
#include "cli/session_ref.hpp"

#include "sync/local/local_sessions.hpp"
#include "sync/repo/session_locks.hpp"
#include "util/error.hpp"

#include <algorithm>

namespace ccsync::cli {

namespace {

Error
ambiguous_error(const std::string& prefix, const std::vector<std::string>& ids)
{
  std::string list;
  for (const auto& id : ids) {
    list += "\n  " + id;
  }
  return Error(ErrorKind::usage, "'" + prefix + "' matches several sessions:" + list,
               "name one of them by a longer id prefix");
}

} // namespace

std::vector<std::string>
resolve_ids(const std::vector<std::string>& words, std::vector<std::string> known,
            const std::string& where)
{
  std::sort(known.begin(), known.end()); // a session both here and in the repository is one
  known.erase(std::unique(known.begin(), known.end()), known.end());
  std::vector<std::string> ids;
  for (const auto& word : words) {
    const sync::Choice choice = sync::match_id_prefix(known, word);
    if (choice.match == sync::IdMatch::none) {
      throw Error(ErrorKind::usage,
                  "no session " + where + " has an id starting with '" + word + "'",
                  "'ccsync list --all' and 'ccsync list --remote --all' show the sessions");
    }
    if (choice.match == sync::IdMatch::ambiguous) {
      std::vector<std::string> matches;
      for (const std::size_t i : choice.candidates) {
        matches.push_back(known[i]);
      }
      throw ambiguous_error(word, matches);
    }
    const std::string& id = known[choice.candidates.front()];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(id);
    }
  }
  return ids;
}

std::vector<std::string>
local_session_ids(const Context& context)
{
  std::vector<std::string> ids;
  for (const auto& session : sync::find_local_sessions(context.dirs.claude_dir)) {
    ids.push_back(session.id);
  }
  return ids;
}

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
    std::vector<std::string> matches;
    for (const std::size_t i : choice.candidates) {
      matches.push_back(entries[i].id + "  " + entries[i].title.substr(0, 60));
    }
    throw ambiguous_error(prefix, matches);
  }
  return std::move(entries[choice.candidates.front()]);
}

} // namespace ccsync::cli
