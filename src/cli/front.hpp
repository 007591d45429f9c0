// The `ccsync` program itself: a small front that answers what must be fast on its own (the
// version, `status`, and Claude Code's hooks, which run at every prompt and every turn) and hands
// every other command to ccsync's engine (platform::engine_path) by exec, arguments and environment
// unchanged. The front links neither libgit2 nor the HTTP, regex, crypto or terminal
// libraries, so it starts in about a millisecond; the engine, the whole of ccsync, costs its
// libraries' start-up only where they work.
#pragma once

namespace ccsync::cli {

// main() of `ccsync`.
int front(int argc, char** argv);

} // namespace ccsync::cli
