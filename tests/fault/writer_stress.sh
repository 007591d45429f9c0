#!/usr/bin/env bash
# Writers and daemons at once, with kills (issue 23): two machines run their daemons while
# writers append to sessions on both (one session written on both sides) through open file
# descriptors, as Claude does; ccsync processes are killed at random meanwhile. Then a final push
# and pull on each. Checked: every line any writer wrote is in the repository and on both
# machines (in its session or a fork), no line is cut or doubled in any file, every file is valid
# JSONL, the remote passes git fsck, and no command needed a clean-up by hand.
# CI runs a short stretch; the long one: CCSYNC_STRESS_SECONDS=600 bash tests/fault/writer_stress.sh
CCSYNC_SOURCE_DIR=${CCSYNC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$CCSYNC_SOURCE_DIR/tests/e2e/common.sh"
seconds=${CCSYNC_STRESS_SECONDS:-25}
alice_and_bob
dir_of() { if [ "$1" = alice ]; then echo "$A/.claude/projects/$(enc "$A/p/app")"; else echo "$B/.claude/projects/$(enc "$B/q/app")"; fi; }
cwd_of() { if [ "$1" = alice ]; then echo "$A/p/app"; else echo "$B/q/app"; fi; }
S1=57e55000-1111-4111-8111-000000000001 # alice's
S2=57e55000-2222-4222-8222-000000000002 # bob's
S3=57e55000-3333-4333-8333-000000000003 # both
line() { # line MACHINE SESSION MARKER
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"%s"}}\n' \
    "$(cwd_of "$1")" "$2" "$RECENT_DAY" "$3"
}
mkdir -p "$(dir_of alice)" "$(dir_of bob)"
for id in $S1 $S3; do line alice "$id" "L-seed-$id" >"$(dir_of alice)/$id.jsonl"; done
line bob "$S2" "L-seed-$S2" >"$(dir_of bob)/$S2.jsonl"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync push
expect_exit 0 on alice ccsync pull
expect_exit 0 on bob ccsync pull
echo "L-seed-$S1" >"$TEST_DIR/written"; echo "L-seed-$S2" >>"$TEST_DIR/written"; echo "L-seed-$S3" >>"$TEST_DIR/written"

# writer MACHINE SESSION TAG: appends a line every 50 ms through one open descriptor until
# $TEST_DIR/stop appears, registered as a live session the way Claude registers itself
# (sessions/<pid>.json); notes each marker it wrote.
writer() {
  local machine=$1 id=$2 tag=$3 n=0 home live
  home=$(machine_home "$machine")
  live="$home/.claude/sessions/$BASHPID.json"
  mkdir -p "$home/.claude/sessions"
  printf '{"pid":%d,"sessionId":"%s","cwd":"%s"}\n' "$BASHPID" "$id" "$(cwd_of "$machine")" >"$live"
  exec 3>>"$(dir_of "$machine")/$id.jsonl"
  while [ ! -e "$TEST_DIR/stop" ]; do
    n=$((n + 1))
    line "$machine" "$id" "L-$tag-$n" >&3
    echo "L-$tag-$n" >>"$TEST_DIR/written-$tag"
    sleep 0.05
  done
  exec 3>&-
  rm -f "$live"
}
daemon_on() { on "$1" ccsync daemon --interval 5 >/dev/null 2>&1 || true; }
trap 'rc=$?; touch "$TEST_DIR/stop"; for m in alice bob; do on "$m" "$CCSYNC_BIN" daemon --stop >/dev/null 2>&1 || true; done; (exit $rc); cleanup' EXIT

step "$seconds s of writers on both machines, daemons syncing, ccsync processes killed at random"
daemon_on alice; daemon_on bob
writers=""
writer alice "$S1" a1 & writers="$writers $!"
writer bob "$S2" b2 & writers="$writers $!"
writer alice "$S3" a3 & writers="$writers $!"
writer bob "$S3" b3 & writers="$writers $!"
BACKGROUND_PIDS="$BACKGROUND_PIDS $writers"
# The ccsync processes of this test only (their CCSYNC_HOME is under $TEST_DIR): CTest runs other
# tests beside this one, and a kill of theirs failed them with exit 137.
own_engines() {
  local p
  for p in $(pgrep -f 'ccsync-engine'); do
    if grep -qz "^CCSYNC_HOME=$TEST_DIR/" "/proc/$p/environ" 2>/dev/null; then echo "$p"; fi
  done
}
end=$(($(date +%s) + seconds)) kills=0
while [ "$(date +%s)" -lt "$end" ]; do
  sleep "$(printf '2.%d' $((RANDOM % 10)))"
  victim=$(own_engines | shuf -n 1 || true)
  if [ -n "$victim" ]; then kill -9 "$victim" 2>/dev/null && kills=$((kills + 1)); fi
  daemon_on alice; daemon_on bob # a killed daemon is started again, as systemd would
  on alice ccsync push >/dev/null 2>&1 || true # a person's commands in between
  on bob ccsync pull >/dev/null 2>&1 || true
done
touch "$TEST_DIR/stop"
# shellcheck disable=SC2086 # one pid per word
wait $writers
for m in alice bob; do on "$m" ccsync daemon --stop >/dev/null 2>&1 || true; done
cat "$TEST_DIR"/written-* >>"$TEST_DIR/written"
echo "lines written: $(wc -l <"$TEST_DIR/written"), ccsync processes killed: $kills"

step "a final push and pull on each machine, with no clean-up by hand"
for round in 1 2; do
  for m in alice bob; do
    status=0; on "$m" ccsync push >"$TEST_DIR/final.out" 2>&1 || status=$?
    [ "$status" -eq 0 ] || [ "$status" -eq 3 ] || { cat "$TEST_DIR/final.out"; fail "$m's push exited $status"; }
    status=0; on "$m" ccsync pull >"$TEST_DIR/final.out" 2>&1 || status=$?
    [ "$status" -eq 0 ] || [ "$status" -eq 3 ] || { cat "$TEST_DIR/final.out"; fail "$m's pull exited $status"; }
  done
done
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync push

step "every line is in the repository and on both machines; none cut or doubled"
git --git-dir="$bare" fsck --strict >/dev/null 2>&1 || fail "git fsck finds the remote damaged"
git --git-dir="$bare" archive main | tar -xO >"$TEST_DIR/remote.txt"
for m in alice bob; do cat "$(dir_of "$m")"/*.jsonl >"$TEST_DIR/$m.txt"; done
while read -r marker; do
  grep -q -F "\"$marker\"" "$TEST_DIR/remote.txt" || fail "$marker is in no session of the repository"
  for m in alice bob; do
    grep -q -F "\"$marker\"" "$TEST_DIR/$m.txt" || fail "$marker is in no session on $m"
  done
done <"$TEST_DIR/written"
for m in alice bob; do
  for file in "$(dir_of "$m")"/*.jsonl; do
    perl -MJSON::PP -ne 'decode_json($_)' "$file" || fail "$file has a line that is not JSON (cut?)"
    doubled=$(grep -o '"L-[a-z0-9-]*"' "$file" | sort | uniq -d | head -1)
    [ -z "$doubled" ] || fail "$file holds $doubled twice"
  done
done
echo "every one of $(wc -l <"$TEST_DIR/written") lines is in the repository and on both machines"
