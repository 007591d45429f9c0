// Reading a commit of the bare cache: files, folders, blobs, parents and summaries.
#include "git/error.hpp"
#include "git/handle.hpp"
#include "git/repository.hpp"
#include "git/repository_impl.hpp"
#include "util/error.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::git {

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
