// ccsync's view of git: a bare local cache of the sync repository with one remote, "origin".
// Commits are built from a parent tree plus a list of file changes, without a working tree, so a
// commit costs what it changes and no half-edited working tree can exist.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsync::git {

// What the credentials callback may offer. The token never reaches a URL, config or log.
struct Credentials {
  std::optional<std::string> token;
  bool ssh_agent_available = false;
  std::filesystem::path ssh_key_file; // e.g. ~/.ssh/id_ed25519
};

// A file to write at a repository path ("dir/file.json"): its content, or the id of a blob
// already stored with write_blob; with neither, the file (or directory) is deleted. With `tree`,
// `blob` is the id of a tree (write_tree) that becomes the directory at `path`.
struct Change {
  Change(std::string at, std::optional<std::string> bytes, std::optional<std::string> blob_id = {},
         bool is_tree = false)
      : path(std::move(at))
      , content(std::move(bytes))
      , blob(std::move(blob_id))
      , tree(is_tree)
  {}
  std::string path;
  std::optional<std::string> content;
  std::optional<std::string> blob;
  bool tree = false;
};

// One entry of a directory (a tree): a file's blob or a directory's tree.
struct TreeEntry {
  std::string name;
  std::string id;
  bool is_tree = false;
};

struct PushOutcome {
  bool pushed = false;
  std::string reason; // why the remote refused, when !pushed
};

// How far a fetch or a push has come, as libgit2 reports it: objects received (fetch) or sent
// (push) of the total, and the bytes moved so far.
struct TransferProgress {
  enum class Direction { fetch, push };
  Direction direction = Direction::fetch;
  std::uint64_t objects = 0;
  std::uint64_t total_objects = 0;
  std::uint64_t bytes = 0;
};
using ProgressObserver = std::function<void(const TransferProgress&)>;

struct CommitInfo {
  std::string id;
  std::string summary;
  long long time = 0; // seconds since the epoch
};

// The directory of a remote on this file system (a plain path or a file:// URL), if it is one.
std::optional<std::filesystem::path> local_remote_dir(const std::string& url);

// The git blob id (hex) of `content`, as `git hash-object` computes it: the content's checksum
// in the repository's own terms.
std::string blob_id(std::string_view content);

class Repository {
public:
  // Creates an empty bare repository at `path` whose HEAD names refs/heads/main.
  static void init_bare(const std::filesystem::path& path);

  // Opens the bare cache at `path`; creates it atomically, with origin = `url`, when missing.
  static Repository open_or_create(const std::filesystem::path& path, const std::string& url);

  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;
  Repository(Repository&& other) noexcept;
  Repository& operator=(Repository&& other) noexcept;
  ~Repository();

  std::string remote_url() const;
  void set_remote_url(const std::string& url);
  void set_credentials(Credentials credentials);

  // Called as fetches and pushes move objects (a terminal's progress line); none by default.
  void set_progress_observer(ProgressObserver observer);

  // Fetches with `refspecs` ("+refs/heads/*:refs/remotes/origin/*", ...), pruning local copies
  // of refs the remote no longer has.
  void fetch(const std::vector<std::string>& refspecs);

  // The refs matching `glob` ("refs/remotes/origin/*") with the commits they point to.
  std::vector<std::pair<std::string, std::string>> list_refs(const std::string& glob) const;

  // Points `ref` at `commit` (creating or moving it).
  void set_ref(const std::string& ref, const std::string& commit);

  // Removes local `ref` (nothing when it does not exist).
  void delete_ref(const std::string& ref);

  // The commit `ref` points to, or nothing when it does not exist.
  std::optional<std::string> resolve(const std::string& ref) const;

  // Stores `content` as a blob (for a later commit) and returns its id.
  std::string write_blob(std::string_view content);

  // The blob id of the regular file `path` in `commit`, or nothing when there is none.
  std::optional<std::string> entry_id(const std::string& commit, const std::string& path) const;

  // The content of `path` in `commit`, or nothing when there is no such regular file.
  std::optional<std::string> read(const std::string& commit, const std::string& path) const;

  // The names of the entries of directory `dir` ("" = root) in `commit`.
  std::vector<std::string> list(const std::string& commit, const std::string& dir) const;

  // The entries of directory `dir` in `commit` (regular files and directories only).
  std::vector<TreeEntry> entries(const std::string& commit, const std::string& dir) const;

  // The content of blob `id`, or nothing when the cache has no such blob.
  std::optional<std::string> read_blob(const std::string& id) const;

  // Stores a directory holding `entries` and returns its tree id.
  std::string write_tree(const std::vector<TreeEntry>& entries);

  // A new commit on `parent` (none: a root commit) with `changes` applied, by machine `author`
  // ("ccsync <author>" <author@ccsync.invalid>); nothing
  // when the changes leave the tree as it was.
  std::optional<std::string> commit(const std::optional<std::string>& parent,
                                    const std::vector<Change>& changes, const std::string& message,
                                    const std::string& author);

  // Points local `ref` at `commit` and pushes it to the same ref on origin, without force: the
  // remote accepts it only if its `ref` is still an ancestor of `commit` (git's compare-and-swap).
  // Force::yes replaces the remote ref whatever it holds (only to repair a damaged ref).
  enum class Force { no, yes };
  PushOutcome push(const std::string& commit, const std::string& ref, Force force = Force::no);

  // The first parent of `commit`, or nothing (a root commit, or not a commit at all).
  std::optional<std::string> first_parent(const std::string& commit) const;

  // Checks that origin would take a push, without pushing anything: a path remote gets a
  // temporary file created (and removed) in its objects directory; a network remote is connected
  // to for pushing, where the server checks the credentials and its own permissions (GitHub
  // refuses a read-only token there, git daemon a repository not exported for receive-pack).
  // Throws Error with the reason when it would not.
  void check_push_access();

  CommitInfo describe(const std::string& commit) const;

private:
  struct Impl;
  explicit Repository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace ccsync::git
