// Backups of replaced local files, pruned to the newest k_backups_kept.
#include "sync/local/backups.hpp"

#include "platform/fs.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <vector>

namespace ccsync::sync {
namespace fs = std::filesystem;

void
prune_backups(const fs::path& ccsync_home)
{
  const fs::path backups = ccsync_home / "backups";
  std::vector<fs::path> entries;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(backups, error)) {
    entries.push_back(entry.path());
  }
  std::sort(entries.begin(), entries.end()); // names start with a UTC time stamp
  for (std::size_t i = 0; i + k_backups_kept < entries.size(); ++i) {
    fs::remove_all(entries[i], error);
  }
}

void
back_up(const fs::path& ccsync_home, const fs::path& source, const std::string& label)
{
  if (!fs::exists(source)) {
    return;
  }
  const fs::path backups = ccsync_home / "backups";
  platform::ensure_dir(backups);
  const fs::path target =
    backups / (util::format_epoch(util::now_epoch()) + "-" + label + "-" + platform::random_hex(3));
  fs::copy(source, target, fs::copy_options::recursive); // throws: never replace unsaved
}

} // namespace ccsync::sync
