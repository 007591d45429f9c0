// libsecret's asynchronous calls run on a main context of their own, with a timer: a Secret
// Service that hangs (or waits on an unlock prompt) is cancelled at the timeout instead of
// blocking the command (see keychain.hpp).
#include "crypto/keychain.hpp"

#include <spdlog/spdlog.h>

#include <functional>
#include <libsecret/secret.h>
#include <memory>

namespace ccsync::crypto {
namespace {

const SecretSchema*
schema()
{
  static const SecretSchema k_schema = {
    "org.ccsync.RepositoryKey",
    SECRET_SCHEMA_NONE,
    {{"ccsync_home", SECRET_SCHEMA_ATTRIBUTE_STRING}, {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING}},
    0,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr};
  return &k_schema;
}

template <class T, void (*Free)(T*)> struct GDeleter {
  void
  operator()(T* object) const noexcept
  {
    Free(object);
  }
};
void
unref_object(GObject* object)
{
  g_object_unref(object);
}
using Context = std::unique_ptr<GMainContext, GDeleter<GMainContext, g_main_context_unref>>;
using Loop = std::unique_ptr<GMainLoop, GDeleter<GMainLoop, g_main_loop_unref>>;
using Object = std::unique_ptr<GObject, GDeleter<GObject, unref_object>>;
using Source = std::unique_ptr<GSource, GDeleter<GSource, g_source_unref>>;

// One call in flight: the loop to stop and the result when it comes.
struct Pending {
  GMainLoop* loop = nullptr;
  Object result;
};

void
on_done(GObject* /*source*/, GAsyncResult* result, gpointer data)
{
  auto* pending = static_cast<Pending*>(data);
  pending->result.reset(G_OBJECT(g_object_ref(result)));
  g_main_loop_quit(pending->loop);
}

gboolean
on_timeout(gpointer data)
{
  g_main_loop_quit(static_cast<Pending*>(data)->loop);
  return G_SOURCE_REMOVE;
}

using Start = std::function<void(GCancellable*, GAsyncReadyCallback, gpointer)>;

// Runs `start` on a main context of its own for up to `timeout`: the call's result, or nothing
// (cancelled at the timeout). The context is this thread's default while it runs, so libsecret's
// D-Bus traffic is dispatched here and nowhere else.
Object
run_bounded(const Start& start, std::chrono::milliseconds timeout)
{
  const Context context(g_main_context_new());
  g_main_context_push_thread_default(context.get());
  const Loop loop(g_main_loop_new(context.get(), FALSE));
  const Object cancel(G_OBJECT(g_cancellable_new()));
  auto pending = std::make_unique<Pending>();
  pending->loop = loop.get();
  start(G_CANCELLABLE(cancel.get()), on_done, pending.get());
  const Source timer(g_timeout_source_new(static_cast<guint>(timeout.count())));
  g_source_set_callback(timer.get(), on_timeout, pending.get(), nullptr);
  g_source_attach(timer.get(), context.get());
  g_main_loop_run(loop.get());
  g_source_destroy(timer.get());
  if (!pending->result) {
    g_cancellable_cancel(G_CANCELLABLE(cancel.get()));
    for (int i = 0; i < 100 && !pending->result; ++i) { // a cancelled call completes at once
      g_main_context_iteration(context.get(), FALSE);
    }
  }
  Object result = std::move(pending->result);
  g_main_context_pop_thread_default(context.get());
  if (!result) {
    spdlog::warn("the keychain did not answer within {} ms", timeout.count());
  }
  return result;
}

void
log_error(const char* what, GError* error)
{
  if (error != nullptr) {
    spdlog::info("keychain: {}: {}", what, error->message);
    g_error_free(error);
  }
}

} // namespace

bool
keychain_store(const std::string& ccsync_home, const RepoKey& key,
               std::chrono::milliseconds timeout)
{
  const std::string label = "ccsync repository key (" + ccsync_home + ")";
  const std::string secret = key.recovery();
  const Object result = run_bounded(
    [&](GCancellable* cancel, GAsyncReadyCallback done, gpointer data) {
      secret_password_store(schema(), SECRET_COLLECTION_DEFAULT, label.c_str(), secret.c_str(),
                            cancel, done, data, "ccsync_home", ccsync_home.c_str(), nullptr);
    },
    timeout);
  if (!result) {
    return false;
  }
  GError* error = nullptr;
  const bool stored = secret_password_store_finish(G_ASYNC_RESULT(result.get()), &error) != FALSE;
  log_error("storing the key", error);
  return stored;
}

std::optional<RepoKey>
keychain_load(const std::string& ccsync_home, std::chrono::milliseconds timeout)
{
  const Object result = run_bounded(
    [&](GCancellable* cancel, GAsyncReadyCallback done, gpointer data) {
      secret_password_lookup(schema(), cancel, done, data, "ccsync_home", ccsync_home.c_str(),
                             nullptr);
    },
    timeout);
  if (!result) {
    return std::nullopt;
  }
  GError* error = nullptr;
  gchar* text = secret_password_lookup_finish(G_ASYNC_RESULT(result.get()), &error);
  log_error("reading the key", error);
  if (text == nullptr) {
    return std::nullopt;
  }
  auto key = RepoKey::from_recovery(text);
  secret_password_free(text);
  return key;
}

} // namespace ccsync::crypto
