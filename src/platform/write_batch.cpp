// Write batches: many atomic files made durable together, put in place group by group, each
// group only while its targets still are what was seen.
#include "platform/fs.hpp"
#include "platform/landing.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <map>
#include <utility>

namespace ccsync::platform {
namespace fs = std::filesystem;

namespace {

// The batch a write joins is the one open on its thread, found by the atomic writes deep below
// without passing it down.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
thread_local WriteBatch* g_active_batch = nullptr;

bool
has_temp(const PendingWrite& write)
{
  return write.step != PendingWrite::Step::remove;
}

void
remove_temp(const PendingWrite& write)
{
  if (has_temp(write)) {
    ::unlink(write.temp.c_str());
  }
}

// A file the write created where nothing was: taking it back loses nothing.
bool
created(const PendingWrite& write)
{
  return write.step == PendingWrite::Step::rename && write.seen && !write.seen->exists;
}

// The files of `files`, by group, in the order each group was first committed; a file of no
// group is a group of its own.
std::vector<std::vector<const PendingWrite*>>
by_group(const std::vector<PendingWrite>& files)
{
  std::vector<std::vector<const PendingWrite*>> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& file : files) {
    if (file.group.empty()) {
      groups.push_back({&file});
      continue;
    }
    const auto [at, fresh] = index.emplace(file.group, groups.size());
    if (fresh) {
      groups.emplace_back();
    }
    groups[at->second].push_back(&file);
  }
  return groups;
}

// Takes back the files of a group put in place before one of its targets turned out changed:
// those it created; a replaced or extended file stays as it is now (logged).
void
take_back(const std::vector<const PendingWrite*>& landed)
{
  for (const PendingWrite* write : landed) {
    if (created(*write)) {
      ::unlink(write->path.c_str());
    } else {
      spdlog::warn("{} was written before another file of its group changed", write->path.string());
    }
  }
}

// What landing the groups leaves to do once: the files appended to (to flush) and the folders
// renamed into.
struct Landed {
  std::vector<fs::path> appended;
  std::set<fs::path> dirs;
};

// Puts a group's files in place when every target still is what was seen (checked for all of them
// first, then for each right before it lands); else the path of a target that changed.
std::optional<fs::path>
land_group(const std::vector<const PendingWrite*>& group, Landed& landed)
{
  const auto changed = std::find_if(
    group.begin(), group.end(), [](const PendingWrite* write) { return !still_as_seen(*write); });
  if (changed != group.end()) {
    std::for_each(group.begin(), group.end(), [](const PendingWrite* w) { remove_temp(*w); });
    return (*changed)->path;
  }
  for (auto it = group.begin(); it != group.end(); ++it) {
    if (!land(**it)) {
      take_back({group.begin(), it});
      std::for_each(it, group.end(), [](const PendingWrite* w) { remove_temp(*w); });
      return (*it)->path;
    }
    if ((*it)->step == PendingWrite::Step::append) {
      landed.appended.push_back((*it)->path);
    }
    landed.dirs.insert((*it)->path.parent_path());
  }
  return std::nullopt;
}

} // namespace

WriteBatch::WriteBatch()
    : m_outer(g_active_batch)
{
  g_active_batch = this;
}

WriteBatch::~WriteBatch()
{
  if (g_active_batch == this) {
    g_active_batch = m_outer;
  }
  if (!m_finished) {
    std::for_each(m_files.begin(), m_files.end(), remove_temp);
  }
}

WriteBatch*
WriteBatch::active() noexcept
{
  return g_active_batch;
}

void
WriteBatch::add(PendingWrite write)
{
  if (write.group.empty()) {
    write.group = m_group;
  }
  m_files.push_back(std::move(write));
}

void
WriteBatch::discard(const std::string& group)
{
  const auto from = std::stable_partition(m_files.begin(), m_files.end(),
                                          [&](const PendingWrite& w) { return w.group != group; });
  std::for_each(from, m_files.end(), remove_temp);
  m_files.erase(from, m_files.end());
}

std::vector<LeftAlone>
WriteBatch::finish(const std::function<std::set<std::string>()>& withheld)
{
  g_active_batch = m_outer; // what is committed from now on is not this batch's
  std::vector<fs::path> temps;
  for (const auto& file : m_files) {
    if (file.step == PendingWrite::Step::rename) {
      temps.push_back(file.temp);
    }
  }
  make_durable(temps);
  std::vector<LeftAlone> left =
    withhold(withheld && !m_files.empty() ? withheld() : std::set<std::string>());
  Landed landed;
  for (const auto& group : by_group(m_files)) {
    if (const auto changed = land_group(group, landed)) {
      spdlog::info("{} changed since it was read: left alone", changed->string());
      left.push_back({group.front()->group, *changed, false});
    }
  }
  m_finished = true;
  make_durable(landed.appended);
  std::for_each(landed.dirs.begin(), landed.dirs.end(), fsync_dir);
  return left;
}

std::vector<LeftAlone>
WriteBatch::withhold(const std::set<std::string>& groups)
{
  std::vector<LeftAlone> left;
  for (const auto& group : groups) {
    if (std::any_of(m_files.begin(), m_files.end(),
                    [&](const PendingWrite& w) { return w.group == group; })) {
      discard(group);
      left.push_back({group, {}, true});
    }
  }
  return left;
}

BatchGroup::BatchGroup(std::string label)
    : m_batch(WriteBatch::active())
{
  if (m_batch != nullptr) {
    m_outer = std::exchange(m_batch->m_group, std::move(label));
  }
}

BatchGroup::~BatchGroup()
{
  if (m_batch != nullptr) {
    m_batch->m_group = std::move(m_outer);
  }
}

bool
remove_file_if_unchanged(const fs::path& path, const FileState& seen)
{
  PendingWrite removal{PendingWrite::Step::remove, {}, path, seen, std::nullopt, {}};
  if (WriteBatch* batch = WriteBatch::active()) {
    batch->add(std::move(removal));
    return true;
  }
  return land(removal);
}

} // namespace ccsync::platform
