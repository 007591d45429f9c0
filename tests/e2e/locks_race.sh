#!/usr/bin/env bash
# 20 rounds of 4 machines racing `lock acquire` for one session: exactly one wins each round,
# the others exit 75, and the remote agrees on the winner.
# Then the same through a plain path remote, where no server arbitrates.
. "$(dirname "$0")/common.sh"

race() { # race ROUNDS BARE
  local rounds=$1 bare=$2 round session pids winners winner losers status holder m
  for round in $(seq 1 "$rounds"); do
  session="race-$round"
  for m in $race_machines; do local_session "$m" "$session"; done
  pids=""
  for m in $race_machines; do
    on "$m" ccsync lock acquire "$session" </dev/null >"$TEST_DIR/$m.out" 2>&1 &
    pids="$pids $!"
  done
  winners=""
  losers=0
  set -- $pids
  for m in $race_machines; do
    status=0
    wait "$1" || status=$?
    shift
    case $status in
      0) winners="$winners $m" ;;
      75) losers=$((losers + 1))
          expect_contains "$(cat "$TEST_DIR/$m.out")" "is locked by" "$m's refusal" ;;
      *) cat "$TEST_DIR/$m.out" >&2; fail "round $round: $m exited $status" ;;
    esac
  done
  [ "$(echo $winners | wc -w)" -eq 1 ] || fail "round $round: winners:$winners"
  winner=$(echo $winners)
  winner=${winner#p} # the path-remote machines' homes are pm1..pm4, their ids m1..m4
  expect_eq "$losers" 3 "round $round losers"
  holder=$(git --git-dir="$bare" show "refs/ccsync/locks/$session:lock.json" | sed -n 's/.*"machine_id": "\(.*\)".*/\1/p')
  expect_eq "$holder" "$winner" "round $round holder on the remote"
  done
}

race_machines="m1 m2 m3 m4"
step "git daemon: 20 rounds"
start_git_daemon
new_bare sync.git
for m in m1 m2 m3 m4; do
  on "$m" ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id "$m" >/dev/null
done
main_before=$(git --git-dir="$TEST_DIR/srv/sync.git" rev-parse main)
race 20 "$TEST_DIR/srv/sync.git"
expect_eq "$(git --git-dir="$TEST_DIR/srv/sync.git" rev-parse main)" "$main_before" "main after the races"

step "path remote: 10 rounds"
git init -q --bare -b main "$TEST_DIR/shared.git"
for m in m1 m2 m3 m4; do
  on "p$m" ccsync init --remote "$TEST_DIR/shared.git" --machine-id "$m" >/dev/null
done
race_machines="pm1 pm2 pm3 pm4"
race 10 "$TEST_DIR/shared.git"
echo "passed"
