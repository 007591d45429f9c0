// The remote side of the sync repository's cache: origin's URL and credentials, fetch, push, and
// the check that a push would be taken.
#include "git/callbacks.hpp"
#include "git/error.hpp"
#include "git/repository_impl.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

namespace ccsync::git {
namespace fs = std::filesystem;

RemoteHandle
origin(git_repository* repo)
{
  RemoteHandle remote;
  check(git_remote_lookup(Out(remote), repo, "origin"), "looking up remote 'origin'");
  return remote;
}

std::optional<fs::path>
local_remote_dir(const std::string& url)
{
  constexpr std::string_view file_scheme = "file://";
  if (url.rfind(file_scheme, 0) == 0) {
    return fs::path(url.substr(file_scheme.size()));
  }
  if (url.find("://") == std::string::npos && !url.empty() && url.front() == '/') {
    return fs::path(url);
  }
  return std::nullopt;
}

namespace {

// A path remote that is not (or no longer) a git repository: say so, instead of libgit2's
// "unsupported URL protocol".
void
require_local_repository(const fs::path& dir)
{
  std::error_code error;
  if (!fs::is_directory(dir / "objects", error) || !fs::exists(dir / "HEAD", error)) {
    throw Error(ErrorKind::config,
                "the remote '" + dir.string() +
                  "' is not a git repository (or "
                  "does not exist)",
                "check the path (ccsync config show); 'ccsync init --remote PATH --force' "
                "points this machine at another one");
  }
}

// libgit2's local transport updates the remote's refs itself, with no server to check the old
// value atomically. A kernel lock inside the remote repository serialises pushes through it, so
// that a non-forced push stays a compare-and-swap there too.
std::optional<platform::FileLock>
lock_local_remote(const std::string& url)
{
  const auto dir = local_remote_dir(url);
  if (!dir) {
    return std::nullopt;
  }
  require_local_repository(*dir);
  auto lock = platform::FileLock::acquire(*dir / "ccsync-push.lock", std::chrono::seconds(30));
  if (!lock) {
    throw Error(ErrorKind::busy, "the repository '" + dir->string() + "' is busy",
                "another process is pushing to it; run the command again");
  }
  // Every ccsync push through this path takes the lock above, so a ref lock file found now was
  // left by a push that was killed: it would refuse every later push, on every machine.
  for (const auto& stale : platform::remove_git_lock_files(*dir)) {
    spdlog::warn("removed {}, left by an interrupted push", stale.string());
  }
  return lock;
}

} // namespace

std::string
Repository::remote_url() const
{
  const RemoteHandle remote = origin(m_impl->repo.get());
  const char* url = git_remote_url(remote.get()); // borrowed from remote
  return url != nullptr ? url : "";
}

void
Repository::set_remote_url(const std::string& url)
{
  check(git_remote_set_url(m_impl->repo.get(), "origin", url.c_str()),
        "setting the remote to '" + util::redact_url(url) + "'");
}

void
Repository::set_credentials(Credentials credentials)
{
  m_impl->credentials = std::move(credentials);
}

void
Repository::set_progress_observer(ProgressObserver observer)
{
  m_impl->progress = std::move(observer);
}

void
Repository::fetch(const std::vector<std::string>& refspecs)
{
  const RemoteHandle remote = origin(m_impl->repo.get());
  RemoteContext context;
  context.credentials = &m_impl->credentials;
  context.progress = m_impl->progress ? &m_impl->progress : nullptr;
  git_fetch_options options;
  git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
  options.callbacks = make_callbacks(context);
  options.prune = GIT_FETCH_PRUNE;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  std::vector<std::string> storage(refspecs);
  std::vector<char*> specs;
  specs.reserve(storage.size());
  for (auto& spec : storage) {
    specs.push_back(spec.data());
  }
  const git_strarray array{specs.data(), specs.size()};
  // Built before the call: any later libgit2 call would clear the error it reports.
  const std::string activity = "fetching from '" + util::redact_url(remote_url()) + "'";
  if (const auto dir = local_remote_dir(remote_url())) {
    require_local_repository(*dir);
  }
  spdlog::debug("{}", activity);
  const int rc = git_remote_fetch(remote.get(), &array, &options, "ccsync: fetch");
  rethrow_callback_error(context);
  check(rc, activity);
}

PushOutcome
Repository::push(const std::string& commit, const std::string& ref, Force force)
{
  git_repository* repo = m_impl->repo.get();
  set_ref(ref, commit);
  const RemoteHandle remote = origin(repo);
  RemoteContext context;
  context.credentials = &m_impl->credentials;
  context.progress = m_impl->progress ? &m_impl->progress : nullptr;
  git_push_options options;
  git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
  options.callbacks = make_callbacks(context);
  options.pb_parallelism = 0; // one packing thread per core
  std::string refspec = (force == Force::yes ? "+" : "") + ref + ":" + ref;
  char* refspecs[] = {refspec.data()};
  const git_strarray specs{refspecs, 1};
  const std::string url = remote_url();
  const std::string activity = "pushing to '" + util::redact_url(url) + "'";
  const auto local_lock = lock_local_remote(url);
  int rc = 0;
  {
    // Through a path remote this process writes the remote's refs itself: a Ctrl-C or SIGTERM
    // (a hook timeout, the daemon stopping) waits until they are written.
    std::optional<platform::SignalBlock> no_signals;
    if (local_lock) {
      no_signals.emplace();
    }
    rc = git_remote_push(remote.get(), &specs, &options);
  }
  rethrow_callback_error(context);
  // A concurrent push shows up two ways: the client-side check (rc) or the server's status.
  if (rc == GIT_ENONFASTFORWARD) {
    spdlog::info("push of {} rejected: the remote moved", ref);
    return {false, "the remote has commits this machine has not fetched"};
  }
  check(rc, activity);
  if (!context.rejection.empty()) {
    spdlog::info("push of {} refused by the server: {}", context.rejected_ref, context.rejection);
    return {false, context.rejection};
  }
  return {true, {}};
}

void
Repository::check_push_access()
{
  const std::string url = remote_url();
  if (const auto dir = local_remote_dir(url)) {
    require_local_repository(*dir);
    try {
      platform::AtomicFile probe(*dir / "objects" / "ccsync-write-check", 0600);
      probe.write("ccsync");
    } catch (const Error&) {
      throw Error(ErrorKind::config, "cannot write to the repository '" + dir->string() + "'",
                  "check the permissions of " + (*dir / "objects").string());
    }
    return;
  }
  const RemoteHandle remote = origin(m_impl->repo.get());
  RemoteContext context;
  context.credentials = &m_impl->credentials;
  const git_remote_callbacks callbacks = make_callbacks(context);
  const std::string activity = "connecting to '" + util::redact_url(url) + "' to push";
  const int rc = git_remote_connect(remote.get(), GIT_DIRECTION_PUSH, &callbacks, nullptr, nullptr);
  rethrow_callback_error(context);
  check(rc, activity);
  git_remote_disconnect(remote.get());
}

} // namespace ccsync::git
