#!/usr/bin/env bash
# Issue 22, item 11: the same session resumed twice on one machine. Two Claude Code processes
# (here two long-lived shells that run the hooks as Claude does, each with its record in
# <claude dir>/sessions/<pid>.json) run session S on alice; the first one ends. The lock must
# stay held for the second (before the fix the first exit released it under the second Claude,
# and bob could take S without being asked); when the second ends, the lock is released.
. "$(dirname "$0")/common.sh"
alice_and_bob
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
S=2e5a1ed0-1111-4111-8111-000000000001
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"hello"}}\n' \
  "$A/p/app" "$S" "$RECENT_DAY" >"$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
lock_json() { git --git-dir="$bare" show "refs/ccsync/locks/$S:lock.json" 2>/dev/null; }
held() { lock_json | grep -q '"state": "held"'; }
released() { lock_json | grep -q '"state": "released"'; }

step "the first Claude Code process resumes S: alice holds its lock"
stand_in_claude alice first "$S" "$A/p/app" "$adir/$S.jsonl"
claude_event first session-start resume
wait_until 30 "alice holds the lock of S" held
expect_contains "$(lock_json)" '"machine_id": "alice"'

step "a second one resumes S on the same machine"
stand_in_claude alice second "$S" "$A/p/app" "$adir/$S.jsonl"
claude_event second session-start resume
claude_event second user-prompt-submit
sleep 2
held || fail "the lock is not held while two Claude processes run S"

step "the first one ends: the lock stays held for the second"
claude_event first session-end
wait_until 30 "the first stand-in ended" sh -c "! kill -0 $(cat "$TEST_DIR/first.pid") 2>/dev/null"
sleep 8 # the worker's turn: it would release within a few seconds
held || fail "the first exit released the lock under the second Claude: $(lock_json)"
expect_exit 0 on alice ccsync status
log=$(cat "$A/.claude-session-sync/logs/ccsync.log")
expect_contains "$log" "still runs the session"

step "bob is refused the lock without --yes while the second Claude runs S"
expect_exit 0 on bob ccsync pull
rc=0; on bob ccsync lock acquire "$S" </dev/null >"$TEST_DIR/bob.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "bob took the lock of a session alice's Claude still runs"
expect_contains "$(lock_json)" '"machine_id": "alice"'

step "the second one ends: the lock is released"
claude_event second session-end
wait_until 60 "the lock of S is released" released
echo passed
