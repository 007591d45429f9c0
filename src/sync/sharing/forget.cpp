// Planning a forget against one snapshot (called again when the push is retried).
#include "sync/sharing/forget.hpp"

#include "sync/store/session_store.hpp"
#include "util/text.hpp"

#include <map>
#include <set>

namespace ccsync::sync {

bool
is_within_project(std::string_view project, std::string_view root)
{
  while (root.size() > 1 && root.back() == '/') {
    root.remove_suffix(1);
  }
  return !root.empty() && project.starts_with(root) &&
         (project.size() == root.size() || project[root.size()] == '/');
}

ForgetPlan
plan_forget(const Snapshot& snapshot, const ForgetTarget& target, const std::string& machine_id)
{
  ForgetPlan plan;
  std::map<std::string, SessionMeta> metas;
  for (const auto& id : list_session_ids(snapshot)) {
    const auto text = snapshot.read(meta_path(id));
    metas[id] = (text ? parse_meta(*text) : std::nullopt).value_or(SessionMeta{});
  }
  // A session's forks hold copies of its lines: they go with it (and their forks with them).
  std::set<std::string> chosen;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [id, meta] : metas) {
      const bool wanted = target.project.empty()
                            ? id == target.session_id || chosen.contains(meta.forked_from)
                            : is_within_project(meta.project, target.project);
      if (wanted && chosen.insert(id).second) {
        plan.sessions.push_back({id, meta.project});
        plan.changes.emplace_back(session_dir(id), std::nullopt);
        grew = true;
      }
    }
  }
  // A session forgotten before its first push is recorded too: a machine that has a copy must
  // not send it later.
  std::vector<ForgottenSession> recorded = plan.sessions;
  if (!target.session_id.empty() && recorded.empty()) {
    recorded.push_back({target.session_id, ""});
  }
  if (!target.project.empty()) {
    for (const auto& encoded : snapshot.list("memory")) {
      const auto key = snapshot.folder_text("memory", encoded);
      if (key && is_within_project(*key, target.project)) {
        plan.memory.push_back(*key);
        plan.changes.emplace_back("memory/" + encoded, std::nullopt);
      }
    }
  }
  if (auto record = forgotten_change(snapshot, recorded, {}, machine_id)) {
    plan.changes.push_back(std::move(*record));
  }
  return plan;
}

} // namespace ccsync::sync
