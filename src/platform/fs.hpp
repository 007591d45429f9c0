// File-system primitives: owned descriptors, atomic writes, kernel file locks.
// Every write of a state file goes through write_file_atomic: temp file, fsync, rename, so a crash
// leaves either the old or the new content, never half of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ccsync::platform {

// A move-only owner of a POSIX file descriptor.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(Fd&& other) noexcept : m_fd(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int get() const noexcept { return m_fd; }
  explicit operator bool() const noexcept { return m_fd >= 0; }
  int release() noexcept;

private:
  int m_fd = -1;
};

// The whole content of `path`, or nothing when it does not exist. Other failures throw Error{io}.
std::optional<std::string> read_file(const std::filesystem::path& path);

// Up to `length` bytes of `path` from `offset` (fewer at the end of the file); Error{io} when it
// cannot be read.
std::string read_range(const std::filesystem::path& path, std::uint64_t offset,
                       std::uint64_t length);

// Writes `content` to `path` atomically with permissions `mode`, creating parent directories.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       unsigned mode = 0600);

// Creates `path` and its parents with permissions `mode` where they are missing.
void ensure_dir(const std::filesystem::path& path, unsigned mode = 0700);

// `bytes` random bytes as lowercase hex, from the kernel's generator.
std::string random_hex(std::size_t bytes);

// An exclusive flock(2) on a lock file, released by the destructor (and by the kernel when the
// process dies, so a crash never leaves a stale lock behind).
class FileLock {
public:
  // Waits up to `timeout` for the lock; nothing when it is still held by another process then.
  static std::optional<FileLock> acquire(const std::filesystem::path& path,
                                         std::chrono::milliseconds timeout);

private:
  explicit FileLock(Fd fd) : m_fd(std::move(fd)) {}
  Fd m_fd;
};

} // namespace ccsync::platform
