#!/usr/bin/env bash
# A week in a test (issue 22): two machines, the real hooks, session starts and ends with lock
# cycles, offline stretches, takeovers and typed ids. At the end: no line written on either
# machine is lost (in the repository and on both machines, in its session or a fork), every file
# is valid JSONL, no lock is damaged, every session resumes on the other machine, a one-line pull
# fetches about the changed bytes (printed), and the ccsync homes stayed small.
# CI runs a short week; the long one:
#   CCSYNC_SOAK_CYCLES=500 CCSYNC_SOAK_SESSIONS=40 bash tests/e2e/soak_week.sh
. "$(dirname "$0")/common.sh"
cycles=${CCSYNC_SOAK_CYCLES:-24}
sessions=${CCSYNC_SOAK_SESSIONS:-5}
alice_and_bob
dir_of() { if [ "$1" = alice ]; then echo "$A/.claude/projects/$(enc "$A/p/app")"; else echo "$B/.claude/projects/$(enc "$B/q/app")"; fi; }
cwd_of() { if [ "$1" = alice ]; then echo "$A/p/app"; else echo "$B/q/app"; fi; }
sid() { printf '5eeda%03d-1111-4111-8111-%012d' "$1" "$1"; }
mkdir -p "$(dir_of alice)" "$(dir_of bob)"
write() { # write MACHINE SESSION MARKER: one line, and the marker noted as written
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"%s"}}\n' \
    "$(cwd_of "$1")" "$2" "$RECENT_DAY" "$3" >>"$(dir_of "$1")/$2.jsonl"
  echo "$3" >>"$TEST_DIR/written"
}
hook() { # hook MACHINE EVENT SESSION: the real hook as Claude runs it, from a short-lived parent
  printf '{"session_id":"%s","cwd":"%s","hook_event_name":"%s","source":"resume","transcript_path":"%s"}' \
    "$3" "$(cwd_of "$1")" "$2" "$(dir_of "$1")/$3.jsonl" |
    on "$1" sh -c "\"\$0\" hook $2" "$CCSYNC_BIN" >>"$TEST_DIR/hooks.out"
}
wait_for_workers() {
  for _ in $(seq 600); do pgrep -f "ccsync-engine hook --worker" >/dev/null || return 0; sleep 0.2; done
  fail "workers still run after 120 s"
}
for n in $(seq "$sessions"); do write alice "$(sid "$n")" "W-start-$n"; done
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull

step "$cycles session starts and ends, alternating machines"
offline=0 takeovers=0
for k in $(seq "$cycles"); do
  if [ $((k % 2)) -eq 1 ]; then m=alice other=bob; else m=bob other=alice; fi
  s=$(sid $((k * 7 % sessions + 1)))
  if [ $((k % 8)) -eq 5 ]; then stop_git_daemon; offline=$((offline + 1)); fi
  if [ $((k % 8)) -eq 3 ]; then # the other machine takes the session over, naming it by a prefix
    on "$other" ccsync lock acquire "${s:0:13}" --yes >/dev/null && takeovers=$((takeovers + 1))
  fi
  on "$m" ccsync pull "${s:0:10}" >/dev/null 2>&1 || true # down, or held back: the hooks go on
  [ -f "$(dir_of "$m")/$s.jsonl" ] || write "$m" "$s" "W-$m-$k-first"
  hook "$m" session-start "$s"
  write "$m" "$s" "W-$m-$k-a"
  hook "$m" user-prompt-submit "$s"
  write "$m" "$s" "W-$m-$k-b"
  hook "$m" stop "$s"
  hook "$m" session-end "$s"
  wait_for_workers
  if [ $((k % 8)) -eq 5 ]; then restart_git_daemon; fi
done
echo "cycles: $cycles ($offline offline, $takeovers takeovers)"

step "back in one place: every line written is in the repository and on both machines"
for round in 1 2; do
  for m in alice bob; do on "$m" ccsync push >/dev/null 2>&1 || true; done
  for m in alice bob; do on "$m" ccsync pull >/dev/null 2>&1 || true; done
done
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync push
git --git-dir="$bare" archive main | tar -xO >"$TEST_DIR/remote.txt"
while read -r marker; do
  grep -q -F "\"$marker\"" "$TEST_DIR/remote.txt" || fail "$marker is in no session of the repository"
  for m in alice bob; do
    grep -q -r -F "\"$marker\"" "$(dir_of "$m")" || fail "$marker is in no session on $m"
  done
done <"$TEST_DIR/written"
echo "lines written: $(wc -l <"$TEST_DIR/written"), none lost"
for m in alice bob; do
  for file in "$(dir_of "$m")"/*.jsonl; do
    perl -MJSON::PP -ne 'decode_json($_)' "$file" || fail "$file is not valid JSONL"
  done
done

step "no lock is damaged, and every session resumes on the other machine"
expect_exit 0 on alice ccsync lock show --format json
expect_not_contains "$OUT" '"damaged"'
for file in "$(dir_of alice)"/*.jsonl; do
  id=$(basename "$file" .jsonl)
  expect_exit 0 on bob env CCSYNC_CLAUDE=true "$CCSYNC_BIN" resume "$id" --yes </dev/null
done

step "a one-line pull after the week fetches about that line"
s=$(sid 1)
write alice "$s" "W-last"
line=$(tail -n 1 "$(dir_of alice)/$s.jsonl" | wc -c)
expect_exit 0 on alice ccsync push
home_b="$B/.claude-session-sync"
before=$(du -sb --apparent-size "$home_b/repo.git" "$home_b/locks.git" | awk '{ s += $1 } END { print s }')
expect_exit 0 on bob ccsync pull
after=$(du -sb --apparent-size "$home_b/repo.git" "$home_b/locks.git" | awk '{ s += $1 } END { print s }')
echo "one-line pull after the week: $((after - before)) bytes fetched for a $line-byte line"
[ $((after - before)) -lt $((line * 16 + 32768)) ] || fail "the pull fetched $((after - before)) bytes"

step "the ccsync homes stayed small"
for m in alice bob; do
  home=$(machine_home "$m")/.claude-session-sync
  state=$(du -sb --exclude=repo.git --exclude=locks.git --exclude=remote.git --exclude=logs "$home" | cut -f1)
  echo "$m: $state bytes of state"
  [ "$state" -lt $((1 << 20)) ] || fail "$m's ccsync home holds $state bytes of state"
  expect_eq "$(find "$home/workers" -name '*.lock' 2>/dev/null | wc -l)" 0 "$m's worker lock files"
done
