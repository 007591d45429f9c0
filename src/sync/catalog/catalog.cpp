// The session catalogue: local transcripts (facts cached by stamp) and repository metas merged.
#include "sync/catalog/catalog.hpp"

#include "platform/fs.hpp"
#include "sync/decisions.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/local/state.hpp"
#include "sync/local/sync_index.hpp"
#include "sync/sharing/sharing_state.hpp"
#include "sync/store/session_facts.hpp"
#include "sync/store/session_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct LocalFacts {
  std::string cwd;
  std::string title;
  std::string last_activity;
  std::size_t lines = 0;
  std::uint64_t bytes = 0;
};

LocalFacts
read_facts(const LocalSession& local)
{
  SessionFacts facts(local.project_dir);
  LocalFacts result;
  std::ifstream in(local.transcript, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    facts.add(line);
    ++result.lines;
  }
  result.cwd = facts.cwd().value_or("");
  result.title = facts.title();
  result.last_activity = facts.last_timestamp();
  return result;
}

// Facts of local transcripts, remembered by size and modification time: a listing reads only
// the transcripts that changed since the last one.
class FactsCache {
public:
  explicit FactsCache(fs::path file)
      : m_file(std::move(file))
      , m_cache(read_object_file(m_file))
  {}

  LocalFacts
  facts(const LocalSession& local)
  {
    const auto stamp = stamp_of(local.transcript);
    const json* known = m_cache.contains(local.id) ? &m_cache[local.id] : nullptr;
    if (stamp && known != nullptr && known->is_object() &&
        known->value("size", std::uint64_t{0}) == stamp->size &&
        known->value("mtime_ns", std::int64_t{0}) == stamp->mtime_ns) {
      return {known->value("cwd", ""), known->value("title", ""), known->value("last_activity", ""),
              known->value("lines", std::size_t{0}), stamp->size};
    }
    LocalFacts read = read_facts(local);
    if (stamp) {
      read.bytes = stamp->size;
      m_cache[local.id] = {
        {"size", stamp->size}, {"mtime_ns", stamp->mtime_ns},         {"cwd", read.cwd},
        {"title", read.title}, {"last_activity", read.last_activity}, {"lines", read.lines}};
      m_changed = true;
    }
    return read;
  }

  void
  save() const
  {
    if (!m_changed) {
      return;
    }
    try {
      platform::write_file_atomic(m_file, m_cache.dump(), 0600);
    } catch (const std::exception&) {
      // a cache: the next listing reads the transcripts again
    }
  }

private:
  fs::path m_file;
  json m_cache;
  bool m_changed = false;
};

void
fill_from_meta(CatalogEntry& entry, const SessionMeta& meta, const SyncSetup& setup)
{
  std::set<std::string> missing;
  const auto project = setup.placeholders->local_path(meta.project, missing);
  entry.in_repository = true;
  entry.title = setup.placeholders->expand(meta.title);
  entry.created_by = meta.created_by;
  entry.last_edited_by = meta.last_edited_by;
  entry.last_activity = meta.last_activity;
  entry.lines = meta.lines;
  entry.bytes = meta.bytes;
  entry.forked_from = meta.forked_from;
  entry.mapped = project.has_value();
  entry.project = project.value_or(meta.project);
  if (!project) {
    std::string names;
    for (const auto& name : missing) {
      names += (names.empty() ? "{{" : ", {{") + name + "}}";
    }
    entry.not_mapped = names + " not mapped on this machine";
  }
}

void
fill_from_local(CatalogEntry& entry, const LocalSession& local, FactsCache& cache,
                const SyncSetup& setup)
{
  const LocalFacts facts = cache.facts(local);
  entry.local = true;
  entry.file = local.transcript;
  entry.bytes = facts.bytes;
  entry.lines = facts.lines;
  entry.mapped = true;
  entry.not_mapped.clear();
  if (!facts.cwd.empty()) {
    entry.project = facts.cwd;
  }
  if (entry.title.empty() || !entry.in_repository) {
    entry.title = facts.title;
  }
  // The local copy may be ahead of the repository's: its own last line is the news.
  entry.last_activity = std::max(entry.last_activity, facts.last_activity);
  if (entry.last_edited_by.empty()) {
    entry.last_edited_by = setup.machine_id;
  }
}

} // namespace

std::vector<CatalogEntry>
build_catalog(const Snapshot& snapshot, const SyncSetup& setup,
              const std::vector<lock::LockRecord>& locks)
{
  std::map<std::string, CatalogEntry> entries;
  for (const auto& id : list_session_ids(snapshot)) {
    const auto text = snapshot.read(meta_path(id));
    if (const auto meta = text ? parse_meta(*text) : std::nullopt) {
      CatalogEntry& entry = entries[id];
      entry.id = id;
      fill_from_meta(entry, *meta, setup);
    }
  }
  FactsCache cache(setup.ccsync_home / "catalog-cache.json");
  const json forks = read_object_file(setup.ccsync_home / "forks.json");
  for (const auto& local : find_local_sessions(setup.claude_dir)) {
    CatalogEntry& entry = entries[local.id];
    entry.id = local.id;
    fill_from_local(entry, local, cache, setup);
    if (forks.contains(local.id) && forks[local.id].is_string()) {
      entry.forked_from = forks[local.id].get<std::string>();
    }
  }
  cache.save();
  for (const auto& record : locks) {
    if (const auto it = entries.find(record.session_id); it != entries.end() && record.held) {
      it->second.lock = record;
    }
  }
  SharingPolicy sharing(setup, snapshot);
  std::vector<CatalogEntry> list;
  list.reserve(entries.size());
  for (auto& [id, entry] : entries) {
    entry.in_sync_directories = entry.mapped && is_under_any(entry.project, setup.sync_directories);
    entry.sharing = sharing.judge(id, entry.mapped ? entry.project : "");
    list.push_back(std::move(entry));
  }
  std::stable_sort(list.begin(), list.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
    return a.last_activity > b.last_activity;
  });
  return list;
}

Choice
match_id_prefix(const std::vector<CatalogEntry>& entries, std::string_view prefix)
{
  std::vector<std::string> ids;
  ids.reserve(entries.size());
  for (const auto& entry : entries) {
    ids.push_back(entry.id);
  }
  return match_id_prefix(ids, prefix);
}

Choice
match_id_prefix(const std::vector<std::string>& ids, std::string_view prefix)
{
  Choice choice;
  if (prefix.empty()) {
    return choice;
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == prefix) {
      return {IdMatch::unique, {i}};
    }
    if (std::string_view(ids[i]).starts_with(prefix)) {
      choice.candidates.push_back(i);
    }
  }
  choice.match = choice.candidates.empty()       ? IdMatch::none
                 : choice.candidates.size() == 1 ? IdMatch::unique
                                                 : IdMatch::ambiguous;
  return choice;
}

std::optional<std::size_t>
latest_entry(const std::vector<CatalogEntry>& entries)
{
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].mapped && (!best || entries[i].last_activity > entries[*best].last_activity)) {
      best = i;
    }
  }
  return best;
}

} // namespace ccsync::sync
