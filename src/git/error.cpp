// libgit2 error translation and lazy initialisation.
#include "git/error.hpp"

#include "git/deadline.hpp"
#include "util/error.hpp"

#include <git2.h>
#include <spdlog/spdlog.h>

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace ccsync::git {
namespace {

// The largest tree libgit2 may cache (a `sessions` tree of 20,000 sessions is ~1.3 MB).
constexpr std::size_t k_tree_cache_limit = std::size_t{4} << 20;
constexpr std::size_t k_pack_window_bytes = std::size_t{4} << 20;
constexpr std::size_t k_pack_mapped_limit = std::size_t{32} << 20;

// Process-wide, like libgit2's own last error.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): see above
std::optional<std::string> g_timeout_note;

bool
is_network_class(int klass)
{
  return klass == GIT_ERROR_NET || klass == GIT_ERROR_OS || klass == GIT_ERROR_SSL ||
         klass == GIT_ERROR_HTTP || klass == GIT_ERROR_SSH;
}

Error
translate_ssh(int rc, const std::string& message)
{
  if (rc == GIT_ECERTIFICATE) {
    return Error(ErrorKind::network, message,
                 "the server's host key is not in ~/.ssh/known_hosts (or differs): check its "
                 "fingerprint, then add it, e.g. with ssh-keyscan -p PORT HOST >> "
                 "~/.ssh/known_hosts");
  }
  if (rc == GIT_EAUTH || message.find("uthentication") != std::string::npos) {
    return Error(ErrorKind::auth, message,
                 "ccsync offers the ssh-agent's keys, then ~/.ssh/id_ed25519; the server took "
                 "none. RSA keys are refused by OpenSSH 8.8 and later servers (ccsync's ssh "
                 "signs with SHA-1): use an ed25519 key and add its .pub to the server");
  }
  return Error(ErrorKind::network, message,
               "check that the ssh server is reachable; the command can be run again later");
}

// A local file system failure (full disk, quota, read-only) seen through libgit2: it is not the
// network's fault, and retrying later will not help until space is freed.
std::optional<Error>
translate_local(const std::string& message)
{
  for (const char* cause : {"No space left on device", "Disk quota exceeded"}) {
    if (message.find(cause) != std::string::npos) {
      return Error(ErrorKind::io, message,
                   "free some disk space (ccsync's home holds a cache of the repository), then "
                   "run the command again; nothing was changed");
    }
  }
  if (message.find("Read-only file system") != std::string::npos ||
      message.find("Permission denied") != std::string::npos) {
    return Error(ErrorKind::io, message, "check the permissions of ccsync's home directory");
  }
  return std::nullopt;
}

// A remote that answered that it has no such repository, or a URL no transport takes: trying
// again later changes nothing (exit 1, not 75), the URL or the server must change.
std::optional<Error>
translate_permanent(const std::string& message)
{
  for (const char* cause :
       {"no such repository", "repository not exported", "does not appear to be a git repository",
        "Repository not found", "status code: 404", "could not find repository"}) {
    if (message.find(cause) != std::string::npos) {
      return Error(ErrorKind::config, message,
                   "the remote has no repository at that URL: check it ('ccsync config show'), or "
                   "create the repository there");
    }
  }
  if (message.find("unsupported URL protocol") != std::string::npos ||
      message.find("unknown scheme for URL") != std::string::npos) {
    return Error(ErrorKind::config, message,
                 "the remote URL has a scheme no transport takes: use a path, file://, git://, "
                 "http(s):// or ssh:// (ccsync init --remote URL --force)");
  }
  return std::nullopt;
}

Error
translate(int rc, int klass, const std::string& message)
{
  if (auto permanent = translate_permanent(message)) {
    return *permanent;
  }
  if (klass == GIT_ERROR_SSH || message.find("ssh hostkey") != std::string::npos) {
    return translate_ssh(rc, message);
  }
  if (auto local = translate_local(message)) {
    return *local;
  }
  switch (rc) {
  case GIT_EAUTH:
    return Error(ErrorKind::auth, message,
                 "the remote refused the credentials; for GitHub, check the token (GH_TOKEN, "
                 "GITHUB_TOKEN, --token-file or 'gh auth login') and its 'repo' scope");
  case GIT_ECERTIFICATE:
    return Error(ErrorKind::network, message,
                 "the server's certificate is not trusted; set SSL_CERT_FILE for a private CA");
  case GIT_ENONFASTFORWARD:
  case GIT_EMERGECONFLICT:
    return Error(ErrorKind::conflict, message, "another machine pushed meanwhile; run it again");
  case GIT_ELOCKED:
    return Error(ErrorKind::busy, message,
                 "a git lock file is left from a crash; remove the *.lock file named above if no "
                 "ccsync process is running");
  case GIT_EOWNER:
    return Error(ErrorKind::config, message, "the repository belongs to another user");
  default: break;
  }
  if (is_network_class(klass)) {
    return Error(ErrorKind::network, message,
                 "check that the remote is reachable; the command can be run again later");
  }
  return Error(ErrorKind::git, message);
}

} // namespace

void
note_timeout(std::string note)
{
  g_timeout_note = std::move(note);
}

std::optional<std::string>
take_timeout_note()
{
  return std::exchange(g_timeout_note, std::nullopt);
}

void
check(int rc, std::string_view activity)
{
  if (rc >= 0) {
    return;
  }
  const git_error* last = git_error_last();
  const int klass = last != nullptr ? last->klass : GIT_ERROR_NONE;
  std::string cause = last != nullptr && last->message != nullptr ? last->message : "unknown error";
  spdlog::error("libgit2: {}: rc={} class={} {}", activity, rc, klass, cause);
  if (auto deadline = take_deadline_note()) { // the deadline shut the connection down
    throw Error(ErrorKind::network, std::string(activity) + ": " + *deadline,
                "check that the remote is reachable; the command can be run again later");
  }
  if (auto note = take_timeout_note(); note && is_network_class(klass)) {
    cause = *note; // "SSL error: ..." says less than what the stream saw
  }
  throw translate(rc, klass, std::string(activity) + ": " + cause);
}

void
ensure_initialized()
{
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // libgit2 caches no tree larger than 4 KiB by default, so with a few hundred sessions every
    // path lookup re-read, re-inflated, re-hashed and re-parsed the `sessions` tree: quadratic in
    // the number of sessions (a no-op push of 2,000 sessions took 15 s, issue 11). The cache's
    // total stays bounded by GIT_OPT_SET_CACHE_MAX_SIZE (256 MiB by default).
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, k_tree_cache_limit);
    // libgit2 re-hashes (SHA-1, collision-detecting) every object it reads to check it against
    // its name: 40 % of a fresh pull (issue 11's profile). The git CLI does not; zlib's checksum
    // still catches damaged object files, and ccsync checks each chunk's name (its blob id)
    // against meta.json before reading it (sync::ChunkSource).
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // libgit2 maps pack files in windows of 1 GiB, up to 8 GiB, and keeps them: a pull of 1 GB
    // of transcripts peaked at 240 MB resident. Small windows under a small limit keep memory
    // to about a chunk whatever the repository's size (pages are re-read from the page cache).
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, k_pack_window_bytes);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, k_pack_mapped_limit);
  });
}

} // namespace ccsync::git
