#!/usr/bin/env bash
# One resolver for every command that takes sessions (issue 22, item 7): a unique id prefix works
# in push, pull, scan and lock acquire as in resume; an id that names nothing, or several, is a
# usage error (exit 2) naming it, never a quiet success.
. "$(dirname "$0")/common.sh"
alice_and_bob
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
S1=e5ed1d72-1111-4111-8111-000000000001
S2=e5ed1d72-2222-4222-8222-000000000002
S3=0badc0de-3333-4333-8333-000000000003
key=AKIAQYLPMN5HHWFPZAM2
for id in $S1 $S2 $S3; do
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"hello %s"}}\n' \
    "$A/p/app" "$id" "$RECENT_DAY" "$id" >"$adir/$id.jsonl"
done
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:01.000Z","message":{"role":"user","content":"export AWS_ACCESS_KEY_ID=%s"}}\n' \
  "$A/p/app" "$S1" "$RECENT_DAY" "$key" >>"$adir/$S1.jsonl"

step "scan with a prefix scans that session"
expect_exit 0 on alice ccsync scan e5ed1d72-1
expect_contains "$OUT" "aws-access-key"
expect_exit 2 on alice ccsync scan 0bad-nothing
expect_contains "$ERR" "no session here has an id starting with '0bad-nothing'"

step "an ambiguous prefix lists the sessions it matches"
expect_exit 2 on alice ccsync push e5ed1d72
expect_contains "$ERR" "'e5ed1d72' matches several sessions"
expect_contains "$ERR" "$S1"
expect_contains "$ERR" "$S2"

step "push with a prefix pushes that session only; an unknown id is an error"
expect_exit 0 on alice ccsync push 0bad
expect_eq "$(repo_sessions "$bare")" "$S3" "the repository's sessions"
expect_exit 2 on alice ccsync push ffffffff
expect_contains "$ERR" "no session here has an id starting with 'ffffffff'"
expect_exit 0 on alice ccsync push

step "pull with a prefix pulls that session only; an unknown id is an error"
expect_exit 0 on bob ccsync pull e5ed1d72-2
bdir="$B/.claude/projects/$(enc "$B/q/app")"
[ -f "$bdir/$S2.jsonl" ] || fail "pull of a prefix did not write $S2"
[ ! -e "$bdir/$S1.jsonl" ] || fail "pull of a prefix wrote $S1 too"
expect_exit 2 on bob ccsync pull ffffffff
expect_contains "$ERR" "no session in the repository has an id starting with 'ffffffff'"

step "lock acquire takes a prefix, and refuses what is no session"
expect_exit 0 on bob ccsync lock acquire 0bad
expect_contains "$OUT" "Acquired the lock on $S3"
expect_exit 2 on bob ccsync lock acquire my-session
git --git-dir="$bare" rev-parse -q --verify refs/ccsync/locks/my-session >/dev/null &&
  fail "a lock ref was made for an id that is no session"
echo "passed"
