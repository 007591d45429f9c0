// Ref names of the sync repository and their local copies.
#include "sync/repo/refs.hpp"

#include "util/error.hpp"

#include <string_view>

namespace ccsync::sync {
namespace {

constexpr std::string_view k_heads = "refs/heads/";
constexpr std::string_view k_tracking_heads = "refs/remotes/origin/";
constexpr std::string_view k_tracking_locks = "refs/ccsync/remote-locks/";

} // namespace

std::string
tracking_ref(const std::string& ref)
{
  if (ref.starts_with(k_heads)) {
    return std::string(k_tracking_heads) + ref.substr(k_heads.size());
  }
  if (is_lock_ref(ref)) {
    return std::string(k_tracking_locks) + ref.substr(std::string_view(k_locks_prefix).size());
  }
  throw Error(ErrorKind::internal, "no tracking ref for '" + ref + "'");
}

bool
is_lock_ref(const std::string& ref)
{
  return ref.starts_with(k_locks_prefix);
}

} // namespace ccsync::sync
