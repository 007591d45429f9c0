// Writing into the bare cache: blobs, trees and commits (pushing them is remote.cpp's).
#include "git/error.hpp"
#include "git/handle.hpp"
#include "git/repository.hpp"
#include "git/repository_impl.hpp"
#include "util/error.hpp"

#include <spdlog/spdlog.h>

#include <string_view>
#include <vector>

namespace ccsync::git {

std::string
Repository::write_blob(std::string_view content)
{
  git_oid oid;
  check(git_blob_create_from_buffer(&oid, m_impl->repo.get(), content.data(), content.size()),
        "storing a blob");
  return to_hex(oid);
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

namespace {

// True when one of `removals` is a folder on the path of one of `upserts`, or the other way round.
bool
file_folder_swap(const std::vector<git_tree_update>& removals,
                 const std::vector<git_tree_update>& upserts)
{
  const auto under = [](std::string_view path, std::string_view folder) {
    return path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/';
  };
  for (const auto& removal : removals) {
    for (const auto& upsert : upserts) {
      if (under(upsert.path, removal.path) || under(removal.path, upsert.path)) {
        return true;
      }
    }
  }
  return false;
}

// `baseline` with `updates` applied. libgit2 refuses to remove a file and add a folder of the same
// name (or the other way round) in one update ("D/F conflict"): then the removals go first, into
// a tree of their own.
git_oid
updated_tree(git_repository* repo, git_tree* baseline, const std::vector<git_tree_update>& updates)
{
  std::vector<git_tree_update> removals;
  std::vector<git_tree_update> upserts;
  for (const auto& update : updates) {
    (update.action == GIT_TREE_UPDATE_REMOVE ? removals : upserts).push_back(update);
  }
  git_oid tree_id;
  if (!file_folder_swap(removals, upserts)) {
    check(git_tree_create_updated(&tree_id, repo, baseline, updates.size(), updates.data()),
          "building the new tree");
    return tree_id;
  }
  git_oid removed;
  check(git_tree_create_updated(&removed, repo, baseline, removals.size(), removals.data()),
        "building the new tree");
  TreeHandle middle;
  check(git_tree_lookup(Out(middle), repo, &removed), "looking up the new tree");
  check(git_tree_create_updated(&tree_id, repo, middle.get(), upserts.size(), upserts.data()),
        "building the new tree");
  return tree_id;
}

} // namespace

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
  const git_oid tree_id = updated_tree(repo, baseline.get(), updates);
  if (git_oid_equal(&tree_id, git_tree_id(baseline.get())) != 0) {
    return std::nullopt; // nothing changed: no commit (not even an empty root commit)
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

} // namespace ccsync::git
