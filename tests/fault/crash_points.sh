#!/usr/bin/env bash
# Crash-point sweep: kills push, pull and `lock acquire` at each rename and link they make (the
# atomic-file renames, renameat2 for a file that must not exist yet, git's object links and
# ref-lock renames), with SIGKILL and, where asked, SIGTERM and SIGINT; then the machines run
# their ordinary commands, which must succeed, and nothing may be lost, corrupt or stale
# (world.sh). strace's syscall injection places the signal.
#   crash_points.sh [--full]    (--full: every rename and link point with KILL, TERM and INT;
#   default, for CI: every rename and every third link with KILL, every fourth rename with TERM)
. "$(dirname "$0")/../e2e/common.sh"
. "$(dirname "$0")/world.sh"
command -v strace >/dev/null || skip "strace is not installed"
strace -f -o /dev/null true 2>/dev/null || skip "strace cannot trace here (ptrace not permitted)"
full=no; [ "${1:-}" = --full ] && full=yes

w="$TEST_DIR/w"
make_world "$w"; save_world "$w" "$TEST_DIR/t0.tar"; rm -rf "$w"
make_world "$w" pushed; save_world "$w" "$TEST_DIR/t1.tar"

# calls TAR MACHINE SYSCALL ARGS...: how often the command makes that system call.
calls() {
  local tar=$1 m=$2 call=$3; shift 3
  restore_world "$tar" "$w"
  HOME="$w/$m" CCSYNC_HOME="$w/$m/.cs" CLAUDE_CONFIG_DIR="$w/$m/.claude" \
    strace -f -qq -c -e trace="$call" -o "$TEST_DIR/count.txt" "$CCSYNC_BIN" "$@" >/dev/null 2>&1 || true
  awk -v c="$call" '$NF == c {print $4}' "$TEST_DIR/count.txt" | head -1
}

faults=0
sweep() { # sweep TAR MACHINE ARGS...
  local template=$1 m=$2; shift 2
  local call n count signal
  for call in rename renameat2 link; do
    count=$(calls "$template" "$m" "$call" "$@"); count=${count:-0}
    for n in $(seq 1 "$count"); do
      if [ "$full" = no ] && [ "$call" = link ] && [ $((n % 3)) -ne 1 ]; then continue; fi
      for signal in KILL TERM INT; do
        if [ "$full" = no ] && [ "$signal" != KILL ]; then
          [ "$signal" = TERM ] && [ "$call" != link ] && [ $((n % 4)) -eq 1 ] || continue
        fi
        restore_world "$template" "$w"
        ( HOME="$w/$m" CCSYNC_HOME="$w/$m/.cs" CLAUDE_CONFIG_DIR="$w/$m/.claude" \
          timeout -k 10 120 strace -f -qq -o /dev/null -e trace="$call" \
          -e inject="$call:signal=$signal:when=$n" "$CCSYNC_BIN" "$@" >/dev/null 2>&1 ) 2>/dev/null ||
          [ $? -ne 124 ] || fail "$m $* hung when sent $signal at $call #$n"
        recover "$w" || fail "$m $* killed ($signal) at $call #$n"
        check_world "$w" || fail "$m $* killed ($signal) at $call #$n"
        faults=$((faults + 1))
      done
    done
    echo "$m $*: $call x$count swept"
  done
}

step "push (append + new session), killed at every point"
sweep "$TEST_DIR/t0.tar" a push
step "push of diverged lines (a fork), killed at every point"
sweep "$TEST_DIR/t1.tar" b push
step "pull that splits a diverged session and writes a new one, killed at every point"
sweep "$TEST_DIR/t1.tar" b pull
step "lock acquire, killed at every point"
sweep "$TEST_DIR/t0.tar" a lock acquire $S1
echo "passed ($faults faults)"
