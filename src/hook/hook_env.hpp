// What the hook path runs with: the environment, the directories and the configuration, loaded
// without anything from cli/ (no argument parser, no libgit2 until a network step needs it).
#pragma once

#include "config/config.hpp"
#include "platform/dirs.hpp"
#include "platform/env.hpp"

#include <chrono>

namespace ccsync::hook {

struct HookEnv {
  platform::Environment env;
  platform::Dirs dirs;
  config::Loaded config;

  std::chrono::seconds
  deadline() const
  {
    return std::chrono::seconds(config.config.hook_deadline_seconds.value);
  }
};

// The exit code of a hook process in every case, deadlines included: Claude Code treats anything
// else as an error (2 would even block a prompt or continue a turn).
inline constexpr int k_hook_exit = 0;

} // namespace ccsync::hook
