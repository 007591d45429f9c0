// How this machine's copy of a session relates to the repository's: the input of the push and
// pull decisions (decisions.hpp), computed line by line by store/transcript_compare.hpp.
#pragma once

namespace ccsync::sync {

enum class Relation {
  equal,        // the same lines
  local_ahead,  // the repository's copy is a prefix of the local one
  remote_ahead, // the local copy is a prefix of the repository's
  diverged,     // they differ after a common prefix (possibly empty)
};

} // namespace ccsync::sync
