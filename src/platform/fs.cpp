// POSIX implementations of the file-system primitives.
#include "platform/fs.hpp"

#include "platform/fs_io.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

namespace ccsync::platform {
namespace fs = std::filesystem;

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
  std::error_code error;
  if (path.empty() || fs::is_directory(path, error)) {
    return;
  }
  ensure_dir(path.parent_path(), mode);
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
    throw io_error("creating directory", path, errno);
  }
}

std::vector<fs::directory_entry>
list_dir(const fs::path& dir)
{
  std::vector<fs::directory_entry> entries;
  std::error_code error;
  for (auto it = fs::directory_iterator(dir, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    entries.push_back(*it);
  }
  return entries;
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
  std::error_code unknown;                      // an entry whose type cannot be told is left alone
  for (const auto& entry : list_dir(git_dir)) { // packed-refs, HEAD, FETCH_HEAD...
    if (entry.path().extension() == ".lock" && entry.is_regular_file(unknown) &&
        entry.path().filename() != "ccsync-push.lock") {
      removed.push_back(entry.path());
    }
  }
  auto it = fs::recursive_directory_iterator(git_dir / "refs", error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->path().extension() == ".lock" && it->is_regular_file(unknown)) {
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
    if (temporary && object->is_regular_file(unknown)) {
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

namespace {

// True when `path` still names the file open as `fd`.
bool
names_same_file(int fd, const fs::path& path)
{
  struct stat open_file {};
  struct stat named {};
  return ::fstat(fd, &open_file) == 0 && ::stat(path.c_str(), &named) == 0 &&
         open_file.st_dev == named.st_dev && open_file.st_ino == named.st_ino;
}

} // namespace

std::optional<FileLock>
FileLock::acquire(const fs::path& path, std::chrono::milliseconds timeout)
{
  ensure_dir(path.parent_path());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd) {
      throw io_error("opening lock file", path, errno);
    }
    while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        throw io_error("locking", path, errno);
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return std::nullopt;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (names_same_file(fd.get(), path)) {
      return FileLock(std::move(fd), path);
    } // else the holder removed the file before releasing it: lock the file there now
  }
}

void
FileLock::remove_file() const noexcept
{
  ::unlink(m_path.c_str());
}

} // namespace ccsync::platform
