// repository-view.json: read and written without the repository.
#include "sync/local/repository_view.hpp"

#include "platform/fs.hpp"
#include "sync/local/state.hpp"

#include <nlohmann/json.hpp>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path
view_file(const fs::path& ccsync_home)
{
  return ccsync_home / "repository-view.json";
}

std::string
text_of(const json& j, const char* key)
{
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::size_t
count_of(const json& j, const char* key)
{
  const auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

json
to_json(const RepositoryView& view)
{
  json machines = json::array();
  for (const auto& m : view.machines) {
    machines.push_back({{"machine_id", m.machine_id},
                        {"os", m.os},
                        {"hostname", m.hostname},
                        {"registered_at", m.registered_at}});
  }
  return {{"head", view.head_commit ? json{{"commit", *view.head_commit},
                                           {"summary", view.head_summary},
                                           {"time", view.head_time}}
                                    : json(nullptr)},
          {"machines", machines},
          {"sessions", view.sessions},
          {"never_pushed", view.never_pushed},
          {"outside_sync_directories", view.outside},
          {"encrypted", view.encrypted}};
}

} // namespace

std::optional<RepositoryView>
read_repository_view(const fs::path& ccsync_home)
{
  const auto text = platform::read_file(view_file(ccsync_home));
  const json j = text ? json::parse(*text, nullptr, false) : json();
  if (!j.is_object()) {
    return std::nullopt;
  }
  RepositoryView view;
  if (const auto head = j.find("head"); head != j.end() && head->is_object()) {
    view.head_commit = text_of(*head, "commit");
    view.head_summary = text_of(*head, "summary");
    view.head_time = text_of(*head, "time");
  }
  if (const auto machines = j.find("machines"); machines != j.end() && machines->is_array()) {
    for (const auto& m : *machines) {
      if (m.is_object()) {
        view.machines.push_back({text_of(m, "machine_id"), text_of(m, "os"), text_of(m, "hostname"),
                                 text_of(m, "registered_at")});
      }
    }
  }
  view.sessions = count_of(j, "sessions");
  view.never_pushed = count_of(j, "never_pushed");
  view.outside = count_of(j, "outside_sync_directories");
  const auto encrypted = j.find("encrypted");
  view.encrypted = encrypted != j.end() && encrypted->is_boolean() && encrypted->get<bool>();
  return view;
}

void
write_repository_view(const fs::path& ccsync_home, RepositoryView view,
                      std::optional<PushCounts> counts)
{
  if (!counts) {
    const auto old = read_repository_view(ccsync_home);
    counts = old ? PushCounts{old->never_pushed, old->outside} : PushCounts{};
  }
  view.never_pushed = counts->never_pushed;
  view.outside = counts->outside;
  platform::write_file_atomic(view_file(ccsync_home), to_json(view).dump(2) + "\n", 0600);
}

} // namespace ccsync::sync
