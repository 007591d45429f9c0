// POSIX implementations of the file-system primitives.
#include "platform/fs.hpp"

#include "util/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

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
    const ssize_t n = ::pread(fd.get(), content.data() + got, length - got,
                              static_cast<off_t>(offset + got));
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

void
write_file_atomic(const fs::path& path, std::string_view content, unsigned mode)
{
  ensure_dir(path.parent_path());
  const fs::path temp = path.string() + ".tmp-" + random_hex(6);
  {
    const Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!fd) {
      throw io_error("creating", temp, errno);
    }
    try {
      write_all(fd.get(), content, temp);
      if (::fsync(fd.get()) != 0) {
        throw io_error("flushing", temp, errno);
      }
    } catch (...) {
      ::unlink(temp.c_str());
      throw;
    }
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw io_error("replacing", path, err);
  }
  fsync_dir(path.parent_path());
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
