// Credentials (attempt-limited: a refused credential is never offered twice), push status, and
// progress reports that keep the network deadline from expiring while data moves.
#include "git/callbacks.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace ccsync::git {
namespace {

RemoteContext&
context_of(void* payload)
{
  return *static_cast<RemoteContext*>(payload);
}

int
ssh_credential(git_credential** out, const char* user, const Credentials& credentials, int attempt)
{
  // First the agent (when one runs), then the default ed25519 key; nothing is tried twice.
  const bool have_agent = credentials.ssh_agent_available;
  if (attempt == 1 && have_agent) {
    return git_credential_ssh_key_from_agent(out, user);
  }
  const bool key_turn = have_agent ? attempt == 2 : attempt == 1;
  const std::filesystem::path key = credentials.ssh_key_file;
  if (key_turn && !key.empty() && std::filesystem::exists(key)) {
    const std::string pub = key.string() + ".pub";
    return git_credential_ssh_key_new(
      out, user, std::filesystem::exists(pub) ? pub.c_str() : nullptr, key.c_str(), nullptr);
  }
  // Said here because libgit2 reports a refusing callback without any message.
  git_error_set_str(GIT_ERROR_SSH, attempt == 1 ? "no ssh key to offer (no ssh-agent, no "
                                                  "~/.ssh/id_ed25519): authentication impossible"
                                                : "the ssh server refused authentication with "
                                                  "every key offered");
  return GIT_EAUTH;
}

int
give_up_on_token(const Credentials& credentials)
{
  git_error_set_str(GIT_ERROR_HTTP, credentials.token
                                      ? "the server refused the token (authentication failed)"
                                      : "the server asks for credentials and no token is set");
  return GIT_EAUTH;
}

int
credentials_callback(git_credential** out, const char* /*url*/, const char* username_from_url,
                     unsigned int allowed, void* payload)
{
  RemoteContext& context = context_of(payload);
  network_progress();
  try {
    const int attempt = ++context.credential_calls;
    const Credentials& credentials = *context.credentials;
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
      const char* user = username_from_url != nullptr ? username_from_url : "git";
      return ssh_credential(out, user, credentials, attempt);
    }
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && credentials.token && attempt == 1) {
      return git_credential_userpass_plaintext_new(out, "x-access-token",
                                                   credentials.token->c_str());
    }
    return give_up_on_token(credentials);
  } catch (...) {
    context.error = std::current_exception();
    return GIT_EUSER;
  }
}

int
push_update_reference_callback(const char* refname, const char* status, void* payload)
{
  RemoteContext& context = context_of(payload);
  if (status != nullptr && context.rejection.empty()) {
    context.rejected_ref = refname != nullptr ? refname : "";
    context.rejection = status;
  }
  return 0;
}

// Tells the context's observer how far the transfer has come (its exceptions kept for later).
int
tell(RemoteContext& context, const TransferProgress& progress)
{
  if (context.progress == nullptr) {
    return 0;
  }
  try {
    (*context.progress)(progress);
    return 0;
  } catch (...) {
    context.error = std::current_exception();
    return GIT_EUSER;
  }
}

int
transfer_progress_callback(const git_indexer_progress* stats, void* payload)
{
  network_progress();
  return tell(context_of(payload), {TransferProgress::Direction::fetch, stats->received_objects,
                                    stats->total_objects, stats->received_bytes});
}

int
push_transfer_progress_callback(unsigned int current, unsigned int total, std::size_t bytes,
                                void* payload)
{
  network_progress();
  return tell(context_of(payload), {TransferProgress::Direction::push, current, total, bytes});
}

int
pack_progress_callback(int /*stage*/, std::uint32_t /*current*/, std::uint32_t /*total*/,
                       void* /*payload*/)
{
  network_progress();
  return 0;
}

int
sideband_callback(const char* text, int length, void* /*payload*/)
{
  network_progress();
  // Server messages (hook output and the like) are diagnostics: log them, never print them.
  spdlog::debug("remote: {}", std::string(text, static_cast<std::size_t>(length)));
  return 0;
}

} // namespace

git_remote_callbacks
make_callbacks(RemoteContext& context)
{
  git_remote_callbacks callbacks;
  git_remote_init_callbacks(&callbacks, GIT_REMOTE_CALLBACKS_VERSION);
  callbacks.credentials = credentials_callback;
  callbacks.push_update_reference = push_update_reference_callback;
  callbacks.sideband_progress = sideband_callback;
  callbacks.transfer_progress = transfer_progress_callback;
  callbacks.push_transfer_progress = push_transfer_progress_callback;
  callbacks.pack_progress = pack_progress_callback;
  callbacks.payload = &context;
  context.deadline.emplace();
  return callbacks;
}

void
rethrow_callback_error(const RemoteContext& context)
{
  if (context.error) {
    std::rethrow_exception(context.error);
  }
}

} // namespace ccsync::git
