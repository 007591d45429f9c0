// File-system primitives: owned descriptors, atomic writes, kernel file locks.
// Every write of a state file goes through write_file_atomic: temp file, fsync, rename, so a crash
// leaves either the old or the new content, never half of it.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
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

// What a file was when ccsync decided to write it (lstat: a symbolic link is itself): absent, or
// its type, device, inode, size and mtime. A write into Claude's directory lands only while its
// target still is what the decision saw, as git refuses to overwrite a file whose stat changed
// since it read the index: Claude Code may have appended to it meanwhile.
struct FileState {
  bool exists = false;
  unsigned type = 0; // the S_IFMT bits of st_mode
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;

  bool regular() const noexcept;
  bool operator==(const FileState&) const = default;
};

// The state of `path` now: absent when it (or a folder above it) does not exist; Error{io} when it
// cannot be looked at.
FileState file_state(const std::filesystem::path& path);

// How an AtomicFile's bytes reach its target: renamed over it (or into its place), or appended to
// it in place (for a file another process may hold open: Claude Code's transcripts).
enum class Landing { replace, append };

// A file written atomically, piece by piece: bytes go to a temporary file beside `path`
// ("<name>.tmp-<pid>-<8 hex>") with exactly the permissions `mode` (the umask does not apply;
// missing parent directories are created 0700); commit() flushes, fsyncs and renames it into place
// (or, while a WriteBatch lives, hands it to the batch). Destroyed without commit() (an error, an
// exception), it removes the temporary file: nothing half-written ever appears under `path`.
// With Landing::append, commit() appends the bytes to `path` instead (opened O_APPEND, in writes
// that end at line ends) and fsyncs it; `path` must then be a regular file and be expected.
class AtomicFile {
public:
  AtomicFile(std::filesystem::path path, unsigned mode, Landing landing = Landing::replace);
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
  // The file lands only while `path` still is `seen` (checked right before the rename or the
  // append); else `path` is left alone.
  void
  expect(const FileState& seen)
  {
    m_seen = seen;
  }
  // False when `path` changed since it was seen and was left alone; in a batch, true (the batch
  // checks at finish()).
  bool commit();

private:
  void flush();
  void set_temp_mtime();

  std::filesystem::path m_path;
  std::filesystem::path m_temp;
  Landing m_landing;
  Fd m_fd;
  std::string m_buffer;
  std::optional<std::int64_t> m_mtime;
  std::optional<FileState> m_seen;
  bool m_committed = false;
};

// A file's removal that happens only while it still is `seen` (in the active batch at its
// finish(), else at once); false when it changed and was left alone.
bool remove_file_if_unchanged(const std::filesystem::path& path, const FileState& seen);

// One file a write batch puts in place at finish(): `temp` renamed over `path` or appended to it,
// or `path` removed; only while `path` still is `seen`, when that is given.
struct PendingWrite {
  enum class Step { rename, append, remove };
  Step step = Step::rename;
  std::filesystem::path temp;
  std::filesystem::path path;
  std::optional<FileState> seen;
  std::optional<std::int64_t> mtime; // of an appended file, afterwards (seconds)
  std::string group;                 // files of one group land together (BatchGroup)
};

// A file (or a group of files) a write batch left alone.
struct LeftAlone {
  std::string group;
  std::filesystem::path path; // the file that changed since it was seen (empty when withheld)
  bool withheld = false;      // finish() was told to leave the group alone
};

