// The sharing facts in the repository, and the policy built from them (the marks on this
// machine are marks.cpp).
#include "sync/sharing/sharing_state.hpp"

#include "paths/placeholders.hpp"
#include "platform/fs.hpp"
#include "sync/local/state.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json
read_forgotten(const Snapshot& snapshot)
{
  const auto text = snapshot.read(k_forgotten_file);
  json object = text ? json::parse(*text, nullptr, false) : json::object();
  if (!object.is_object()) {
    spdlog::warn("the repository's {} is damaged; ignoring it", k_forgotten_file);
    return json::object();
  }
  return object;
}

} // namespace

std::set<std::string>
forgotten_ids(const Snapshot& snapshot)
{
  std::set<std::string> ids;
  const json file = read_forgotten(snapshot); // outlives items()
  for (const auto& item : file.items()) {
    ids.insert(item.key());
  }
  return ids;
}

std::optional<git::Change>
forgotten_change(const Snapshot& snapshot, const std::vector<ForgottenSession>& add,
                 const std::set<std::string>& lift, const std::string& machine_id)
{
  const json before = read_forgotten(snapshot);
  json after = before;
  const std::string now = util::format_utc(util::now());
  for (const auto& session : add) {
    if (!after.contains(session.id)) {
      after[session.id] = {{"by", machine_id}, {"at", now}, {"project", session.project}};
    }
  }
  for (const auto& id : lift) {
    after.erase(id);
  }
  if (after == before) {
    return std::nullopt;
  }
  if (after.empty()) {
    return git::Change(k_forgotten_file, std::nullopt);
  }
  return git::Change(k_forgotten_file, after.dump(2) + "\n");
}

SharingPolicy::SharingPolicy(const SyncSetup& setup, const Snapshot& snapshot)
    : m_placeholders(*setup.placeholders)
{
  m_rules.exclude = expand_excludes(setup.exclude, m_placeholders);
  m_rules.local_ids = load_local_ids(setup.ccsync_home);
  m_rules.forgotten_ids = forgotten_ids(snapshot);
}

Sharing
SharingPolicy::judge(const std::string& id, const std::string& cwd)
{
  ProjectFacts facts;
  facts.cwd = cwd;
  if (!cwd.empty()) {
    facts.portable = m_placeholders.portable_path(cwd);
    const auto known = m_ignore_files.find(cwd);
    facts.ignore_file =
      known != m_ignore_files.end() ? known->second : (m_ignore_files[cwd] = has_ignore_file(cwd));
  }
  return decide_sharing(m_rules, id, facts);
}

void
SharingPolicy::refresh_forgotten(const Snapshot& snapshot)
{
  m_rules.forgotten_ids = forgotten_ids(snapshot);
}

} // namespace ccsync::sync
