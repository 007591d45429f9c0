#!/usr/bin/env bash
# The ccsync home stays bounded however long it is used (issue 23, item 7): the log is rotated
# (4 MiB, one older file kept), the record of lock tokens forgets releases after 30 days, a
# finished worker leaves no lock file, the outbox empties. CI runs a short version; the long one:
#   CCSYNC_HOOK_RUNS=10000 CCSYNC_SESSIONS=1000 bash tests/e2e/home_bounded.sh
. "$(dirname "$0")/common.sh"
runs=${CCSYNC_HOOK_RUNS:-200}
sessions=${CCSYNC_SESSIONS:-40}
alice_and_bob
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
home="$A/.claude-session-sync"
sid() { printf '0de1%04d-1111-4111-8111-%012d' "$1" "$1"; }
say() {
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"turn %s"}}\n' \
    "$A/p/app" "$1" "$RECENT_DAY" "$2" >>"$adir/$1.jsonl"
}
hook() { # hook EVENT SESSION: Claude's hook, from a short-lived parent (so its worker ends soon)
  printf '{"session_id":"%s","cwd":"%s","hook_event_name":"%s","source":"startup","transcript_path":"%s"}' \
    "$2" "$A/p/app" "$1" "$adir/$2.jsonl" | on alice sh -c "\"\$0\" hook $1" "$CCSYNC_BIN"
}
workers_running() { pgrep -f "ccsync-engine hook --worker" >/dev/null; }
wait_for_workers() {
  for _ in $(seq 400); do workers_running || return 0; sleep 0.25; done
  fail "workers still run after 100 s"
}
for i in $(seq "$sessions"); do say "$(sid "$i")" 0; done
expect_exit 0 on alice ccsync push

step "the log is rotated past 4 MiB by the next process that holds the repository lock"
head -c $((5 << 20)) /dev/zero | tr '\0' 'x' >>"$home/logs/ccsync.log"
expect_exit 0 on alice ccsync pull
[ -f "$home/logs/ccsync.log.1" ] || fail "the log was not rotated"
[ "$(stat -c %s "$home/logs/ccsync.log")" -lt $((1 << 20)) ] || fail "the log was not started anew"

step "$runs hook runs on $sessions sessions, with a session start and end every 10 runs"
start=$(date +%s)
for n in $(seq "$runs"); do
  s=$(sid $((n % sessions + 1)))
  say "$s" "$n"
  if [ $((n % 10)) -eq 0 ]; then
    hook session-start "$s"
    hook session-end "$s"
  else
    hook stop "$s"
  fi
  [ $((n % 20)) -ne 0 ] || wait_for_workers
done
wait_for_workers
expect_exit 0 on alice ccsync push
echo "hook runs: $runs in $(($(date +%s) - start)) s"

step "what the home holds afterwards"
leftover=$(find "$home/workers" -name '*.lock' 2>/dev/null | wc -l)
expect_eq "$leftover" 0 "worker lock files left"
expect_eq "$(find "$home/outbox" -type f | wc -l)" 0 "outbox items left"
entries=$(perl -MJSON::PP -e 'local $/; print scalar keys %{decode_json(<STDIN>)}' <"$home/locks.json")
[ "$entries" -le "$sessions" ] || fail "locks.json holds $entries entries for $sessions sessions"
state=$(du -sb --exclude=repo.git --exclude=locks.git --exclude=remote.git --exclude=logs "$home" | cut -f1)
logs=$(du -sb "$home/logs" | cut -f1)
echo "ccsync home: $state bytes of state (index, records), $logs bytes of logs"
[ "$logs" -le $((9 << 20)) ] || fail "the logs take $logs bytes"
[ "$state" -le $((sessions * 4096 + (1 << 20))) ] || fail "the home's state takes $state bytes"

step "a release older than 30 days is forgotten at the next write of the record"
old=$(($(date +%s) - 31 * 86400))
perl -0pi -e "s/\"noted_at\": \\d+/\"noted_at\": $old/g" "$home/locks.json"
s=$(sid 1)
expect_exit 0 on alice ccsync lock acquire "$s"
entries=$(perl -MJSON::PP -e 'local $/; print scalar keys %{decode_json(<STDIN>)}' <"$home/locks.json")
expect_eq "$entries" 1 "locks.json entries after old releases are forgotten"
