#!/usr/bin/env bash
# --version, help, unknown commands, usage errors, and the alias name.
. "$(dirname "$0")/common.sh"

step "version and help"
expect_exit 0 on a ccsync --version
expect_contains "$OUT" "ccsync 0."
expect_exit 0 on a ccsync help
expect_contains "$OUT" "init"
expect_contains "$OUT" "config"
expect_exit 0 on a ccsync help init
expect_contains "$OUT" "--remote"
expect_exit 0 on a ccsync init --help
expect_contains "$OUT" "--add-placeholder"
expect_exit 0 on a ccsync config --help
expect_contains "$OUT" "set-path"

step "the claude-session-sync name runs the same program"
ln -s "$CCSYNC_BIN" "$TEST_DIR/claude-session-sync"
expect_exit 0 "$TEST_DIR/claude-session-sync" --version
expect_contains "$OUT" "ccsync 0."

step "the ccsync program answers --version, status and the hooks itself; the rest is the engine's"
mkdir -p "$TEST_DIR/alone"
cp "$CCSYNC_BIN" "$TEST_DIR/alone/ccsync" # without ccsync-engine beside it
new_bare() { git init -q --bare -b main "$TEST_DIR/$1"; }
new_bare alone.git
expect_exit 0 on solo ccsync init --remote "$TEST_DIR/alone.git" --machine-id solo
expect_exit 0 on solo "$TEST_DIR/alone/ccsync" --version
expect_exit 0 on solo "$TEST_DIR/alone/ccsync" status
expect_contains "$OUT" "machine:     solo"
expect_contains "$OUT" "repository:  " # the view the engine's init left
expect_exit 0 on solo "$TEST_DIR/alone/ccsync" status --format json
expect_contains "$OUT" '"machine_id": "solo"'
echo '{"session_id":"s1","hook_event_name":"Stop","cwd":"/nowhere"}' |
  on solo "$TEST_DIR/alone/ccsync" hook stop >"$TEST_DIR/hook.out" 2>&1 || fail "a hook did not exit 0"
expect_eq "$(cat "$TEST_DIR/hook.out")" "" "a hook's output"
expect_exit 1 on solo "$TEST_DIR/alone/ccsync" push
expect_contains "$ERR" "ccsync's engine is missing"
expect_contains "$ERR" "reinstall ccsync"
case $(ldd "$CCSYNC_BIN") in
  *libgit2*|*httplib*|*libre2*|*libsodium*|*ncurses*|*libsecret*|*libglib*|*libz.so*) fail "the ccsync program links the engine's libraries" ;;
esac

step "the front and its engine agree on their version (a half-finished upgrade is refused)"
version=$("$CCSYNC_BIN" --version | sed 's/^ccsync //')
mkdir -p "$TEST_DIR/mixed"
cp "$CCSYNC_BIN" "$TEST_DIR/mixed/ccsync"
printf '#!/bin/sh\necho "front version: $CCSYNC_FRONT_VERSION"\n' >"$TEST_DIR/mixed/ccsync-engine"
chmod +x "$TEST_DIR/mixed/ccsync-engine"
expect_exit 0 on solo "$TEST_DIR/mixed/ccsync" list
expect_eq "$OUT" "front version: $version" "what the front tells the engine"
engine="$(dirname "$CCSYNC_BIN")/ccsync-engine"
CCSYNC_FRONT_VERSION=0.0.1 expect_exit 1 on solo "$engine" list
expect_contains "$ERR" "ccsync 0.0.1 found its engine at version $version"
expect_contains "$ERR" "hint: reinstall ccsync"
CCSYNC_FRONT_VERSION=$version expect_exit 0 on solo "$engine" list

step "unknown command suggests the nearest"
expect_exit 2 on a ccsync inti
expect_contains "$ERR" "ccsync: error: unknown command 'inti'"
expect_contains "$ERR" "hint: did you mean 'init'?"
expect_exit 2 on a ccsync statsu
expect_contains "$ERR" "did you mean 'status'?"
expect_exit 2 on a ccsync
expect_contains "$ERR" "usage: ccsync"

step "help and errors speak ccsync's words, not the argument library's"
expect_exit 0 on a ccsync help lock acquire
expect_contains "$OUT" "Usage: ccsync lock acquire"
expect_contains "$OUT" "--pid PID"
expect_exit 0 on a ccsync push --help
expect_contains "$OUT" "--format table|json"
expect_exit 0 on a ccsync resume --help
expect_contains "$OUT" "Esc or Ctrl-C leaves"
for args in "push --help" "daemon --help" "list --format xml" "daemon --interval 2" "push --format"; do
  on a ccsync $args >"$TEST_DIR/words" 2>&1 || true
  for word in ENUM TEXT " INT" "->" FAILED "OR {"; do
    expect_not_contains "$(cat "$TEST_DIR/words")" "$word" "ccsync $args"
  done
done
expect_exit 2 on a ccsync list --format xml
expect_contains "$ERR" "ccsync: error: --format: 'xml' is not table or json"
expect_exit 2 on a ccsync lsit
expect_contains "$ERR" "did you mean 'list'?"

step "usage errors exit 2 and change nothing"
expect_exit 2 on a ccsync init --no-such-flag
expect_contains "$ERR" "ccsync: error:"
expect_exit 2 on a ccsync init --add-placeholder lower=/x
expect_contains "$ERR" "placeholder name 'lower' is not valid"
expect_exit 2 on a ccsync init --add-placeholder PROJECTS=relative/path
expect_contains "$ERR" "is not an absolute path"
expect_exit 2 on a ccsync init --machine-id "Bad Id"
expect_exit 2 on a ccsync config frobnicate
[ ! -e "$(machine_home a)/.claude-session-sync/config.json" ] || fail "a usage error wrote config.json"

step "commands other than init need init first"
expect_exit 1 on a ccsync status
expect_contains "$ERR" "not set up on this machine"
expect_contains "$ERR" "hint: run 'ccsync init' first"

step "nothing but deliberate output on stdout"
expect_exit 2 on a ccsync -v inti
[ -z "$OUT" ] || fail "an error wrote to stdout: $OUT"
echo "passed"
