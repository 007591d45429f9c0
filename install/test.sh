#!/bin/sh
# Builds ccsync with AddressSanitizer and UndefinedBehaviorSanitizer (Debug, warnings as errors)
# and runs every test: unit tests, and the end-to-end scripts against loopback servers.
# Installs what the build and the tests need first. CI runs exactly this script.
#
# usage: install/test.sh [CTEST_ARGS...]   e.g. install/test.sh -R e2e
set -eu
source_dir=$(cd "$(dirname "$0")/.." && pwd)
. "$source_dir/install/common.sh"

# git (and its daemon) serves the end-to-end tests, perl picks free ports, npm fetches the real
# Claude Code CLI for the conformance tests; curl steers the fake GitHub, openssl makes its test
# CA, openssh-server is the loopback ssh remote, procps (ps) checks argv for secrets, bsdutils
# (script) gives tests a terminal, tmux drives resume's picker like a person, strace injects the
# fault suite's crashes at exact system calls; dbus (dbus-run-session), gnome-keyring and
# libsecret-tools (secret-tool) give the keychain test a real Secret Service; the benchmark smoke test (tests/bench/run.sh) reads
# peak RSS with time (/usr/bin/time -v), writes its results with jq and takes locks with flock
# (util-linux); python3 and clang-format (Debian 12: 14) run the lint test (tests/lint/lint.py),
# clang-tidy (Debian 12: 14) runs the .clang-tidy checks over src/ (tests/lint/tidy.sh).
install_missing $BUILD_PACKAGES git perl curl openssl openssh-server procps bsdutils tmux strace \
  dbus gnome-keyring libsecret-tools \
  time jq util-linux python3 clang-format clang-tidy
command -v npm >/dev/null 2>&1 || install_missing nodejs npm

build_dir="$source_dir/build/asan"
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DCCSYNC_SANITIZERS=ON \
  -DCCSYNC_WERROR=ON >/dev/null
cmake --build "$build_dir" -j "$(build_jobs)"

claude_dir="$build_dir/claude-cli"
if ! "$source_dir/tests/support/install-claude.sh" "$claude_dir"; then
  echo "test.sh: warning: could not install the Claude Code CLI; tests that need it will skip" >&2
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$source_dir/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$build_dir"
ctest --output-on-failure -j "$(build_jobs)" "$@"
