#!/usr/bin/env bash
# Working on a train (issue 22, item 2): a whole session that starts and ends while the remote is
# unreachable leaves no mark on its lock; back online, its lines are pushed and it resumes on the
# other machine. A lock ref that an earlier version left as an empty commit heals, and a lock that
# cannot be read is shown by `lock show` and `doctor` with its repair.
. "$(dirname "$0")/common.sh"
alice_and_bob
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
S=0ff11e00-1111-4111-8111-000000000001
S2=0ff11e00-2222-4222-8222-000000000002
S3=0ff11e00-3333-4333-8333-000000000003
say() { # say ID TEXT: one more line in alice's session ID
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"%s"}}\n' \
    "$A/p/app" "$1" "$RECENT_DAY" "$2" >>"$adir/$1.jsonl"
}
for id in $S $S2 $S3; do say "$id" "first line of $id"; done
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull
hook() { # hook EVENT SOURCE: Claude's hook for session $S on alice, from a short-lived parent
  printf '{"session_id":"%s","cwd":"%s","hook_event_name":"%s","source":"%s","transcript_path":"%s"}' \
    "$S" "$A/p/app" "$1" "$2" "$adir/$S.jsonl" >"$TEST_DIR/payload.json"
  on alice sh -c "\"\$0\" hook $1 <\"\$1\"" "$CCSYNC_BIN" "$TEST_DIR/payload.json" >>"$TEST_DIR/hooks.out"
}
worker_gone() { flock -n "$A/.claude-session-sync/workers/$S.lock" true 2>/dev/null; }
lock_tree() { git --git-dir="$bare" ls-tree --name-only "refs/ccsync/locks/$1" 2>/dev/null; }

step "a whole session while the remote is down; Claude is told once"
stop_git_daemon
hook session-start resume
expect_contains "$(cat "$TEST_DIR/hooks.out")" '{"systemMessage":"ccsync: the sync remote did not answer'
expect_contains "$(cat "$TEST_DIR/hooks.out")" "this session is kept here and pushed when it does"
: >"$TEST_DIR/hooks.out"
hook session-start resume # the same trouble again: not said twice in a day
expect_eq "$(cat "$TEST_DIR/hooks.out")" "" "a second session start's output"
say "$S" "OFFLINE-TURN-1"
hook user-prompt-submit ""
hook stop ""
say "$S" "OFFLINE-TURN-2"
hook session-end ""
for _ in $(seq 120); do worker_gone && break; sleep 0.25; done
worker_gone || fail "the session's worker did not end"
expect_eq "$(cat "$TEST_DIR/hooks.out")" "" "what the hooks printed"
expect_exit 0 on alice ccsync status --format json
expect_contains "$OUT" '"depth": 2' "the outbox (a push and a release wait)"

step "back online: the outbox drains, and the lock ref holds no empty commit"
restart_git_daemon
expect_exit 0 on alice ccsync push
expect_exit 0 on alice ccsync status --format json
expect_contains "$OUT" '"depth": 0' "the outbox after the push"
if git --git-dir="$bare" rev-parse -q --verify "refs/ccsync/locks/$S" >/dev/null; then
  [ -n "$(lock_tree "$S")" ] || fail "the lock ref of $S is an empty commit"
fi
repo_transcript "$bare" "$S" | grep -q OFFLINE-TURN-2 || fail "the offline lines were not pushed"

step "the session resumes on the other machine"
fake="$TEST_DIR/fake-claude"
printf '#!/bin/sh\necho "$@" >"%s/fake.args"\n' "$TEST_DIR" >"$fake"
chmod +x "$fake"
expect_exit 0 on bob env CCSYNC_CLAUDE="$fake" "$CCSYNC_BIN" resume "$S" </dev/null
expect_contains "$(cat "$TEST_DIR/fake.args")" "--resume $S"
grep -q OFFLINE-TURN-2 "$B/.claude/projects/$(enc "$B/q/app")/$S.jsonl" ||
  fail "bob's copy lacks the offline lines"

step "an empty commit on a lock ref (left by an earlier version) is no lock: it heals"
empty_tree=$(git --git-dir="$bare" mktree </dev/null)
git --git-dir="$bare" update-ref "refs/ccsync/locks/$S2" \
  "$(git --git-dir="$bare" commit-tree "$empty_tree" -m 'lock: alice releases')"
say "$S2" "after the empty lock"
expect_exit 0 on alice ccsync push "$S2" # not held back
expect_exit 0 on bob ccsync lock acquire "$S2"
expect_contains "$OUT" "Acquired the lock on $S2"
[ -n "$(lock_tree "$S2")" ] || fail "the healed lock ref holds no lock.json"

step "a lock that cannot be read: lock show and doctor name it with its repair"
blob=$(printf 'not json' | git --git-dir="$bare" hash-object -w --stdin)
tree=$(printf '100644 blob %s\tlock.json\n' "$blob" | git --git-dir="$bare" mktree)
git --git-dir="$bare" update-ref "refs/ccsync/locks/$S3" \
  "$(git --git-dir="$bare" commit-tree "$tree" -m damaged)"
expect_exit 0 on bob ccsync lock show
expect_contains "$OUT" "$S3"
expect_contains "$OUT" "damaged: repair it with 'ccsync lock release $S3 --force'"
expect_exit 1 on bob ccsync doctor
expect_contains "$OUT$ERR" "damaged lock"
expect_contains "$OUT$ERR" "ccsync lock release $S3 --force"
expect_exit 0 on bob ccsync lock release "$S3" --force
expect_exit 0 on bob ccsync lock show --format json
expect_not_contains "$OUT" '"damaged"'
