// push: plan each local session against the remote's newest state, then commit the changed
// files in one commit (inside a SharedRepo edit transaction, so a rejected push re-plans).
#include "paths/realpath.hpp"
#include "paths/uncovered.hpp"
#include "platform/fs.hpp"
#include "sync/engine.hpp"
#include "sync/local_sessions.hpp"
#include "sync/session_store.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <sys/stat.h>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

bool
starts_with(std::string_view text, std::string_view prefix)
{
  return text.substr(0, prefix.size()) == prefix;
}

bool
under_any(const std::string& cwd, const std::vector<std::string>& dirs)
{
  return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) {
    const std::string base = dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1)
                                                                 : dir;
    return cwd == base || starts_with(cwd, base == "/" ? base : base + "/");
  });
}

std::optional<std::string>
remote_transcript(const Snapshot& snapshot, const SessionMeta& meta)
{
  std::string content;
  for (const auto& chunk : meta.chunks) {
    const auto piece = snapshot.read(chunk_path(meta.session_id, chunk.name));
    if (!piece) {
      return std::nullopt;
    }
    content += *piece;
  }
  return content;
}

std::map<std::string, std::string>
load_forks(const fs::path& ccsync_home)
{
  const auto text = platform::read_file(ccsync_home / "forks.json");
  const auto j = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  std::map<std::string, std::string> forks;
  if (j.is_object()) {
    for (const auto& [id, origin] : j.items()) {
      if (origin.is_string()) {
        forks[id] = origin.get<std::string>();
      }
    }
  }
  return forks;
}

std::string
mtime_of(const fs::path& file)
{
  struct stat info {};
  return ::stat(file.c_str(), &info) == 0 ? util::format_epoch(info.st_mtime) : "";
}

struct Plan {
  SessionReport report;
  std::vector<git::Change> changes;
  bool skip = false;
};

// What the transcript's remote copy says about pushing `translated`: "" = push, else why not.
std::string
verdict(const std::optional<std::string>& remote, const std::optional<SessionMeta>& meta,
        const std::string& translated, const std::string& machine_id, std::string& action)
{
  if (!remote) {
    action = "new";
    return "";
  }
  if (*remote == translated) {
    action = "unchanged";
    return "";
  }
  if (starts_with(translated, *remote)) {
    action = "appended";
    return "";
  }
  if (starts_with(*remote, translated)) {
    return "the remote copy is ahead; run 'ccsync pull'";
  }
  if (meta && meta->last_edited_by == machine_id) {
    action = "replaced tail";
    return "";
  }
  return "diverged from " + (meta ? meta->last_edited_by : std::string("another machine")) +
         "'s copy; run 'ccsync pull' to keep both as separate sessions";
}

void
add_if_changed(const Snapshot& snapshot, const std::string& path, std::string content,
               std::vector<git::Change>& changes)
{
  if (snapshot.read(path) != content) {
    changes.push_back({path, std::move(content)});
  }
}

