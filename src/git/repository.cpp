// The bare cache of the sync repository: create, open, refs (reading a commit is in
// repository_read.cpp, writing one in repository_write.cpp, fetch and push in remote.cpp).
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

// Helpers shared by the files of Repository (repository_impl.hpp).

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
Repository::Repository(Repository&& other) noexcept = default;
Repository& Repository::operator=(Repository&& other) noexcept = default;
Repository::~Repository() = default;

namespace {

// Transcript chunks (up to 4 MiB) are new text, not edits of older blobs: searching deltas for
// them costs most of a push's CPU and memory (issue 11's profile) and saves almost nothing.
// libgit2 1.5 takes its "big file" threshold, above which it stores objects whole, from the
// key pack.deltaCacheSize (git's own name is core.bigFileThreshold); 1 MiB keeps delta search
// for the small files (metas, sidecars) where it pays. Written once into the cache's config.
constexpr std::int64_t k_big_blob_bytes = std::int64_t{1024} * 1024;

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

void
Repository::delete_ref(const std::string& ref)
{
  const int rc = git_reference_remove(m_impl->repo.get(), ref.c_str());
  if (rc != GIT_ENOTFOUND) {
    check(rc, "removing '" + ref + "'");
  }
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

} // namespace ccsync::git
