#!/usr/bin/env bash
# Issue 14, items 3, 4 and 6: lock files a killed git step leaves (in a path remote, in the local
# cache) never wedge a machine; a damaged cache is rebuilt; one damaged session lock affects its
# session only, is repaired by `lock release --force`, and never restarts the fencing token.
. "$(dirname "$0")/common.sh"
A=$(machine_home alice)
home="$A/.claude-session-sync"
remote="$home/remote.git"
mkdir -p "$A/p/app"
expect_exit 0 on alice ccsync init --machine-id alice --add-placeholder "P=$A/p"
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
line() { printf '{"type":"user","message":{"role":"user","content":"%s"},"cwd":"%s","sessionId":"%s"}\n' "$3" "$2" "$1"; }
S1=11111111-aaaa-4333-8444-555555555555
S2=22222222-aaaa-4333-8444-555555555555
line $S1 "$A/p/app" one > "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on alice ccsync lock acquire $S1

step "a ref lock left in the embedded remote by a killed push is cleared under ccsync's lock"
touch "$remote/refs/heads/main.lock" "$remote/refs/ccsync/locks/$S1.lock"
line $S1 "$A/p/app" two >> "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S1  appended"
expect_exit 0 on alice ccsync lock acquire $S1
[ -z "$(find "$remote" -name '*.lock' ! -name ccsync-push.lock)" ] || fail "lock files remain in the remote"
expect_contains "$(cat "$home/logs/ccsync.log")" "left by an interrupted push"

step "lock files in the local cache are cleared too (they made every fetch fail)"
touch "$home/repo.git/refs/remotes/origin/main.lock" "$home/repo.git/refs/heads/main.lock" \
      "$home/repo.git/packed-refs.lock"
line $S1 "$A/p/app" three >> "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on alice ccsync pull
[ -z "$(find "$home/repo.git" -name '*.lock')" ] || fail "lock files remain in the cache"

step "a cache damaged beyond that is rebuilt from the remote, with a log line"
rm -rf "$home/repo.git/objects"
line $S1 "$A/p/app" four >> "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S1  appended"
expect_contains "$(cat "$home/logs/ccsync.log")" "rebuilding it from the remote"
expect_contains "$(repo_transcript "$remote" "$S1")" "four"

step "a lock ref that is no commit: the other sessions go on, its session is named with the fix"
blob=$(echo "not a lock" | git --git-dir="$remote" hash-object -w --stdin)
git --git-dir="$remote" update-ref "refs/ccsync/locks/$S1" "$blob"
line $S1 "$A/p/app" five >> "$adir/$S1.jsonl"
line $S2 "$A/p/app" other > "$adir/$S2.jsonl"
expect_exit 3 on alice ccsync push
expect_contains "$OUT" "$S2  new"
expect_contains "$OUT" "lock release $S1 --force"
expect_exit 0 on alice ccsync lock show
expect_exit 1 on alice ccsync lock acquire $S1
expect_contains "$ERR" "lock of session $S1"
expect_contains "$ERR" "lock release $S1 --force"
expect_exit 0 on alice ccsync lock release $S1 --force
expect_exit 0 on alice ccsync lock acquire $S1
token=$(printf '%s' "$OUT" | sed -n 's/.*fencing token \([0-9]*\).*/\1/p')
[ "$token" -gt 1000000000 ] || fail "a lock with no readable history restarted its token at $token"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S1  appended"

step "garbage lock.json on a lock commit: repaired above the highest token of its history"
expect_exit 0 on alice ccsync lock acquire $S2
expect_exit 0 on alice ccsync lock release $S2
tmp="$TEST_DIR/garbage"; git clone -q --bare "$remote" "$tmp" 2>/dev/null || true
tree=$(printf 'garbage {' | git --git-dir="$remote" hash-object -w --stdin)
tree=$(printf '100644 blob %s\tlock.json\n' "$tree" | git --git-dir="$remote" mktree)
parent=$(git --git-dir="$remote" rev-parse "refs/ccsync/locks/$S2")
commit=$(git --git-dir="$remote" commit-tree "$tree" -p "$parent" -m garbage)
git --git-dir="$remote" update-ref "refs/ccsync/locks/$S2" "$commit"
expect_exit 1 on alice ccsync lock acquire $S2
expect_exit 0 on alice ccsync lock release $S2 --force
expect_exit 0 on alice ccsync lock acquire $S2
expect_contains "$OUT" "fencing token 3"

step "a lock whose expiry lies beyond TTL plus skew is not believed"
far=$(git --git-dir="$remote" hash-object -w --stdin <<JSON
{"session_id":"$S2","state":"held","machine_id":"ghost","hostname":"ghost","pid":1,
 "process_start":0,"acquired_at":"2026-01-01T00:00:00Z","heartbeat_at":"2026-01-01T00:00:00Z",
 "expires_at":"2099-01-01T00:00:00Z","fencing_token":7}
JSON
)
tree=$(printf '100644 blob %s\tlock.json\n' "$far" | git --git-dir="$remote" mktree)
commit=$(git --git-dir="$remote" commit-tree "$tree" -p "$(git --git-dir="$remote" rev-parse refs/ccsync/locks/$S2)" -m ghost)
git --git-dir="$remote" update-ref "refs/ccsync/locks/$S2" "$commit"
expect_exit 0 on alice ccsync lock acquire $S2
expect_contains "$OUT" "fencing token 8"
git --git-dir="$remote" fsck --no-dangling >/dev/null 2>&1 || fail "git fsck of the remote failed"
echo "passed"
