#!/usr/bin/env bash
# Issue 14, items 1 and 2: after `push` exits 0 every local line is in the repository. Lines that
# diverged from another machine's copy go at once to a forked session; later pushes extend that
# same fork; pull recognises it instead of forking again. Held-back work has its own exit code.
. "$(dirname "$0")/common.sh"
alice_and_bob
S=44444444-2222-4333-8444-555555555555
adir="$A/.claude/projects/$(enc "$A/p/app")"; bdir="$B/.claude/projects/$(enc "$B/q/app")"
line() { printf '{"type":"user","message":{"role":"user","content":"%s"},"cwd":"%s","sessionId":"%s"}\n' "$3" "$2" "$1"; }
sessions_in_repo() { repo_sessions "$bare" | wc -l; }
in_repo() { git --git-dir="$bare" grep -q "$1" main -- sessions || fail "'$1' is in no session of the repository"; }

mkdir -p "$adir"
line $S "$A/p/app" "zero" > "$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull

step "both machines add a line; alice pushes first; bob's push sends his line at once, as a fork"
line $S "$A/p/app" "alice one" >> "$adir/$S.jsonl"
line $S "$B/q/app" "bob one" >> "$bdir/$S.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync push --format json
expect_contains "$OUT" '"outcome": "forked"'
expect_contains "$OUT" '"fork_reason": "diverged"'
fork=$(printf '%s' "$OUT" | sed -n 's/.*"fork": "\([^"]*\)".*/\1/p' | head -1)
[ -n "$fork" ] || fail "no fork id in the report"
in_repo "bob one"; in_repo "alice one"
expect_contains "$(repo_file "$bare" "$(sdir "$fork")/meta.json")" "\"forked_from\": \"$S\""
expect_contains "$(repo_transcript "$bare" "$fork")" "\"sessionId\":\"$fork\""
expect_not_contains "$(repo_transcript "$bare" "$S")" "bob one"
cmp -s "$bdir/$S.jsonl" <(line $S "$B/q/app" zero; line $S "$B/q/app" "bob one") \
  || fail "push changed bob's local transcript"

step "bob goes on in the same file (a hook pushes after every turn): the same fork grows"
line $S "$B/q/app" "bob two" >> "$bdir/$S.jsonl"
expect_exit 0 on bob ccsync push
expect_contains "$OUT" "session $fork"
in_repo "bob two"
expect_eq "$(sessions_in_repo)" 2 "sessions in the repository"
expect_exit 0 on bob ccsync push
expect_eq "$(sessions_in_repo)" 2 "sessions after a push with nothing new"

step "bob's pull recognises his fork: the file splits along it, no third session"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$S  forked"
expect_contains "$OUT" "now session $fork (pushed earlier)"
expect_contains "$(cat "$bdir/$S.jsonl")" "alice one"
expect_not_contains "$(cat "$bdir/$S.jsonl")" "bob one"
expect_contains "$(cat "$bdir/$fork.jsonl")" "bob two"
expect_contains "$(cat "$bdir/$fork.jsonl")" "\"sessionId\":\"$fork\""
expect_exit 0 on bob ccsync push
expect_eq "$(sessions_in_repo)" 2 "sessions after the split"
expect_exit 0 on alice ccsync pull
expect_contains "$(cat "$A/.claude/projects/$(enc "$A/p/app")/$fork.jsonl")" "bob two"

step "held back work has its own exit code and is listed in JSON"
line $S "$A/p/app" "alice two" >> "$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
sleep 300 & live=$!
BACKGROUND_PIDS="$BACKGROUND_PIDS $live"
mkdir -p "$B/.claude/sessions"
printf '{"pid":%d,"sessionId":"%s","cwd":"%s"}\n' "$live" "$S" "$B/q/app" > "$B/.claude/sessions/$live.json"
expect_exit 3 on bob ccsync pull --format json
expect_contains "$OUT" '"held_back": 1'
expect_contains "$OUT" '"outcome": "held-live"'
kill "$live"; rm "$B/.claude/sessions/$live.json"
expect_exit 0 on bob ccsync pull
expect_contains "$(cat "$bdir/$S.jsonl")" "alice two"

step "a divergence met while the session is live: after it ends, the fork push made is used (issue 23)"
S2=44444444-3333-4333-8444-555555555555
line $S2 "$A/p/app" "zero" > "$adir/$S2.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull
line $S2 "$A/p/app" "alice A" >> "$adir/$S2.jsonl"
line $S2 "$B/q/app" "bob B" >> "$bdir/$S2.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync push --format json
fork2=$(printf '%s' "$OUT" | sed -n 's/.*"fork": "\([^"]*\)".*/\1/p' | head -1)
[ -n "$fork2" ] || fail "bob's push made no fork"
before=$(sessions_in_repo)
sleep 300 & live=$!
BACKGROUND_PIDS="$BACKGROUND_PIDS $live"
printf '{"pid":%d,"sessionId":"%s","cwd":"%s"}\n' "$live" "$S2" "$B/q/app" > "$B/.claude/sessions/$live.json"
expect_exit 3 on bob ccsync pull
[ -f "$bdir/$fork2.jsonl" ] || fail "the fork was not written while its origin was live"
kill "$live"; rm "$B/.claude/sessions/$live.json"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "now session $fork2"
expect_contains "$(cat "$bdir/$S2.jsonl")" "alice A"
expect_exit 0 on bob ccsync push
expect_eq "$(sessions_in_repo)" "$before" "sessions after the split (no second fork)"
echo "passed"
