// The bare cache of the sync repository: create, read trees, commit changes (the remote side,
// fetch and push, is in remote.cpp).
#include "git/repository.hpp"

#include "git/error.hpp"
#include "git/handle.hpp"
#include "git/repository_impl.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::git {
namespace fs = std::filesystem;

namespace {

std::string
to_hex(const git_oid& oid)
{
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, &oid);
  return buffer;
}

git_oid
parse_oid(const std::string& hex)
{
  git_oid oid;
  check(git_oid_fromstr(&oid, hex.c_str()), "parsing object id '" + hex + "'");
  return oid;
}

TreeHandle
tree_of(git_repository* repo, const std::string& commit_id)
{
  const git_oid oid = parse_oid(commit_id);
  CommitHandle commit;
  check(git_commit_lookup(Out(commit), repo, &oid), "looking up commit " + commit_id);
  TreeHandle tree;
  check(git_commit_tree(Out(tree), commit.get()), "reading the tree of " + commit_id);
  return tree;
}

TreeHandle
empty_tree(git_repository* repo)
{
  TreeBuilderHandle builder;
  check(git_treebuilder_new(Out(builder), repo, nullptr), "creating an empty tree");
  git_oid oid;
  check(git_treebuilder_write(&oid, builder.get()), "writing an empty tree");
  TreeHandle tree;
  check(git_tree_lookup(Out(tree), repo, &oid), "looking up the empty tree");
  return tree;
}

std::string
blob_text(const git_blob* blob)
{
  const auto* data = static_cast<const char*>(git_blob_rawcontent(blob)); // borrowed
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob)));
}

// The entry at `path` in `tree`, or null when there is none.
TreeEntryHandle
entry_at(git_tree* tree, const std::string& path)
{
  TreeEntryHandle entry;
  const int rc = git_tree_entry_bypath(Out(entry), tree, path.c_str());
  if (rc == GIT_ENOTFOUND) {
    return nullptr;
  }
  check(rc, "looking up '" + path + "'");
  return entry;
}

} // namespace

std::string
blob_id(std::string_view content)
{
  ensure_initialized();
  git_oid oid;
  check(git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB), "hashing a blob");
  return to_hex(oid);
}

Repository::Repository(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

namespace {

// Transcript chunks (up to 4 MiB) are new text, not edits of older blobs: searching deltas for
// them costs most of a push's CPU and memory (issue 11's profile) and saves almost nothing.
// libgit2 1.5 takes its "big file" threshold, above which it stores objects whole, from the
// key pack.deltaCacheSize (git's own name is core.bigFileThreshold); 1 MiB keeps delta search
// for the small files (metas, sidecars) where it pays. Written once into the cache's config.
constexpr std::int64_t k_big_blob_bytes = 1024 * 1024;

void
skip_delta_search_for_big_blobs(git_repository* repo)
{
  ConfigHandle config;
  if (git_repository_config(Out(config), repo) != 0) {
    return; // an optimisation: without it, pushes are slower, not wrong
  }
  std::int64_t current = 0;
  if (git_config_get_int64(&current, config.get(), "pack.deltaCacheSize") != 0 ||
      current != k_big_blob_bytes) {
    git_config_set_int64(config.get(), "pack.deltaCacheSize", k_big_blob_bytes);
  }
}

} // namespace

void
Repository::init_bare(const fs::path& path)
{
  ensure_initialized();
  git_repository_init_options options;
  git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  options.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = "main";
  RepositoryHandle repo;
  check(git_repository_init_ext(Out(repo), path.c_str(), &options),
        "creating repository '" + path.string() + "'");
}

namespace {

// An empty bare repository at `path` with origin = `url`.
void
create_empty(const fs::path& path, const std::string& url)
{
  Repository::init_bare(path);
  RepositoryHandle repo;
  check(git_repository_open_bare(Out(repo), path.c_str()), "opening new repository");
  RemoteHandle remote;
  check(git_remote_create(Out(remote), repo.get(), "origin", url.c_str()),
        "adding remote '" + util::redact_url(url) + "'");
}

// A bare clone of the repository at directory `dir` (origin = `url`): its object files are
// hard-linked (or copied across file systems), not packed anew, so a machine joining through a
// path remote pays what `git clone` of a path does. False when it cannot be made.
bool
clone_local(const fs::path& path, const std::string& url, const fs::path& dir)
{
  std::error_code error;
  if (!fs::is_directory(dir / "objects", error) || !fs::exists(dir / "HEAD", error)) {
    return false;
  }
  git_clone_options options;
  git_clone_options_init(&options, GIT_CLONE_OPTIONS_VERSION);
  options.bare = 1;
  options.local = GIT_CLONE_LOCAL;
  options.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
  RepositoryHandle repo;
  const int rc = git_clone(Out(repo), url.c_str(), path.c_str(), &options);
  if (rc != 0) {
    const git_error* last = git_error_last(); // borrowed, thread-local
    spdlog::info("cloning '{}' failed ({}); fetching into an empty cache instead",
                 util::redact_url(url), last != nullptr ? last->message : "no message");
    fs::remove_all(path, error);
    return false;
  }
  return true;
}

} // namespace

Repository
Repository::open_or_create(const fs::path& path, const std::string& url)
{
  ensure_initialized();
  if (!fs::exists(path)) {
    // Build it beside its final place and rename it in: no half-created cache survives a crash.
    const fs::path temp = path.string() + ".tmp-" + platform::random_hex(6);
    const auto dir = local_remote_dir(url);
    if (!dir || !clone_local(temp, url, *dir)) {
      create_empty(temp, url);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
      fs::remove_all(temp); // another process created it first: use theirs
    }
  }
  auto impl = std::make_unique<Impl>();
  check(git_repository_open_bare(Out(impl->repo), path.c_str()),
        "opening repository '" + path.string() + "'");
  skip_delta_search_for_big_blobs(impl->repo.get());
  return Repository(std::move(impl));
}

std::vector<std::pair<std::string, std::string>>
Repository::list_refs(const std::string& glob) const
{
  ReferenceIteratorHandle iterator;
  check(git_reference_iterator_glob_new(Out(iterator), m_impl->repo.get(), glob.c_str()),
        "listing '" + glob + "'");
  std::vector<std::pair<std::string, std::string>> refs;
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, iterator.get()) == 0) {
    const ReferenceHandle owned(ref);
    const git_oid* target = git_reference_target(ref); // borrowed from ref; null if symbolic
    if (target != nullptr) {
      refs.emplace_back(git_reference_name(ref), to_hex(*target));
    }
  }
  return refs;
}

