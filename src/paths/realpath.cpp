// realpath(3) wrapper: the only I/O in src/paths/. Callers use it to fill Mapping::canonical and
// to resolve a cwd before computing its project directory.
#include "paths/realpath.hpp"

#include <cstdlib>
#include <memory>

namespace ccsync::paths {

std::optional<std::string>
real_path(const std::string& path)
{
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr),
                                                       &std::free);
  if (!resolved) {
    return std::nullopt;
  }
  return std::string(resolved.get());
}

} // namespace ccsync::paths
