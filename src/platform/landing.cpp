// Pending writes reaching their targets: the check that a target still is what was seen, right
// before a rename, an append in place or a removal; and making files durable.
#include "platform/landing.hpp"

#include "platform/fs_io.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

namespace ccsync::platform {
namespace fs = std::filesystem;

namespace {

FileState
state_of(const struct stat& info)
{
  return {true,
          static_cast<unsigned>(info.st_mode & S_IFMT),
          static_cast<std::uint64_t>(info.st_dev),
          static_cast<std::uint64_t>(info.st_ino),
          static_cast<std::uint64_t>(info.st_size),
          std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec};
}

// Reads up to `room` bytes of `fd` into `to`; 0 at its end.
std::size_t
read_some(int fd, char* to, std::size_t room, const fs::path& file)
{
  for (;;) {
    const ssize_t n = ::read(fd, to, room);
    if (n >= 0) {
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) {
      throw io_error("reading", file, errno);
    }
  }
}

// Appends all of `from` to `to` (opened O_APPEND) in writes that each end at a line end, so that
// another process appending whole lines meanwhile puts them between ours, never inside one. The
// buffer grows to hold the longest line.
void
append_lines(int from, int to, const fs::path& source, const fs::path& target)
{
  std::string buffer(std::size_t{1} << 20, '\0');
  std::size_t filled = 0;
  for (;;) {
    if (filled == buffer.size()) {
      buffer.resize(buffer.size() * 2); // a line longer than the buffer
    }
    const std::size_t n = read_some(from, buffer.data() + filled, buffer.size() - filled, source);
    if (n == 0) {
      write_all(to, std::string_view(buffer.data(), filled), target);
      return;
    }
    filled += n;
    const std::size_t newline = std::string_view(buffer.data(), filled).rfind('\n');
    if (newline == std::string_view::npos) {
      continue;
    }
    write_all(to, std::string_view(buffer.data(), newline + 1), target);
    std::memmove(buffer.data(), buffer.data() + newline + 1, filled - newline - 1);
    filled -= newline + 1;
  }
}

void
set_mtime(int fd, std::int64_t seconds)
{
  const timespec times[2] = {{static_cast<time_t>(seconds), 0}, {static_cast<time_t>(seconds), 0}};
  ::futimens(fd, times); // a time is a nicety: a file without it is still right
}

// Appends the temporary file to the target, opened without following a link, if the opened file
// is the one seen (same device and inode, same size and mtime). Only whole lines are written.
bool
append_if_unchanged(const PendingWrite& write)
{
  const Fd target(
    ::open(write.path.c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!target) {
    if (errno == ENOENT || errno == ELOOP || errno == ENXIO) {
      return false;
    }
    throw io_error("opening", write.path, errno);
  }
  struct stat info {};
  if (::fstat(target.get(), &info) != 0) {
    throw io_error("looking at", write.path, errno);
  }
  if (!S_ISREG(info.st_mode) || (write.seen && state_of(info) != *write.seen)) {
    return false;
  }
  const Fd source(::open(write.temp.c_str(), O_RDONLY | O_CLOEXEC));
  if (!source) {
    throw io_error("opening", write.temp, errno);
  }
  append_lines(source.get(), target.get(), write.temp, write.path);
  if (write.mtime) {
    set_mtime(target.get(), *write.mtime);
  }
  return true;
}

// Renames the temporary file over the target if the target still is what was seen. A target seen
// absent is never replaced: renameat2's RENAME_NOREPLACE, where the file system has it.
bool
rename_if_unchanged(const PendingWrite& write)
{
  if (write.seen && !write.seen->exists) {
    if (::renameat2(AT_FDCWD, write.temp.c_str(), AT_FDCWD, write.path.c_str(), RENAME_NOREPLACE) ==
        0) {
      return true;
    }
    if (errno == EEXIST) {
      return false;
    }
    if (errno != EINVAL && errno != ENOSYS) {
      throw io_error("creating", write.path, errno);
    }
  }
  if (!still_as_seen(write)) {
    return false;
  }
  if (::rename(write.temp.c_str(), write.path.c_str()) != 0) {
    throw io_error("replacing", write.path, errno);
  }
  return true;
}

bool
remove_if_unchanged(const PendingWrite& write)
{
  if (!still_as_seen(write)) {
    return false;
  }
  if (::unlink(write.path.c_str()) != 0 && errno != ENOENT) {
    throw io_error("removing", write.path, errno);
  }
  return true;
}

void
fsync_file(const fs::path& file)
{
  const Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd || ::fsync(fd.get()) != 0) {
    throw io_error("flushing", file, errno);
  }
}

// A syncfs of the file system `file` is on, unless `synced` holds it already.
void
sync_file_system_once(const fs::path& file, std::set<std::uint64_t>& synced)
{
  if (!synced.insert(file_state(file).device).second) {
    return;
  }
  const Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd || ::syncfs(fd.get()) != 0) {
    throw io_error("flushing", file.parent_path(), errno);
  }
}

// Up to this many files, an fsync each flushes less than a syncfs of the whole file system.
constexpr std::size_t k_fsync_each_up_to = 16;

} // namespace

bool
FileState::regular() const noexcept
{
  return exists && type == S_IFREG;
}

FileState
file_state(const fs::path& path)
{
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return {};
    }
    throw io_error("looking at", path, errno);
  }
  return state_of(info);
}

bool
still_as_seen(const PendingWrite& write)
{
  return !write.seen || file_state(write.path) == *write.seen;
}

bool
land(const PendingWrite& write)
{
  switch (write.step) {
  case PendingWrite::Step::rename: return rename_if_unchanged(write);
  case PendingWrite::Step::remove: return remove_if_unchanged(write);
  case PendingWrite::Step::append: break;
  }
  const bool landed = append_if_unchanged(write);
  ::unlink(write.temp.c_str());
  return landed;
}

void
make_durable(const std::vector<fs::path>& files)
{
  std::set<std::uint64_t> synced;
  for (const auto& file : files) {
    if (files.size() <= k_fsync_each_up_to) {
      fsync_file(file);
    } else {
      sync_file_system_once(file, synced);
    }
  }
}

void
fsync_dir(const fs::path& dir)
{
  const Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd) {
    ::fsync(fd.get()); // best effort: some file systems refuse fsync on directories
  }
}

} // namespace ccsync::platform