// Many atomic files made durable together. While a batch lives (on this thread), AtomicFile's
// commit() writes and closes the temporary file and leaves the rest to finish(): one syncfs per
// file system they are on (an fsync each when they are few), then every rename or append, in the
// order of the commits, then an fsync of each directory (and of each file appended to) once. The
// guarantee is AtomicFile's (a file is its old or its new content, durable before it replaces the
// old one, and files replace theirs in the order they were committed), for the price of a few
// flushes instead of two per file. Files committed under one BatchGroup land together: finish()
// checks that every target of the group still is what was seen, right before the group lands,
// and each one again right before its own rename; a group whose target changed is left alone
// (new files it had put in place are removed again). Until finish(), the new contents are not in
// place; destroyed without finish(), the batch removes its temporary files and every file keeps
// its old content.
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

  void add(PendingWrite write);
  // Forgets the files of `group` committed so far (their temporary files are removed).
  void discard(const std::string& group);
  // Makes every file durable and puts it in place, but those of the groups `withheld` names (it
  // is asked once the files are durable, right before the first one lands) and of the groups
  // whose targets changed since they were seen: those are returned, one entry per group. Error{io}
  // when writing fails (the files not yet put in place keep their old contents).
  std::vector<LeftAlone> finish(const std::function<std::set<std::string>()>& withheld = {});

private:
  friend class BatchGroup;
  std::vector<LeftAlone> withhold(const std::set<std::string>& groups);

  WriteBatch* m_outer;
  std::vector<PendingWrite> m_files;
  std::string m_group; // of the files committed now
  bool m_finished = false;
};

// While it lives, the files committed into the active batch (if any) form the group `label`.
class BatchGroup {
public:
  explicit BatchGroup(std::string label);
  BatchGroup(const BatchGroup&) = delete;
  BatchGroup& operator=(const BatchGroup&) = delete;
  BatchGroup(BatchGroup&&) = delete;
  BatchGroup& operator=(BatchGroup&&) = delete;
  ~BatchGroup();

private:
  WriteBatch* m_batch;
  std::string m_outer;
};

// Writes `content` to `path` atomically with permissions `mode`, creating parent directories.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       unsigned mode = 0600);
// The same, only while `path` still is `seen` (AtomicFile::expect); false when it was left alone.
bool write_file_atomic(const std::filesystem::path& path, std::string_view content, unsigned mode,
                       const FileState& seen);

// What the name of a file says about it being a temporary file of AtomicFile / write_file_atomic:
// "x.tmp-<writer pid>-<8 hex>", or "x.tmp-<12 hex>" as earlier versions named them (no writer).
struct TempName {
  bool temporary = false;
  long writer = 0; // the pid of the process that writes it; 0 when the name does not say
};
TempName parse_atomic_temp_name(std::string_view name);
bool is_atomic_temp_name(std::string_view name);

// True when `file` is a temporary file whose writer is provably gone: the process its name
// names is not alive, or (a name of an earlier version) it is older than a day. A temporary file
// of a live writer (the daemon writing its state, say) is never taken for a leftover.
bool is_abandoned_temp_file(const std::filesystem::path& file);

// Creates `path` and its parents with permissions `mode` where they are missing.
void ensure_dir(const std::filesystem::path& path, unsigned mode = 0700);

// The entries of directory `dir`: none when it is missing or cannot be read, and those listed so
// far when reading it fails midway. Never throws: the listing uses std::filesystem's
// error_code overloads, as every caller of std::filesystem in the engine does (one folder that
// cannot be read must not stop a whole push or pull). Ask an entry's type with the
// error_code overloads too (`entry.is_directory(error)`).
std::vector<std::filesystem::directory_entry> list_dir(const std::filesystem::path& dir);

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
  // The lock is on the file `path` names when it is taken: one removed or replaced meanwhile (by
  // remove_file) is opened again, so a removed lock file never locks anything.
  static std::optional<FileLock> acquire(const std::filesystem::path& path,
                                         std::chrono::milliseconds timeout);

  // Removes the lock file while the lock is held (it is released when this object goes): for a
  // lock of something that is over, whose file would otherwise stay forever.
  void remove_file() const noexcept;

private:
  FileLock(Fd fd, std::filesystem::path path)
      : m_fd(std::move(fd))
      , m_path(std::move(path))
  {}
  Fd m_fd;
  std::filesystem::path m_path;
};

} // namespace ccsync::platform
