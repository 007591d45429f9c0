// The sharing facts of this machine on disk: sessions marked local, .ccsync-ignore files. No
// repository here: the hooks ask these on their way in.
#include "sync/sharing/marks.hpp"

#include "platform/fs.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace ccsync::sync {
namespace fs = std::filesystem;
using nlohmann::json;

fs::path
local_ids_file(const fs::path& ccsync_home)
{
  return ccsync_home / "local-sessions.json";
}

namespace {

json
read_local_ids_file(const fs::path& file)
{
  const auto text = platform::read_file(file);
  if (!text) {
    return json::object();
  }
  json object = json::parse(*text, nullptr, false);
  if (!object.is_object()) {
    throw Error(ErrorKind::config, file.string() + " is damaged",
                "fix or remove it (it lists the sessions marked with 'ccsync local'), then mark "
                "them again");
  }
  return object;
}

} // namespace

std::set<std::string>
load_local_ids(const fs::path& ccsync_home)
{
  std::set<std::string> ids;
  const json file = read_local_ids_file(local_ids_file(ccsync_home)); // outlives items()
  for (const auto& item : file.items()) {
    ids.insert(item.key());
  }
  return ids;
}

bool
mark_local(const fs::path& ccsync_home, const std::string& id, bool local)
{
  const fs::path file = local_ids_file(ccsync_home);
  json object = read_local_ids_file(file);
  if (object.contains(id) == local) {
    return false;
  }
  if (local) {
    object[id] = util::format_utc(util::now());
  } else {
    object.erase(id);
  }
  platform::write_file_atomic(file, object.dump(2) + "\n", 0600);
  return true;
}

bool
has_ignore_file(const std::string& cwd)
{
  std::error_code error;
  for (fs::path dir = cwd; dir.has_relative_path(); dir = dir.parent_path()) {
    if (fs::exists(dir / k_ignore_file, error)) {
      return true;
    }
  }
  return false;
}

} // namespace ccsync::sync
