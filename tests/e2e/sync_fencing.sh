#!/usr/bin/env bash
# Fencing: a machine that lost its session lock (taken over after expiry or with --yes) cannot
# overwrite the new holder's lines; its own lines are kept as a forked session.
. "$(dirname "$0")/common.sh"
alice_and_bob
S=33333333-2222-4333-8444-555555555555
adir="$A/.claude/projects/$(enc "$A/p/app")"; bdir="$B/.claude/projects/$(enc "$B/q/app")"
line() { printf '{"type":"user","message":{"role":"user","content":"%s"},"cwd":"%s","sessionId":"%s"}\n' "$3" "$2" "$1"; }
mkdir -p "$adir"
line $S "$A/p/app" "one" > "$adir/$S.jsonl"

step "alice works under the lock (token 1) and pushes"
expect_exit 0 on alice ccsync lock acquire $S
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S  new"

step "bob takes the lock over (token 2), pulls, adds a line, pushes"
expect_exit 0 on bob ccsync lock acquire $S --yes
expect_contains "$OUT" "fencing token 2"
expect_exit 0 on bob ccsync pull
line $S "$B/q/app" "two from bob" >> "$bdir/$S.jsonl"
expect_exit 0 on bob ccsync push
expect_contains "$OUT" "$S  appended"

step "alice, now stale, appends and pushes: her lines become a fork, bob's stay"
line $S "$A/p/app" "two from alice" >> "$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S  fenced"
chunk=$(repo_transcript "$bare" "$S")
expect_contains "$chunk" "two from bob"
expect_not_contains "$chunk" "two from alice"
fork=$(repo_sessions "$bare" | grep -v "^$S$")
[ -n "$fork" ] || fail "no fork in the repository"
expect_contains "$(repo_file "$bare" "$(sdir "$fork")/meta.json")" "\"forked_from\": \"$S\""
expect_contains "$(repo_transcript "$bare" "$fork")" "two from alice"
expect_contains "$(repo_transcript "$bare" "$fork")" "\"sessionId\":\"$fork\""
[ ! -e "$adir/$fork.jsonl" ] || fail "push wrote into Claude's directory"

step "alice's next push extends the same fork; her pull splits the file along it"
line $S "$A/p/app" "three from alice" >> "$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "session $fork"
expect_contains "$(repo_transcript "$bare" "$fork")" "three from alice"
expect_eq "$(repo_sessions "$bare" | wc -l)" 2 "sessions in the repository"
expect_exit 0 on alice ccsync pull
expect_contains "$OUT" "this machine's lines are now session $fork (pushed earlier)"
expect_contains "$(cat "$adir/$fork.jsonl")" "three from alice"
expect_not_contains "$(cat "$adir/$S.jsonl")" "two from alice"
expect_contains "$(cat "$adir/$S.jsonl")" "two from bob"
expect_exit 0 on alice ccsync push
expect_eq "$(repo_sessions "$bare" | wc -l)" 2 "sessions after the split"

step "a fast-forward from the stale holder is fenced too"
line $S "$A/p/app" "four from alice" >> "$adir/$S.jsonl"
before=$(repo_transcript "$bare" "$S")
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "fenced"
expect_eq "$(repo_transcript "$bare" "$S")" "$before" "bob's session"

step "a machine that never held the lock sends its own lines as a fork"
on carol ccsync init --remote "$url" --machine-id carol --add-placeholder "P=$(machine_home carol)/p" >/dev/null
cdir="$(machine_home carol)/.claude/projects/$(enc "$(machine_home carol)/p/app")"
mkdir -p "$(machine_home carol)/p/app"
expect_exit 0 on carol ccsync pull
line $S "$(machine_home carol)/p/app" "from carol" >> "$cdir/$S.jsonl"
expect_exit 0 on carol ccsync push
expect_contains "$OUT" "locked by another machine"
expect_eq "$(repo_transcript "$bare" "$S")" "$before" "bob's session"
expect_contains "$(git --git-dir="$bare" grep -l "from carol" main -- sessions)" "transcript"

step "once bob releases, the ordinary rules apply again"
expect_exit 0 on bob ccsync lock release $S
expect_exit 0 on carol ccsync pull
line $S "$(machine_home carol)/p/app" "carol again" >> "$cdir/$S.jsonl"
expect_exit 0 on carol ccsync push
expect_contains "$OUT" "$S  appended"
echo "passed"
