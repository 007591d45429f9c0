#!/usr/bin/env bash
# ccsync daemon: starts in the background, a second start says "already running", a cycle
# pushes a new session, a dead remote makes cycles fail without ending the daemon and the next
# cycle after it comes back pushes, --stop and SIGTERM end it, status shows it; the systemd
# unit passes systemd-analyze verify (where systemd is installed).
. "$(dirname "$0")/common.sh"

start_git_daemon
new_bare sync.git
A=$(machine_home alice)
mkdir -p "$A/projects/app"
on alice ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id alice >/dev/null
session() { # session ID TEXT
  local dir="$A/.claude/projects/$(printf '%s' "$A/projects/app" | sed 's#[^A-Za-z0-9]#-#g')"
  mkdir -p "$dir"
  printf '{"type":"user","cwd":"%s","sessionId":"%s","message":{"role":"user","content":"%s"}}\n' \
    "$A/projects/app" "$1" "$2" >>"$dir/$1.jsonl"
}
remote_has() { git --git-dir="$TEST_DIR/srv/sync.git" cat-file -e "main:$(sdir "$1")/meta.json" 2>/dev/null; }
wait_until() { # wait_until SECONDS WHAT COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 4))); do "$@" && return 0; sleep 0.25; done
  fail "not within $seconds s: $what"
}
# alive PID: the process runs (a zombie waiting for a parent that does not reap is dead).
alive() { [ -n "$(ps -o stat= -p "$1" 2>/dev/null | grep -v '^Z')" ]; }
daemon_pid() { sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$A/.claude-session-sync/daemon.json"; }
trap 'rc=$?; on alice "$CCSYNC_BIN" daemon --stop >/dev/null 2>&1 || true; (exit $rc); cleanup' EXIT

step "start in the background; a second start finds it"
expect_exit 0 on alice ccsync daemon --interval 5
expect_contains "$OUT" "started (pid"
pid=$(daemon_pid)
alive "$pid" || fail "no daemon process $pid"
expect_exit 0 on alice ccsync daemon --interval 5
expect_contains "$OUT" "already running (pid $pid)"
expect_exit 0 on alice ccsync status --format json
expect_contains "$OUT" '"running": true'

step "a cycle pushes a new session"
S1=44444444-aaaa-4aaa-8aaa-000000000001
session "$S1" "written while the daemon runs"
wait_until 30 "the new session in the remote" remote_has "$S1"

step "the remote goes down: cycles fail, the daemon stays; back up: the next cycle pushes"
stop_git_daemon
S2=44444444-aaaa-4aaa-8aaa-000000000002
session "$S2" "written while the remote is down"
failed() { grep -q '"last_error": "the cycle failed' "$A/.claude-session-sync/daemon.json"; }
wait_until 40 "a failed cycle recorded" failed
alive "$pid" || fail "the daemon died with the remote"
OUT=$(on alice "$CCSYNC_BIN" doctor 2>&1) || true
expect_contains "$OUT" "warn  daemon: pid $pid: the cycle failed"
start_git_daemon
sed -i "s#git://127.0.0.1:[0-9]*/#$GIT_DAEMON_URL/#" "$A/.claude-session-sync/config.json"
wait_until 40 "the session written offline in the remote" remote_has "$S2"

step "--stop ends it"
expect_exit 0 on alice ccsync daemon --stop
expect_contains "$OUT" "stopped (pid $pid)"
alive "$pid" && fail "the daemon still runs after --stop"
expect_exit 0 on alice ccsync daemon --stop
expect_contains "$OUT" "not running"

step "in the foreground, SIGTERM ends it"
(exec env HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" CLAUDE_CONFIG_DIR="$A/.claude" \
  "$CCSYNC_BIN" daemon --foreground --interval 5) >/dev/null 2>&1 &
fg=$!
running() { on alice "$CCSYNC_BIN" status --format json 2>/dev/null | grep -q '"running": true'; }
wait_until 20 "the foreground daemon" running
kill -TERM "$fg"
for _ in $(seq 60); do kill -0 "$fg" 2>/dev/null || break; sleep 0.5; done
kill -0 "$fg" 2>/dev/null && fail "SIGTERM did not end the daemon"
wait "$fg" || fail "the daemon exited non-zero after SIGTERM"

step "the systemd unit"
if command -v systemd-analyze >/dev/null 2>&1; then
  unit="$TEST_DIR/ccsync-daemon.service"
  sed "s#@CCSYNC@#$CCSYNC_BIN#" "$CCSYNC_SOURCE_DIR/install/ccsync-daemon.service" >"$unit"
  systemd-analyze verify "$unit" || fail "systemd-analyze verify refused the unit"
  sed "s#@CCSYNC@#$TEST_DIR/no-such-ccsync#" "$CCSYNC_SOURCE_DIR/install/ccsync-daemon.service" >"$unit"
  if systemd-analyze verify "$unit" 2>/dev/null; then fail "verify accepted a missing binary"; fi
else
  echo "note: systemd-analyze is not installed; the unit was not verified"
fi
echo "passed"
