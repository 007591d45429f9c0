// File-system primitives: owned descriptors, atomic writes, kernel file locks.
// Every write of a state file goes through write_file_atomic: temp file, fsync, rename, so a crash
// leaves either the old or the new content, never half of it.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::platform {

// A move-only owner of a POSIX file descriptor.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd)
      : m_fd(fd)
  {}
  Fd(Fd&& other) noexcept
      : m_fd(other.release())
  {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int
  get() const noexcept
  {
    return m_fd;
  }
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

// A file written atomically, piece by piece: bytes go to a temporary file beside `path`
// ("<name>.tmp-<12 hex>") with exactly the permissions `mode` (the umask does not apply; missing
// parent directories are created 0700); commit() flushes, fsyncs and renames it into place (or,
// while a WriteBatch lives, hands it to the batch). Destroyed without commit() (an error, an
// exception), it removes the temporary file: nothing half-written ever appears under `path`.
class AtomicFile {
public:
  AtomicFile(std::filesystem::path path, unsigned mode);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&&) = delete;
  AtomicFile& operator=(AtomicFile&&) = delete;
  ~AtomicFile();

  void write(std::string_view bytes);
  // Appends the first `length` bytes of `file` (a kernel-side copy where possible).
  void copy_from(const std::filesystem::path& file, std::uint64_t length);
  // The file's mtime once committed (seconds since the epoch); else the time of writing.
  void
  set_mtime(std::int64_t seconds)
  {
    m_mtime = seconds;
  }
  void commit();

private:
  void flush();

  std::filesystem::path m_path;
  std::filesystem::path m_temp;
  Fd m_fd;
  std::string m_buffer;
  std::optional<std::int64_t> m_mtime;
  bool m_committed = false;
};

// Many atomic files made durable together. While a batch lives (on this thread), AtomicFile's
// commit() writes and closes the temporary file and leaves the rest to finish(): one syncfs per
// file system they are on (an fsync each when they are few), then every rename, in the order of the
// commits, then an fsync of each directory once. The guarantee is AtomicFile's (a file is its old
// or its new content, durable before it replaces the old one, and files replace theirs in the order
// they were committed), for the price of a few flushes instead of two per file. Until finish(), the
// new contents are not in place; destroyed without finish(), the batch removes its temporary
// files and every file keeps its old content.
class WriteBatch {
public:
  WriteBatch();
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;
  WriteBatch(WriteBatch&&) = delete;
  WriteBatch& operator=(WriteBatch&&) = delete;
  ~WriteBatch();

  // The batch commits go to on this thread, or null.
  static WriteBatch* active() noexcept;

  void add(std::filesystem::path temp, std::filesystem::path path);
  // Makes every file durable and puts it in place; Error{io} when that fails (the files not yet
  // renamed keep their old contents).
  void finish();

private:
  struct Pending {
    std::filesystem::path temp;
    std::filesystem::path path;
  };
  WriteBatch* m_outer;
  std::vector<Pending> m_files;
  bool m_finished = false;
};

// Writes `content` to `path` atomically with permissions `mode`, creating parent directories.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       unsigned mode = 0600);

// True for the name of a temporary file of AtomicFile / write_file_atomic ("x.tmp-<12 hex>").
bool is_atomic_temp_name(std::string_view name);

// Creates `path` and its parents with permissions `mode` where they are missing.
void ensure_dir(const std::filesystem::path& path, unsigned mode = 0700);

// `bytes` random bytes as lowercase hex, from the kernel's generator.
std::string random_hex(std::size_t bytes);

// Removes the lock files git leaves when a process dies while it updates refs (`refs/**.lock`,
// and `packed-refs.lock`, `FETCH_HEAD.lock`, ... at the top, and half-written packs and objects
// under `objects/`) in the git directory `git_dir`,
// and returns their paths. Only for a repository that the caller provably holds alone (under
// ccsync's own kernel lock): there, such a file can only be left over from a killed process.
// Scan::refs looks at the top of the git directory and walks refs/ (where a lock file would make
// every later fetch or push fail); Scan::all also walks objects/ (every loose object's folder),
// for the temporary files of a killed transfer.
enum class Scan { refs, all };
std::vector<std::filesystem::path> remove_git_lock_files(const std::filesystem::path& git_dir,
                                                         Scan scan = Scan::all);

// A small file that says "busy" while this object lives and "idle" once it is destroyed. Made
// where it does not say "idle" (missing, or "busy"), it tells that the last process that used it
// did not end normally (it was killed), or that none ever did.
class UsageMark {
public:
  explicit UsageMark(std::filesystem::path path);
  UsageMark(UsageMark&& other) noexcept;
  UsageMark& operator=(UsageMark&& other) noexcept;
  UsageMark(const UsageMark&) = delete;
  UsageMark& operator=(const UsageMark&) = delete;
  ~UsageMark();

  bool
  was_interrupted() const noexcept
  {
    return m_interrupted;
  }

private:
  void leave() noexcept;

  std::filesystem::path m_path;
  bool m_interrupted = true;
};

// Blocks SIGINT, SIGTERM and SIGHUP while it lives (a step that must not be cut in half: a ref
// update); a signal that arrived meanwhile takes effect when it ends.
class SignalBlock {
public:
  SignalBlock();
  SignalBlock(const SignalBlock&) = delete;
  SignalBlock& operator=(const SignalBlock&) = delete;
  SignalBlock(SignalBlock&&) = delete;
  SignalBlock& operator=(SignalBlock&&) = delete;
  ~SignalBlock();

private:
  sigset_t m_saved{}; // the mask before
};

// An exclusive flock(2) on a lock file, released by the destructor (and by the kernel when the
// process dies, so a crash never leaves a stale lock behind).
class FileLock {
public:
  // Waits up to `timeout` for the lock; nothing when it is still held by another process then.
  static std::optional<FileLock> acquire(const std::filesystem::path& path,
                                         std::chrono::milliseconds timeout);

private:
  explicit FileLock(Fd fd)
      : m_fd(std::move(fd))
  {}
  Fd m_fd;
};

} // namespace ccsync::platform
