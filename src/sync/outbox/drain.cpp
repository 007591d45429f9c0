// Draining the outbox: its pushes in one push, then its releases.
#include "sync/outbox/drain.hpp"

#include "sync/local/local_sessions.hpp"
#include "sync/repo/session_locks.hpp"
#include "sync/repo/sync_repo.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

bool
due(const OutboxItem& item, const DrainOptions& options)
{
  if (!options.ignore_backoff && item.next_attempt_at > options.now) {
    return false;
  }
  return item.kind != WorkKind::push || options.ignore_backoff ||
         item.enqueued_at + options.push_delay <= options.now;
}

// The pushes of `items` in one push; returns the sessions whose push is done.
std::set<std::string>
drain_pushes(SyncRepo& repo, const SyncSetup& setup, const std::vector<OutboxItem>& items,
             const DrainOptions& options, DrainResult& result)
{
  PushRequest request;
  request.only_sync_directories = true;
  for (const auto& item : items) {
    request.ids.insert(item.session_id);
  }
  std::set<std::string> pushed;
  if (request.ids.empty()) {
    return pushed;
  }
  try {
    repo.refresh();
    const PushReport report = push_sessions(repo, setup, request);
    std::map<std::string, std::string> held;
    for (const auto& s : report.skipped) {
      if (is_held_back(s.outcome)) {
        held[s.id] = to_string(s.outcome) + (s.detail.empty() ? "" : ": " + s.detail);
      }
    }
    for (const auto& item : items) {
      if (const auto reason = held.find(item.session_id); reason != held.end()) {
        Outbox::failed(item, reason->second, options.now);
        ++result.failed;
      } else {
        Outbox::done(item);
        pushed.insert(item.session_id);
        ++result.done;
      }
    }
  } catch (const Error& e) {
    spdlog::warn("outbox: push of {} failed: {}", util::counted(items.size(), "session"), e.what());
    for (const auto& item : items) {
      Outbox::failed(item, e.what(), options.now);
      ++result.failed;
    }
  }
  return pushed;
}

void
drain_releases(SyncRepo& repo, const SyncSetup& setup, const std::vector<OutboxItem>& items,
               const DrainOptions& options, DrainResult& result)
{
  for (const auto& item : items) {
    // Another Claude Code process here still runs the session (resumed in a second terminal):
    // the lock stays, or the first exit would release it under the second Claude. The worker
    // follows that process (hook/worker.cpp), or its next hook starts one.
    if (const auto other = other_session_process(setup.claude_dir, item.session_id, item.pid)) {
      spdlog::info("outbox: lock of {} kept: Claude Code process {} on this machine still runs it",
                   item.session_id, *other);
      Outbox::done(item);
      ++result.done;
      continue;
    }
    try {
      release_if_held_by(repo, item.session_id, setup.machine_id, item.pid);
      Outbox::done(item);
      ++result.done;
    } catch (const Error& e) {
      spdlog::warn("outbox: releasing the lock of {} failed: {}", item.session_id, e.what());
      Outbox::failed(item, e.what(), options.now);
      ++result.failed;
    }
  }
}

} // namespace

DrainResult
drain_outbox(SyncRepo& repo, const SyncSetup& setup, const Outbox& outbox,
             const DrainOptions& options)
{
  DrainResult result;
  outbox.recover();
  std::vector<OutboxItem> pushes;
  std::vector<OutboxItem> releases;
  std::set<std::string> push_waiting;
  for (auto& item : outbox.items()) {
    const bool ready = due(item, options);
    if (item.kind == WorkKind::push && !ready) {
      push_waiting.insert(item.session_id);
    }
    if (!ready) {
      ++result.waiting;
    } else if (Outbox::claim(item)) {
      (item.kind == WorkKind::push ? pushes : releases).push_back(std::move(item));
    }
  }
  const std::set<std::string> pushed = drain_pushes(repo, setup, pushes, options, result);
  std::vector<OutboxItem> ready_releases;
  for (auto& item : releases) {
    const bool push_failed = std::any_of(pushes.begin(), pushes.end(), [&](const OutboxItem& p) {
      return p.session_id == item.session_id && !pushed.contains(p.session_id);
    });
    if (push_waiting.contains(item.session_id) || push_failed) {
      Outbox::put_back(item); // its last lines go first
      ++result.waiting;
    } else {
      ready_releases.push_back(std::move(item));
    }
  }
  drain_releases(repo, setup, ready_releases, options, result);
  if (result.done + result.failed > 0) {
    spdlog::info("outbox: {} done, {} failed, {} waiting", result.done, result.failed,
                 result.waiting);
  }
  return result;
}

} // namespace ccsync::sync
