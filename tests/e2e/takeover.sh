#!/usr/bin/env bash
# Issue 22, item 11: taking a lock over. Asked on a terminal, the question comes once; "no" is a
# choice, not an error (exit 3, "Not taken over", nothing written); and the machine that lost the
# lock is told, in Claude, at its session's next turn.
. "$(dirname "$0")/common.sh"
command -v script >/dev/null || skip "script (bsdutils) is not installed"
alice_and_bob
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
S=7a4e0e00-1111-4111-8111-000000000001
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"hello"}}\n' \
  "$A/p/app" "$S" "$RECENT_DAY" >"$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull
lock_json() { git --git-dir="$bare" show "refs/ccsync/locks/$S:lock.json" 2>/dev/null; }
held_by() { lock_json | grep -q "\"machine_id\": \"$1\"" && lock_json | grep -q '"state": "held"'; }

step "alice's Claude runs S: alice holds the lock"
stand_in_claude alice claude "$S" "$A/p/app" "$adir/$S.jsonl"
claude_event claude session-start resume
wait_until 30 "alice holds the lock of S" held_by alice
commits_before=$(git --git-dir="$bare" rev-list --count "refs/ccsync/locks/$S")

step "bob is asked once on a terminal, says no: exit 3, nothing written"
rc=0
printf 'n\n' | on bob script -qec "'$CCSYNC_BIN' lock acquire $S" /dev/null >"$TEST_DIR/declined.out" 2>&1 ||
  rc=$?
out=$(tr -d '\r' <"$TEST_DIR/declined.out")
expect_eq "$(grep -o 'Take over?' <<<"$out" | wc -l)" 1 "times bob was asked"
expect_contains "$out" "Not taken over: session $S stays with alice"
expect_not_contains "$out" "error"
expect_eq "$rc" 3 "exit code of a declined takeover"
expect_eq "$(git --git-dir="$bare" rev-list --count "refs/ccsync/locks/$S")" "$commits_before" \
  "lock commits after declining"
held_by alice || fail "the lock moved although bob declined"

step "without a terminal and without --yes bob is refused, with the way to take it"
expect_exit 75 on bob ccsync lock acquire "$S"
expect_contains "$ERR" "take it over with --yes"

step "bob takes it over with --yes; alice's Claude is told at its next turn, once"
expect_exit 0 on bob ccsync lock acquire "$S" --yes
expect_contains "$OUT" "Took over"
notice="$A/.claude-session-sync/taken-over/$S.txt"
wait_until 30 "alice's worker noticed the takeover" test -f "$notice"
claude_event claude user-prompt-submit
wait_until 10 "the hook told alice" grep -q "taken over" "$TEST_DIR/claude.out"
expect_contains "$(cat "$TEST_DIR/claude.out")" '{"systemMessage":"ccsync: this session was taken over: session'
expect_contains "$(cat "$TEST_DIR/claude.out")" "locked by bob"
claude_event claude stop
sleep 1
expect_eq "$(grep -c 'taken over' "$TEST_DIR/claude.out")" 1 "times alice was told"

step "the session ends: a note never said is not left behind"
printf 'unsaid' >"$notice"
claude_event claude session-end
wait_until 30 "alice's worker ended" sh -c "flock -n '$A/.claude-session-sync/workers/$S.lock' true"
[ ! -e "$notice" ] || fail "a takeover note outlived its session: $notice"
echo passed
