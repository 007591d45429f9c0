// Backups of replaced local files, pruned to the newest k_backups_kept.
#include "sync/local/backups.hpp"

#include "platform/fs.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
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
  for (const auto& entry : platform::list_dir(backups)) {
    entries.push_back(entry.path());
  }
  std::error_code error;
  std::sort(entries.begin(), entries.end()); // names start with a UTC time stamp
  for (std::size_t i = 0; i + k_backups_kept < entries.size(); ++i) {
    fs::remove_all(entries[i], error);
  }
}

void
back_up(const fs::path& ccsync_home, const fs::path& source, const std::string& label)
{
  std::error_code error;
  if (!fs::exists(source, error)) {
    return;
  }
  const fs::path backups = ccsync_home / "backups";
  platform::ensure_dir(backups);
  const fs::path target =
    backups / (util::format_epoch(util::now_epoch()) + "-" + label + "-" + platform::random_hex(3));
  fs::copy(source, target, fs::copy_options::recursive, error);
  if (error) { // never replace what could not be saved
    throw Error(ErrorKind::io, "backing up '" + source.string() + "': " + error.message());
  }
}

} // namespace ccsync::sync
