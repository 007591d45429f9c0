// What the remote holds after a fetch (SyncRepo::refresh), as the checks of registry.hpp see it.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace ccsync::sync {

struct RemoteState {
  std::vector<std::string> branches; // every branch of the remote

  bool
  has_main() const
  {
    return std::find(branches.begin(), branches.end(), "main") != branches.end();
  }
};

} // namespace ccsync::sync
