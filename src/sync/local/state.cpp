// state.json: small, rewritten atomically; a damaged file is treated as empty (it is a cache).
#include "sync/local/state.hpp"

#include "platform/fs.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace ccsync::sync {

SyncState
load_state(const std::filesystem::path& file)
{
  SyncState state;
  const auto text = platform::read_file(file);
  if (!text) {
    return state;
  }
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object()) {
    spdlog::warn("{} is damaged; starting it afresh", file.string());
    return state;
  }
  state.last_pull = json.value("last_pull", "");
  state.last_push = json.value("last_push", "");
  return state;
}

void
save_state(const std::filesystem::path& file, const SyncState& state)
{
  const nlohmann::json json = {{"last_pull", state.last_pull}, {"last_push", state.last_push}};
  platform::write_file_atomic(file, json.dump(2) + "\n");
}

void
record_event(const std::filesystem::path& file, Event event)
{
  SyncState state = load_state(file);
  const std::string now = util::format_utc(util::now());
  (event == Event::pull ? state.last_pull : state.last_push) = now;
  save_state(file, state);
}

nlohmann::json
read_object_file(const std::filesystem::path& file)
{
  const auto text = platform::read_file(file);
  auto object = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json::object();
  if (!object.is_object()) {
    spdlog::warn("{} is damaged; starting it afresh", file.string());
    return nlohmann::json::object();
  }
  return object;
}

void
set_object_entry(const std::filesystem::path& file, const std::string& key,
                 const nlohmann::json& value)
{
  nlohmann::json object = read_object_file(file);
  object[key] = value;
  platform::write_file_atomic(file, object.dump(2) + "\n", 0600);
}

} // namespace ccsync::sync
