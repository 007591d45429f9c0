// Atomic files: written beside their target, made durable, renamed into place; and batches of
// them made durable together.
#include "platform/fs.hpp"
#include "platform/fs_io.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <utility>

namespace ccsync::platform {
namespace fs = std::filesystem;

namespace {

void
fsync_dir(const fs::path& dir)
{
  const Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd) {
    ::fsync(fd.get()); // best effort: some file systems refuse fsync on directories
  }
}

// Appends `length` bytes of `from` (at its offset) to `to` through a buffer (where
// copy_file_range cannot be used); fewer when `from` is shorter.
void
copy_by_reading(int from, int to, std::uint64_t length, const fs::path& source,
                const fs::path& target)
{
  std::string buffer(1 << 20, '\0');
  while (length > 0) {
    const ssize_t n =
      ::read(from, buffer.data(),
             static_cast<std::size_t>(std::min<std::uint64_t>(length, buffer.size())));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw io_error("reading", source, errno);
    }
    if (n == 0) {
      return;
    }
    write_all(to, std::string_view(buffer.data(), static_cast<std::size_t>(n)), target);
    length -= static_cast<std::uint64_t>(n);
  }
}

} // namespace

AtomicFile::AtomicFile(fs::path path, unsigned mode)
    : m_path(std::move(path))
    , m_temp(m_path.string() + ".tmp-" + random_hex(6))
{
  ensure_dir(m_path.parent_path());
  m_fd = Fd(::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (!m_fd) {
    throw io_error("creating", m_temp, errno);
  }
  // open() applies the umask; the file gets exactly `mode` (a file rewritten keeps its mode).
  if (::fchmod(m_fd.get(), static_cast<mode_t>(mode)) != 0) {
    const int err = errno;
    ::unlink(m_temp.c_str());
    throw io_error("setting the mode of", m_temp, err);
  }
}

AtomicFile::~AtomicFile()
{
  if (!m_committed) {
    ::unlink(m_temp.c_str());
  }
}

void
AtomicFile::flush()
{
  write_all(m_fd.get(), m_buffer, m_temp);
  m_buffer.clear();
}

void
AtomicFile::write(std::string_view bytes)
{
  constexpr std::size_t k_buffer_bytes = 1 << 20;
  if (m_buffer.size() + bytes.size() > k_buffer_bytes) {
    flush();
  }
  if (bytes.size() > k_buffer_bytes) {
    write_all(m_fd.get(), bytes, m_temp);
    return;
  }
  m_buffer.append(bytes);
}

void
AtomicFile::copy_from(const fs::path& file, std::uint64_t length)
{
  flush();
  const Fd source(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!source) {
    throw io_error("opening", file, errno);
  }
  while (length > 0) {
    const ssize_t n = ::copy_file_range(source.get(), nullptr, m_fd.get(), nullptr,
                                        static_cast<std::size_t>(length), 0);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      if (n < 0 && errno != EXDEV && errno != ENOSYS && errno != EINVAL) {
        throw io_error("copying", file, errno);
      }
      copy_by_reading(source.get(), m_fd.get(), length, file, m_temp);
      return;
    }
    length -= static_cast<std::uint64_t>(n);
  }
}

void
AtomicFile::commit()
{
  flush();
  if (m_mtime) {
    const timespec times[2] = {{static_cast<time_t>(*m_mtime), 0},
                               {static_cast<time_t>(*m_mtime), 0}};
    ::futimens(m_fd.get(), times); // a time is a nicety: a file without it is still right
  }
  if (WriteBatch* batch = WriteBatch::active()) {
    m_fd = Fd();
    batch->add(m_temp, m_path);
    m_committed = true;
    return;
  }
  if (::fsync(m_fd.get()) != 0) {
    throw io_error("flushing", m_temp, errno);
  }
  m_fd = Fd();
  if (::rename(m_temp.c_str(), m_path.c_str()) != 0) {
    throw io_error("replacing", m_path, errno);
  }
  m_committed = true;
  fsync_dir(m_path.parent_path());
}

namespace {

// The batch that commits on this thread join (WriteBatch::active).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): per thread, by design
thread_local WriteBatch* g_active_batch = nullptr;

// Up to this many files, an fsync each flushes less than a syncfs of the whole file system.
constexpr std::size_t k_fsync_each_up_to = 16;

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
sync_file_system_once(const fs::path& file, std::set<dev_t>& synced)
{
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) {
    throw io_error("flushing", file, errno);
  }
  if (!synced.insert(info.st_dev).second) {
    return;
  }
  const Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd || ::syncfs(fd.get()) != 0) {
    throw io_error("flushing", file.parent_path(), errno);
  }
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
    for (const auto& file : m_files) {
      ::unlink(file.temp.c_str());
    }
  }
}

WriteBatch*
WriteBatch::active() noexcept
{
  return g_active_batch;
}

void
WriteBatch::add(fs::path temp, fs::path path)
{
  m_files.push_back({std::move(temp), std::move(path)});
}

void
WriteBatch::finish()
{
  g_active_batch = m_outer; // what is committed from now on is not this batch's
  std::set<dev_t> synced;
  for (const auto& file : m_files) {
    if (m_files.size() <= k_fsync_each_up_to) {
      fsync_file(file.temp);
    } else {
      sync_file_system_once(file.temp, synced);
    }
  }
  std::set<fs::path> dirs;
  for (const auto& file : m_files) {
    if (::rename(file.temp.c_str(), file.path.c_str()) != 0) {
      throw io_error("replacing", file.path, errno);
    }
    dirs.insert(file.path.parent_path());
  }
  m_finished = true;
  for (const auto& dir : dirs) {
    fsync_dir(dir);
  }
}

void
write_file_atomic(const fs::path& path, std::string_view content, unsigned mode)
{
  AtomicFile file(path, mode);
  file.write(content);
  file.commit();
}

bool
is_atomic_temp_name(std::string_view name)
{
  constexpr std::string_view marker = ".tmp-";
  const std::size_t at = name.rfind(marker);
  if (at == std::string_view::npos || at == 0 || name.size() - at - marker.size() != 12) {
    return false;
  }
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(at + marker.size()), name.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace ccsync::platform
