// Owned libgit2 handles. Only src/git/ includes <git2.h>.
// A handle is a unique_ptr with a stateless deleter bound to the matching free function (so it
// stays pointer-sized), created through `Out`, which adopts libgit2's T** result: the call site
// never holds an unowned raw pointer.
#pragma once

#include <git2.h>

#include <memory>

namespace ccsync::git {

template <auto free_function> struct Deleter {
  template <class T> void
  operator()(T* handle) const noexcept
  {
    free_function(handle);
  }
};

template <class T, auto free_function> using Handle = std::unique_ptr<T, Deleter<free_function>>;

using RepositoryHandle = Handle<git_repository, git_repository_free>;
using RemoteHandle = Handle<git_remote, git_remote_free>;
using ReferenceHandle = Handle<git_reference, git_reference_free>;
using CommitHandle = Handle<git_commit, git_commit_free>;
using TreeHandle = Handle<git_tree, git_tree_free>;
using TreeEntryHandle = Handle<git_tree_entry, git_tree_entry_free>;
using TreeBuilderHandle = Handle<git_treebuilder, git_treebuilder_free>;
using BlobHandle = Handle<git_blob, git_blob_free>;
using SignatureHandle = Handle<git_signature, git_signature_free>;
using ReferenceIteratorHandle = Handle<git_reference_iterator, git_reference_iterator_free>;
using ConfigHandle = Handle<git_config, git_config_free>;

// Out-parameter adapter: `git_x_lookup(Out(handle), ...)` stores the new object in `handle`.
template <class H> class Out {
public:
  using pointer = typename H::pointer;
  explicit Out(H& owner)
      : m_owner(owner)
  {}
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;
  Out(Out&&) = delete;
  Out& operator=(Out&&) = delete;
  ~Out() { m_owner.reset(m_raw); }
  operator pointer*() noexcept { return &m_raw; } // NOLINT(google-explicit-constructor)

private:
  H& m_owner;
  pointer m_raw = nullptr;
};

// A git_buf disposed of by its destructor.
class Buf {
public:
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  Buf(Buf&&) = delete;
  Buf& operator=(Buf&&) = delete;
  ~Buf() { git_buf_dispose(&m_buf); }
  git_buf*
  get() noexcept
  {
    return &m_buf;
  }

private:
  git_buf m_buf = GIT_BUF_INIT;
};

} // namespace ccsync::git
