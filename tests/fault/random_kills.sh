#!/usr/bin/env bash
# Random kills: push and pull killed with SIGKILL after a random delay (N per command, 10 by
# default; tests/README.md gives the full run, 100), then the world must recover as after any fault.
#   random_kills.sh [N]
. "$(dirname "$0")/../e2e/common.sh"
. "$(dirname "$0")/world.sh"
runs=${1:-10}
w="$TEST_DIR/w"
make_world "$w"; save_world "$w" "$TEST_DIR/t0.tar"; rm -rf "$w"
make_world "$w" pushed; save_world "$w" "$TEST_DIR/t1.tar"
RANDOM=20261129 # reproducible
kill_after() { # kill_after WORLD MACHINE MS ARGS...
  local w=$1 m=$2 ms=$3; shift 3
  HOME="$w/$m" CCSYNC_HOME="$w/$m/.cs" CLAUDE_CONFIG_DIR="$w/$m/.claude" "$CCSYNC_BIN" "$@" \
    >/dev/null 2>&1 &
  local pid=$!
  sleep "$(printf '0.%03d' "$ms")"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
for what in "t0 a push" "t1 b push" "t1 b pull"; do
  set -- $what
  step "$2 $3 killed $runs times at random"
  for _ in $(seq 1 "$runs"); do
    restore_world "$TEST_DIR/$1.tar" "$w"
    kill_after "$w" "$2" $((RANDOM % 900)) "$3"
    recover "$w"
    check_world "$w"
  done
done
echo passed