void
Repository::set_ref(const std::string& ref, const std::string& commit)
{
  const git_oid oid = parse_oid(commit);
  ReferenceHandle handle;
  check(git_reference_create(Out(handle), m_impl->repo.get(), ref.c_str(), &oid, 1, "ccsync"),
        "updating '" + ref + "'");
}

std::optional<std::string>
Repository::resolve(const std::string& ref) const
{
  git_oid oid;
  const int rc = git_reference_name_to_id(&oid, m_impl->repo.get(), ref.c_str());
  if (rc == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(rc, "resolving '" + ref + "'");
  return to_hex(oid);
}

std::string
Repository::write_blob(std::string_view content)
{
  git_oid oid;
  check(git_blob_create_from_buffer(&oid, m_impl->repo.get(), content.data(), content.size()),
        "storing a blob");
  return to_hex(oid);
}

namespace {

// The entry at `path` if it is a regular file: a symbolic link (or a submodule) in hostile
// content reads as absent.
TreeEntryHandle
file_entry_at(git_tree* tree, const std::string& path)
{
  TreeEntryHandle entry = entry_at(tree, path);
  const git_filemode_t mode =
    entry ? git_tree_entry_filemode(entry.get()) : GIT_FILEMODE_UNREADABLE;
  if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
    return {};
  }
  return entry;
}

} // namespace

std::optional<std::string>
Repository::entry_id(const std::string& commit, const std::string& path) const
{
  const TreeHandle tree = tree_of(m_impl->repo.get(), commit);
  const TreeEntryHandle entry = file_entry_at(tree.get(), path);
  if (!entry) {
    return std::nullopt;
  }
  return to_hex(*git_tree_entry_id(entry.get()));
}

std::optional<std::string>
Repository::read(const std::string& commit, const std::string& path) const
{
  const TreeHandle tree = tree_of(m_impl->repo.get(), commit);
  const TreeEntryHandle entry = file_entry_at(tree.get(), path);
  if (!entry) {
    return std::nullopt;
  }
  BlobHandle blob;
  check(git_blob_lookup(Out(blob), m_impl->repo.get(), git_tree_entry_id(entry.get())),
        "reading '" + path + "'");
  return blob_text(blob.get());
}

std::vector<std::string>
Repository::list(const std::string& commit, const std::string& dir) const
{
  TreeHandle tree = tree_of(m_impl->repo.get(), commit);
  if (!dir.empty()) {
    const TreeEntryHandle entry = entry_at(tree.get(), dir);
    if (!entry || git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
      return {};
    }
    TreeHandle subtree;
    check(git_tree_lookup(Out(subtree), m_impl->repo.get(), git_tree_entry_id(entry.get())),
          "reading directory '" + dir + "'");
    tree = std::move(subtree);
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
    names.emplace_back(git_tree_entry_name(git_tree_entry_byindex(tree.get(), i)));
  }
  return names;
}

