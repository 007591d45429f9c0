// The hooks' notices about trouble, and when to repeat them (see notice.hpp).
#include "hook/notice.hpp"

#include "platform/fs.hpp"
#include "sync/local/state.hpp"
#include "util/clock.hpp"

#include <nlohmann/json.hpp>

namespace ccsync::hook {
namespace {

constexpr std::int64_t k_repeat_after_seconds = 86400;

std::filesystem::path
notice_file(const platform::Dirs& dirs)
{
  return dirs.ccsync_home / "hook-notice.json";
}

std::filesystem::path
taken_over_file(const platform::Dirs& dirs, const std::string& session_id)
{
  return dirs.ccsync_home / "taken-over" / (session_id + ".txt");
}

} // namespace

std::optional<std::string>
outbox_notice(const sync::OutboxStatus& status)
{
  if (status.depth == 0 || status.last_error.empty()) {
    return std::nullopt;
  }
  return "ccsync: " + std::to_string(status.depth) + " queued item" +
         (status.depth == 1 ? "" : "s") + " (pushes, lock releases) could not be done yet (" +
         status.last_error + "); they are kept and done once the remote answers ('ccsync status').";
}

std::string
unreachable_notice(const std::string& error)
{
  return "ccsync: the sync remote did not answer (" + error +
         "); this session is kept here and pushed when it does.";
}

bool
say_once(const platform::Dirs& dirs, const std::string& notice)
{
  const nlohmann::json last = sync::read_object_file(notice_file(dirs));
  const std::int64_t now = util::now_epoch();
  if (last.value("text", "") == notice &&
      now - last.value("at", std::int64_t{0}) < k_repeat_after_seconds) {
    return false;
  }
  platform::write_file_atomic(notice_file(dirs),
                              nlohmann::json{{"text", notice}, {"at", now}}.dump() + "\n", 0600);
  return true;
}

void
note_taken_over(const platform::Dirs& dirs, const std::string& session_id,
                const std::string& holder)
{
  platform::write_file_atomic(taken_over_file(dirs, session_id),
                              "ccsync: this session was taken over: " + holder +
                                ". What you write here from now on is kept as a separate session "
                                "(a fork) when it is pushed.",
                              0600);
}

std::optional<std::string>
take_taken_over_notice(const platform::Dirs& dirs, const std::string& session_id)
{
  auto text = platform::read_file(taken_over_file(dirs, session_id));
  if (text) {
    forget_taken_over(dirs, session_id);
  }
  return text;
}

void
forget_taken_over(const platform::Dirs& dirs, const std::string& session_id)
{
  std::error_code ignored; // not there: nothing to forget (or another hook said it already)
  std::filesystem::remove(taken_over_file(dirs, session_id), ignored);
}

} // namespace ccsync::hook
