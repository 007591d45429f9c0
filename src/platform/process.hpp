// Processes: parent pid, start times (to tell a live holder from a reused pid), liveness.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::platform {

long parent_process_id();

// The parent of process `pid` (0 when unknown), and its command name (/proc/<pid>/comm).
long parent_of(long pid);
std::string process_name(long pid);

// The start time of process `pid` in clock ticks since boot (Linux /proc/<pid>/stat field 22);
// 0 when unknown (no such process, or no /proc).
std::int64_t process_start_time(long pid);

// True when process `pid` runs and, if `start_time` is not 0, started at `start_time`.
bool process_alive(long pid, std::int64_t start_time);

// Runs `body` in a process of its own that is no child of this one: fork, setsid, fork again
// (the middle process exits at once, so the new one is re-parented and outlives this one and its
// parent's process group), standard streams on /dev/null, every other descriptor closed but
// `keep_fd`. This process returns as soon as the middle one has exited; the new process exits
// with `body`'s value and never returns here.
void spawn_detached(const std::function<int()>& body, int keep_fd = -1);

// Runs `argv` (argv[0] a path, or a name looked up on the PATH of `env`) in `cwd` with exactly
// the environment `env`, in the foreground on this terminal, and waits for it: its exit code
// (128 + the signal when a signal ended it). While it runs, the terminal's SIGINT and SIGQUIT
// are its alone (this process ignores them). `started` is called with its pid once it runs.
// Error{usage} when it cannot be started.
int run_foreground(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                   const std::filesystem::path& cwd, const std::function<void(long)>& started);

// Where `name` is found: itself when it contains a slash, else the first executable file of that
// name in the `:`-separated `path`; nothing when there is none.
std::optional<std::filesystem::path> find_program(const std::string& name, const std::string& path);

// Runs `body` in a child process and waits for it up to `timeout` (then kills it): its exit
// code, or nothing when it was killed or died of a signal. A network step that hangs, or a
// deadline that ends its process, costs the caller nothing but the step.
std::optional<int> run_in_child(const std::function<int()>& body,
                                std::chrono::milliseconds timeout);

} // namespace ccsync::platform
