// Atomic files: written beside their target, made durable, renamed into place (or appended to
// it), only while the target still is what was seen. Batches of them are write_batch.cpp's.
#include "platform/fs.hpp"
#include "platform/fs_io.hpp"
#include "platform/landing.hpp"
#include "platform/process.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace ccsync::platform {
namespace fs = std::filesystem;

namespace {

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

AtomicFile::AtomicFile(fs::path path, unsigned mode, Landing landing)
    : m_path(std::move(path))
    , m_temp(m_path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + random_hex(4))
    , m_landing(landing)
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
AtomicFile::set_temp_mtime()
{
  if (m_mtime && m_landing == Landing::replace) {
    const timespec times[2] = {{static_cast<time_t>(*m_mtime), 0},
                               {static_cast<time_t>(*m_mtime), 0}};
    ::futimens(m_fd.get(), times); // a time is a nicety: a file without it is still right
  }
}

bool
AtomicFile::commit()
{
  flush();
  set_temp_mtime();
  const bool append = m_landing == Landing::append;
  PendingWrite write{append ? PendingWrite::Step::append : PendingWrite::Step::rename,
                     m_temp,
                     m_path,
                     m_seen,
                     append ? m_mtime : std::nullopt,
                     {}};
  if (WriteBatch* batch = WriteBatch::active()) {
    m_fd = Fd();
    batch->add(std::move(write));
    m_committed = true;
    return true;
  }
  if (!append && ::fsync(m_fd.get()) != 0) {
    throw io_error("flushing", m_temp, errno);
  }
  m_fd = Fd();
  const bool landed = land(write);
  m_committed = landed;
  if (landed && append) {
    make_durable({m_path});
  } else if (landed) {
    fsync_dir(m_path.parent_path());
  }
  return landed;
}

void
write_file_atomic(const fs::path& path, std::string_view content, unsigned mode)
{
  AtomicFile file(path, mode);
  file.write(content);
  file.commit();
}

bool
write_file_atomic(const fs::path& path, std::string_view content, unsigned mode,
                  const FileState& seen)
{
  AtomicFile file(path, mode);
  file.expect(seen);
  file.write(content);
  return file.commit();
}

namespace {

bool
is_lower_hex(std::string_view text)
{
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool
is_decimal(std::string_view text)
{
  return !text.empty() && text.size() <= 10 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

TempName
parse_atomic_temp_name(std::string_view name)
{
  constexpr std::string_view marker = ".tmp-";
  const std::size_t at = name.rfind(marker);
  if (at == std::string_view::npos || at == 0) {
    return {};
  }
  const std::string_view tail = name.substr(at + marker.size());
  const std::size_t dash = tail.find('-');
  if (dash == std::string_view::npos) { // earlier versions: "x.tmp-<12 hex>", no writer named
    return {tail.size() == 12 && is_lower_hex(tail), 0};
  }
  const std::string_view pid = tail.substr(0, dash);
  const std::string_view hex = tail.substr(dash + 1);
  if (!is_decimal(pid) || hex.size() != 8 || !is_lower_hex(hex)) {
    return {};
  }
  return {true, std::stol(std::string(pid))};
}

bool
is_atomic_temp_name(std::string_view name)
{
  return parse_atomic_temp_name(name).temporary;
}

bool
is_abandoned_temp_file(const fs::path& file)
{
  const TempName name = parse_atomic_temp_name(file.filename().string());
  if (!name.temporary) {
    return false;
  }
  if (name.writer != 0) {
    return !process_alive(name.writer, 0);
  }
  std::error_code error;
  const auto written = fs::last_write_time(file, error);
  return !error && fs::file_time_type::clock::now() - written > std::chrono::hours(24);
}

} // namespace ccsync::platform
