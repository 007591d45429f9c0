#!/usr/bin/env bash
# A fetch costs what changed, whatever the number of lock commits (issue 22, item 1): after many
# lock acquire/release cycles on both machines (what the hooks do at every session start and
# end), a pull of a one-line append fetches about that line, not the whole repository. The bytes
# a fetch brings are measured as the growth of the cache's object files (received packs are kept
# as they came).
. "$(dirname "$0")/common.sh"
alice_and_bob
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
cycles=${CCSYNC_LOCK_CYCLES:-12}

step "40 sessions of about 100 KB of text that does not compress away"
session_id() { printf '5e55%04d-2222-4333-8444-555555555555' "$1"; }
line() { # line SESSION N: one transcript line of about 2.5 KB
  printf '{"type":"user","uuid":"u%d","timestamp":"%sT10:00:00.000Z","cwd":"%s","sessionId":"%s","message":{"role":"user","content":"%s"}}\n' \
    "$2" "$RECENT_DAY" "$A/p/app" "$1" "$(head -c 1800 /dev/urandom | base64 -w0)"
}
for i in $(seq 40); do
  s=$(session_id "$i")
  for n in $(seq 40); do line "$s" "$n"; done >"$adir/$s.jsonl"
done
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull
objects() { du -sb --apparent-size "$(machine_home bob)/.claude-session-sync" | cut -f1; }
total=$(du -sb --apparent-size "$bare/objects" | cut -f1)

step "$cycles lock cycles on each machine (the hooks' start and end of a session)"
for n in $(seq "$cycles"); do
  on alice ccsync lock acquire "$(session_id 1)" >/dev/null
  on alice ccsync lock release "$(session_id 1)" >/dev/null
  on bob ccsync lock acquire "$(session_id 2)" >/dev/null
  on bob ccsync lock release "$(session_id 2)" >/dev/null
done
expect_exit 0 on bob ccsync lock show # bob knows every lock as it is now

step "one appended line on alice, pulled by bob"
line "$(session_id 3)" 41 >>"$adir/$(session_id 3).jsonl"
appended=$(tail -n 1 "$adir/$(session_id 3).jsonl" | wc -c)
expect_exit 0 on alice ccsync push
before=$(objects)
expect_exit 0 on bob ccsync pull
fetched=$(($(objects) - before))
echo "fetch after $cycles lock cycles: $fetched bytes for a $appended-byte line (remote: $total bytes)"
[ "$fetched" -lt $((appended * 16 + 16384)) ] ||
  fail "bob's pull fetched $fetched bytes for one line of $appended (the remote holds $total)"
expect_eq "$(tail -n 1 "$B/.claude/projects/$(enc "$B/q/app")/$(session_id 3).jsonl")" \
  "$(tail -n 1 "$adir/$(session_id 3).jsonl" | sed "s#$A/p#$B/q#g")" "the line on bob"