std::vector<TreeEntry>
Repository::entries(const std::string& commit, const std::string& dir) const
{
  git_repository* repo = m_impl->repo.get();
  TreeHandle tree = tree_of(repo, commit);
  if (!dir.empty()) {
    const TreeEntryHandle entry = entry_at(tree.get(), dir);
    if (!entry || git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
      return {};
    }
    TreeHandle subtree;
    check(git_tree_lookup(Out(subtree), repo, git_tree_entry_id(entry.get())),
          "reading directory '" + dir + "'");
    tree = std::move(subtree);
  }
  std::vector<TreeEntry> found;
  for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i); // borrowed from tree
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_BLOB) {
      found.push_back(
        {git_tree_entry_name(entry), to_hex(*git_tree_entry_id(entry)), mode == GIT_FILEMODE_TREE});
    }
  }
  return found;
}

std::optional<std::string>
Repository::read_blob(const std::string& id) const
{
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) {
    return std::nullopt;
  }
  BlobHandle blob;
  const int rc = git_blob_lookup(Out(blob), m_impl->repo.get(), &oid);
  if (rc == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(rc, "reading blob " + id);
  return blob_text(blob.get());
}

std::string
Repository::write_tree(const std::vector<TreeEntry>& entries)
{
  TreeBuilderHandle builder;
  check(git_treebuilder_new(Out(builder), m_impl->repo.get(), nullptr), "creating a tree");
  for (const auto& entry : entries) {
    const git_oid oid = parse_oid(entry.id);
    check(git_treebuilder_insert(nullptr, builder.get(), entry.name.c_str(), &oid,
                                 entry.is_tree ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB),
          "adding '" + entry.name + "' to a tree");
  }
  git_oid oid;
  check(git_treebuilder_write(&oid, builder.get()), "writing a tree");
  return to_hex(oid);
}

std::optional<std::string>
Repository::commit(const std::optional<std::string>& parent, const std::vector<Change>& changes,
                   const std::string& message, const std::string& author)
{
  git_repository* repo = m_impl->repo.get();
  const TreeHandle baseline = parent ? tree_of(repo, *parent) : empty_tree(repo);
  std::vector<git_tree_update> updates;
  for (const Change& change : changes) {
    git_tree_update update{};
    update.path = change.path.c_str();
    if (change.blob) {
      update.id = parse_oid(*change.blob);
      update.action = GIT_TREE_UPDATE_UPSERT;
      update.filemode = change.tree ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB;
    } else if (change.content) {
      check(git_blob_create_from_buffer(&update.id, repo, change.content->data(),
                                        change.content->size()),
            "storing '" + change.path + "'");
      update.action = GIT_TREE_UPDATE_UPSERT;
      update.filemode = GIT_FILEMODE_BLOB;
    } else if (entry_at(baseline.get(), change.path)) {
      update.action = GIT_TREE_UPDATE_REMOVE;
    } else {
      continue; // deleting what is not there is nothing to do
    }
    updates.push_back(update);
  }
  git_oid tree_id;
  check(git_tree_create_updated(&tree_id, repo, baseline.get(), updates.size(), updates.data()),
        "building the new tree");
  if (git_oid_equal(&tree_id, git_tree_id(baseline.get())) != 0 && parent) {
    return std::nullopt;
  }
  TreeHandle tree;
  check(git_tree_lookup(Out(tree), repo, &tree_id), "looking up the new tree");
  SignatureHandle signature;
  check(git_signature_now(Out(signature), ("ccsync " + author).c_str(),
                          (author + "@ccsync.invalid").c_str()),
        "creating the commit signature");
  CommitHandle parent_commit;
  if (parent) {
    const git_oid parent_id = parse_oid(*parent);
    check(git_commit_lookup(Out(parent_commit), repo, &parent_id), "looking up " + *parent);
  }
  const git_commit* parents[] = {parent_commit.get()};
  git_oid commit_id;
  check(git_commit_create(&commit_id, repo, nullptr, signature.get(), signature.get(), "UTF-8",
                          message.c_str(), tree.get(), parent ? 1 : 0, parents),
        "creating a commit");
  return to_hex(commit_id);
}

std::optional<std::string>
Repository::first_parent(const std::string& commit) const
{
  git_oid oid;
  if (git_oid_fromstr(&oid, commit.c_str()) != 0) {
    return std::nullopt;
  }
  CommitHandle handle;
  if (git_commit_lookup(Out(handle), m_impl->repo.get(), &oid) != 0) {
    return std::nullopt; // not a commit
  }
  // (Out stores into `handle` at the end of the statement above, hence two statements.)
  if (git_commit_parentcount(handle.get()) == 0) {
    return std::nullopt;
  }
  return to_hex(*git_commit_parent_id(handle.get(), 0));
}

CommitInfo
Repository::describe(const std::string& commit) const
{
  const git_oid oid = parse_oid(commit);
  CommitHandle handle;
  check(git_commit_lookup(Out(handle), m_impl->repo.get(), &oid), "looking up " + commit);
  const char* summary = git_commit_summary(handle.get()); // borrowed from the commit
  return {commit, summary != nullptr ? summary : "",
          static_cast<long long>(git_commit_time(handle.get()))};
}

} // namespace ccsync::git