Plan
plan_session(const Snapshot& snapshot, const LocalSession& local, const std::string& content,
             const std::string& cwd, const SyncSetup& setup,
             const std::map<std::string, std::string>& forks)
{
  const paths::Placeholders& placeholders = *setup.placeholders;
  Plan plan;
  plan.report.id = local.id;
  const std::string translated = placeholders.translate(content);
  const auto meta_text = snapshot.read(meta_path(local.id));
  const auto old_meta = meta_text ? parse_meta(*meta_text) : std::nullopt;
  const auto remote = old_meta ? remote_transcript(snapshot, *old_meta) : std::nullopt;
  const std::string why_not = verdict(remote, old_meta, translated, setup.machine_id,
                                      plan.report.action);
  if (!why_not.empty()) {
    plan.report.detail = why_not;
    plan.skip = true;
    return plan;
  }
  std::vector<std::string_view> pieces;
  SessionMeta meta;
  meta.session_id = local.id;
  meta.project = placeholders.portable_path(cwd);
  meta.title = placeholders.translate(transcript_title(content));
  meta.created_by = old_meta ? old_meta->created_by : setup.machine_id;
  meta.last_edited_by = setup.machine_id;
  meta.last_activity = last_timestamp(content);
  meta.last_activity = meta.last_activity.empty() ? mtime_of(local.transcript) : meta.last_activity;
  meta.chunks = cut_chunks(translated, pieces);
  meta.bytes = translated.size();
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    meta.lines += meta.chunks[i].lines;
    add_if_changed(snapshot, chunk_path(local.id, meta.chunks[i].name), std::string(pieces[i]),
                   plan.changes);
  }
  for (std::size_t i = pieces.size(); old_meta && i < old_meta->chunks.size(); ++i) {
    plan.changes.push_back({chunk_path(local.id, old_meta->chunks[i].name), std::nullopt});
  }
  meta.files = sidecar_files(local.sidecar_dir);
  for (const auto& file : meta.files) {
    const auto text = platform::read_file(local.sidecar_dir / file);
    if (text && text->size() <= k_max_file_bytes) {
      add_if_changed(snapshot, sidecar_path(local.id, file), placeholders.translate(*text),
                     plan.changes);
    }
  }
  if (const auto origin = forks.find(local.id); origin != forks.end()) {
    meta.forked_from = origin->second;
  }
  if (plan.changes.empty() && old_meta && old_meta->files == meta.files) {
    plan.skip = true; // nothing new: leave meta (and last_edited_by) as it is
    return plan;
  }
  plan.changes.push_back({meta_path(local.id), to_json(meta)});
  plan.report.lines = meta.lines;
  plan.report.bytes = meta.bytes;
  return plan;
}

} // namespace

paths::Placeholders
make_placeholders(const std::string& home, const std::map<std::string, std::string>& mappings)
{
  paths::Profile profile(paths::Os::posix, home, paths::real_path(home).value_or(""));
  for (const auto& [name, path] : mappings) {
    profile.set(name, path, paths::real_path(path).value_or(""));
  }
  return paths::Placeholders(std::move(profile));
}

PushReport
push_sessions(SharedRepo& repo, const SyncSetup& setup, const PushRequest& request)
{
  const auto forks = load_forks(setup.ccsync_home);
  struct Candidate {
    LocalSession session;
    std::string content;
    std::string cwd;
  };
  std::vector<Candidate> candidates;
  PushReport report;
  for (auto& local : find_local_sessions(setup.claude_dir)) {
    if (!request.ids.empty() && request.ids.count(local.id) == 0) {
      continue;
    }
    auto content = platform::read_file(local.transcript);
    const auto cwd = content ? transcript_cwd(*content, local.project_dir) : std::nullopt;
    if (!cwd) {
      report.skipped.push_back({local.id, "skipped", 0, 0, "no working directory in it"});
    } else if (request.ids.empty() && !under_any(*cwd, setup.sync_directories)) {
      continue; // selective sync: not under a sync directory
    } else {
      candidates.push_back({std::move(local), std::move(*content), *cwd});
    }
  }
  const auto plan_all = [&](const Snapshot& snapshot) {
    std::vector<git::Change> changes;
    report.changed.clear();
    std::vector<SessionReport> skipped;
    for (const auto& c : candidates) {
      Plan plan = plan_session(snapshot, c.session, c.content, c.cwd, setup, forks);
      if (plan.skip) {
        if (!plan.report.detail.empty()) {
          skipped.push_back(plan.report);
        }
        continue;
      }
      report.changed.push_back(plan.report);
      changes.insert(changes.end(), plan.changes.begin(), plan.changes.end());
    }
    report.skipped.insert(report.skipped.end(), skipped.begin(), skipped.end());
    return changes;
  };
  if (request.dry_run) {
    repo.refresh();
    plan_all(repo.current());
    paths::UncoveredReport uncovered;
    for (const auto& c : candidates) {
      paths::find_uncovered(*setup.placeholders, c.content, uncovered);
    }
    for (const auto& entry : uncovered.entries()) {
      report.uncovered_paths.insert(entry.path);
    }
    return report;
  }
  const std::size_t first_skips = report.skipped.size();
  const auto result = repo.edit("push from " + setup.machine_id, [&](const Snapshot& snapshot) {
    report.skipped.resize(first_skips);
    return plan_all(snapshot);
  });
  report.commit = result.commit;
  return report;
}

} // namespace ccsync::sync
