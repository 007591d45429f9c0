// POSIX implementations of the file-system primitives.
#include "platform/fs.hpp"

#include "util/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <thread>
#include <utility>

namespace ccsync::platform {
namespace fs = std::filesystem;

namespace {

Error
io_error(const std::string& activity, const fs::path& path, int err)
{
  return Error(ErrorKind::io, activity + " '" + path.string() + "': " + std::strerror(err));
}

void
write_all(int fd, std::string_view content, const fs::path& path)
{
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw io_error("writing", path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
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

Fd&
Fd::operator=(Fd&& other) noexcept
{
  if (this != &other) {
    const Fd previous(release()); // closed when it goes out of scope
    m_fd = other.release();
  }
  return *this;
}

Fd::~Fd()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

int
Fd::release() noexcept
{
  const int fd = m_fd;
  m_fd = -1;
  return fd;
}

std::optional<std::string>
read_file(const fs::path& path)
{
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) {
      return std::nullopt;
    }
    throw io_error("opening", path, errno);
  }
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) {
      return content;
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw io_error("reading", path, errno);
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string
read_range(const fs::path& path, std::uint64_t offset, std::uint64_t length)
{
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    throw io_error("opening", path, errno);
  }
  std::string content(length, '\0');
  std::size_t got = 0;
  while (got < length) {
    const ssize_t n =
      ::pread(fd.get(), content.data() + got, length - got, static_cast<off_t>(offset + got));
    if (n == 0) {
      break;
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw io_error("reading", path, errno);
    }
    got += static_cast<std::size_t>(n);
  }
  content.resize(got);
  return content;
}

void
ensure_dir(const fs::path& path, unsigned mode)
{
  if (path.empty() || fs::is_directory(path)) {
    return;
  }
  ensure_dir(path.parent_path(), mode);
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
    throw io_error("creating directory", path, errno);
  }
}

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
  if (m_files.size() <= k_fsync_each_up_to) {
    for (const auto& file : m_files) {
      fsync_file(file.temp);
    }
  } else {
    std::set<dev_t> synced; // one syncfs per file system the files are on
    for (const auto& file : m_files) {
      struct stat info {};
      if (::stat(file.temp.c_str(), &info) != 0) {
        throw io_error("flushing", file.temp, errno);
      }
      if (synced.insert(info.st_dev).second) {
        const Fd fd(::open(file.temp.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd || ::syncfs(fd.get()) != 0) {
          throw io_error("flushing", file.temp.parent_path(), errno);
        }
      }
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

std::string
random_hex(std::size_t bytes)
{
  std::string raw(bytes, '\0');
  const Fd fd(::open("/dev/urandom", O_RDONLY | O_CLOEXEC));
  if (!fd || ::read(fd.get(), raw.data(), bytes) != static_cast<ssize_t>(bytes)) {
    throw Error(ErrorKind::io, "reading /dev/urandom failed");
  }
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string hex;
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    hex += k_digits[byte >> 4U];
    hex += k_digits[byte & 0xFU];
  }
  return hex;
}

std::vector<fs::path>
remove_git_lock_files(const fs::path& git_dir, Scan scan)
{
  std::vector<fs::path> removed;
  std::error_code error;
  for (const auto& entry :
       fs::directory_iterator(git_dir, error)) { // packed-refs, HEAD, FETCH_HEAD...
    if (entry.path().extension() == ".lock" && entry.is_regular_file() &&
        entry.path().filename() != "ccsync-push.lock") {
      removed.push_back(entry.path());
    }
  }
  auto it = fs::recursive_directory_iterator(git_dir / "refs", error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->path().extension() == ".lock" && it->is_regular_file()) {
      removed.push_back(it->path());
    }
  }
  // Half-written packs and objects (libgit2's and git's temporary names): a killed transfer's
  // leftovers, as large as the transfer was (wasted space, not a wedge).
  error.clear();
  if (scan == Scan::refs) {
    for (const auto& file : removed) {
      fs::remove(file, error);
    }
    return removed;
  }
  auto object = fs::recursive_directory_iterator(git_dir / "objects", error);
  for (; !error && object != fs::recursive_directory_iterator(); object.increment(error)) {
    const std::string name = object->path().filename().string();
    const bool temporary = name.starts_with("pack_git2_") || name.starts_with("tmp_pack_") ||
                           name.starts_with("tmp_object_git2_") || name.starts_with("tmp_obj_") ||
                           object->path().extension() == ".lock";
    if (temporary && object->is_regular_file()) {
      removed.push_back(object->path());
    }
  }
  for (const auto& file : removed) {
    fs::remove(file, error);
  }
  return removed;
}

namespace {

constexpr std::string_view k_idle = "idle\n";
constexpr std::string_view k_busy = "busy\n";

void
overwrite(const fs::path& path, std::string_view text)
{
  const Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd) {
    throw io_error("writing", path, errno);
  }
  write_all(fd.get(), text, path);
}

} // namespace

UsageMark::UsageMark(fs::path path)
    : m_path(std::move(path))
    , m_interrupted(read_file(m_path) != k_idle)
{
  overwrite(m_path, k_busy);
}

UsageMark::UsageMark(UsageMark&& other) noexcept
    : m_path(std::exchange(other.m_path, fs::path()))
    , m_interrupted(other.m_interrupted)
{}

UsageMark&
UsageMark::operator=(UsageMark&& other) noexcept
{
  if (this != &other) {
    leave();
    m_path = std::exchange(other.m_path, fs::path());
    m_interrupted = other.m_interrupted;
  }
  return *this;
}

UsageMark::~UsageMark()
{
  leave();
}

void
UsageMark::leave() noexcept
{
  if (m_path.empty()) {
    return;
  }
  try {
    overwrite(m_path, k_idle);
  } catch (const Error&) { // NOLINT(bugprone-empty-catch): the next user scans, nothing worse
  }
}

SignalBlock::SignalBlock()
{
  sigset_t block;
  sigemptyset(&block);
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    sigaddset(&block, signal);
  }
  ::sigprocmask(SIG_BLOCK, &block, &m_saved);
}

SignalBlock::~SignalBlock()
{
  ::sigprocmask(SIG_SETMASK, &m_saved, nullptr);
}

std::optional<FileLock>
FileLock::acquire(const fs::path& path, std::chrono::milliseconds timeout)
{
  ensure_dir(path.parent_path());
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) {
    throw io_error("opening lock file", path, errno);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      throw io_error("locking", path, errno);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return FileLock(std::move(fd));
}

} // namespace ccsync::platform
