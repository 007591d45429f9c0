// Outbox items on disk (draining them is drain.cpp).
#include "sync/outbox/outbox.hpp"

#include "lock/lock_record.hpp"
#include "platform/fs.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view k_taken_suffix = ".taken";

const char*
kind_name(WorkKind kind)
{
  return kind == WorkKind::push ? "push" : "release";
}

std::optional<OutboxItem>
parse_item(const std::string& text, const fs::path& file)
{
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("session_id") || !j["session_id"].is_string()) {
    return std::nullopt;
  }
  OutboxItem item;
  const std::string kind = j.value("kind", "");
  if (kind != "push" && kind != "release") {
    return std::nullopt;
  }
  item.kind = kind == "push" ? WorkKind::push : WorkKind::release;
  item.session_id = j["session_id"].get<std::string>();
  // Numbers bounded by their use (a damaged or hostile file may say anything): pids and counts
  // fit an int, times lie between 1970 and about the year 36,000.
  const auto number = [&](const char* key, std::int64_t most) {
    const std::int64_t value =
      j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : 0;
    return std::clamp<std::int64_t>(value, 0, most);
  };
  constexpr std::int64_t k_latest = std::int64_t{1} << 40;
  item.pid = static_cast<long>(number("pid", std::numeric_limits<int>::max()));
  item.enqueued_at = number("enqueued_at", k_latest);
  item.attempts = static_cast<int>(number("attempts", 1000));
  item.next_attempt_at = number("next_attempt_at", k_latest);
  item.last_error = j.value("last_error", "");
  item.file = file;
  if (!lock::is_valid_session_id(item.session_id)) {
    return std::nullopt;
  }
  return item;
}

std::string
to_text(const OutboxItem& item)
{
  const json j = {{"kind", kind_name(item.kind)},
                  {"session_id", item.session_id},
                  {"pid", item.pid},
                  {"enqueued_at", item.enqueued_at},
                  {"attempts", item.attempts},
                  {"next_attempt_at", item.next_attempt_at},
                  {"last_error", item.last_error}};
  return j.dump() + "\n";
}

// Two releases of one session for different processes of this machine (resume and a hook's
// worker, say) become one for any process of this machine.
void
widen_release(const fs::path& file, long pid)
{
  const auto text = platform::read_file(file);
  auto item = text ? parse_item(*text, file) : std::nullopt;
  if (item && item->kind == WorkKind::release && item->pid != 0 && item->pid != pid) {
    item->pid = 0;
    platform::write_file_atomic(file, to_text(*item), 0600);
  }
}

} // namespace

Outbox::Outbox(const fs::path& ccsync_home)
    : m_dir(ccsync_home / "outbox")
{}

fs::path
Outbox::file_for(WorkKind kind, const std::string& session_id) const
{
  return m_dir / (std::string(kind_name(kind)) + "-" + session_id + ".json");
}

void
Outbox::enqueue(WorkKind kind, const std::string& session_id, long pid) const
{
  if (!lock::is_valid_session_id(session_id)) {
    throw Error(ErrorKind::usage, "'" + session_id + "' is not a session id");
  }
  const fs::path file = file_for(kind, session_id);
  std::error_code error;
  if (fs::exists(file, error)) {
    if (kind == WorkKind::release) {
      widen_release(file, pid);
    }
    return; // the same work waits already
  }
  OutboxItem item;
  item.kind = kind;
  item.session_id = session_id;
  item.pid = pid;
  item.enqueued_at = util::now_epoch();
  platform::ensure_dir(m_dir);
  platform::write_file_atomic(file, to_text(item), 0600);
}

std::vector<OutboxItem>
Outbox::items() const
{
  std::vector<OutboxItem> items;
  std::error_code error;
  for (const auto& entry : platform::list_dir(m_dir)) {
    if (entry.path().extension() != ".json" || !entry.is_regular_file(error)) {
      continue; // temporary files of a write in progress (or interrupted) are not items
    }
    const auto text = platform::read_file(entry.path());
    auto item = text ? parse_item(*text, entry.path()) : std::nullopt;
    if (!item) {
      spdlog::warn("outbox item {} is damaged; removed", entry.path().string());
      fs::remove(entry.path(), error);
      continue;
    }
    items.push_back(std::move(*item));
  }
  std::sort(items.begin(), items.end(),
            [](const OutboxItem& a, const OutboxItem& b) { return a.enqueued_at < b.enqueued_at; });
  return items;
}

bool
Outbox::has(WorkKind kind, const std::string& session_id) const
{
  const fs::path file = file_for(kind, session_id);
  std::error_code error;
  return fs::exists(file, error) || fs::exists(file.string() + std::string(k_taken_suffix), error);
}

void
Outbox::done(const OutboxItem& item)
{
  std::error_code error;
  fs::remove(item.file, error);
}

namespace {

fs::path
queued_name(const fs::path& file)
{
  const std::string name = file.string();
  return name.ends_with(k_taken_suffix)
           ? fs::path(name.substr(0, name.size() - k_taken_suffix.size()))
           : file;
}

} // namespace

bool
Outbox::claim(OutboxItem& item)
{
  const fs::path taken = item.file.string() + std::string(k_taken_suffix);
  std::error_code error;
  fs::rename(item.file, taken, error);
  if (error) {
    return false;
  }
  item.file = taken;
  return true;
}

void
Outbox::put_back(const OutboxItem& item)
{
  const fs::path& taken = item.file;
  std::error_code ignored;
  if (fs::exists(queued_name(taken), ignored)) {
    fs::remove(taken, ignored); // the same request was made again meanwhile: that one stays
  } else {
    fs::rename(taken, queued_name(taken), ignored);
  }
}

void
Outbox::recover() const
{
  for (const auto& entry : platform::list_dir(m_dir)) {
    if (entry.path().string().ends_with(k_taken_suffix)) {
      OutboxItem item;
      item.file = entry.path();
      put_back(item);
    }
  }
}

void
Outbox::failed(OutboxItem item, const std::string& error, std::int64_t now)
{
  item.attempts = std::clamp(item.attempts, 0, 1000) + 1; // a damaged file may say anything
  const std::int64_t wait =
    std::min<std::int64_t>(600, std::int64_t{5} << std::clamp(item.attempts - 1, 0, 7));
  item.next_attempt_at = now + wait;
  item.last_error = error;
  const fs::path claimed = item.file;
  const fs::path queued = queued_name(claimed);
  std::error_code ignored;
  if (claimed == queued || !fs::exists(queued, ignored)) {
    platform::write_file_atomic(queued, to_text(item), 0600);
  }
  if (claimed != queued) {
    fs::remove(claimed, ignored);
  }
}

OutboxStatus
Outbox::status() const
{
  OutboxStatus status;
  std::int64_t last_failure = 0;
  for (const auto& item : items()) {
    ++status.depth;
    status.oldest =
      status.oldest == 0 ? item.enqueued_at : std::min(status.oldest, item.enqueued_at);
    if (!item.last_error.empty() && item.next_attempt_at >= last_failure) {
      last_failure = item.next_attempt_at;
      status.last_error = item.last_error;
    }
  }
  return status;
}

} // namespace ccsync::sync
