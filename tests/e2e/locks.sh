#!/usr/bin/env bash
# Lock semantics: expiry, heartbeat, takeover, --force release, cleanup, update, fencing tokens,
# no commits on main, server down.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"
on a ccsync init --remote "$url" --machine-id alpha >/dev/null
on b ccsync init --remote "$url" --machine-id beta >/dev/null
export CCSYNC_LOCK_CLOCK_SKEW_SECONDS=0
local_session a s1 s2 old fresh
local_session b s1 s2 old fresh
token() { git --git-dir="$bare" show "refs/ccsync/locks/$1:lock.json" | sed -n 's/.*"fencing_token": \([0-9]*\).*/\1/p'; }
main_before=$(git --git-dir="$bare" rev-parse main)

step "a held lock refuses others (non-terminal: a clear error, exit 75)"
expect_exit 0 on a ccsync lock acquire s1
expect_contains "$OUT" "Acquired the lock on s1 (fencing token 1"
expect_exit 75 on b ccsync lock acquire s1 </dev/null
expect_contains "$ERR" "session s1 is locked by alpha since"
expect_contains "$ERR" "hint: take it over with --yes"

step "show lists it, for both machines"
expect_exit 0 on a ccsync lock show
expect_contains "$OUT" "alpha"
expect_contains "$OUT" "mine"
expect_exit 0 on b ccsync lock show --format json
expect_contains "$OUT" '"state": "active"'
expect_contains "$OUT" '"session_id": "s1"'

# Time passes by CCSYNC_TEST_CLOCK_OFFSET (util/clock.hpp): both machines' clocks move together,
# and nothing waits out a TTL.
step "a heartbeat keeps a lock past its TTL"
export CCSYNC_LOCK_TTL_SECONDS=60
expect_exit 0 on a ccsync lock acquire s2
for at in 40 80 120 160 200; do # a heartbeat every 40 s, 200 s in all
  CCSYNC_TEST_CLOCK_OFFSET=$at expect_exit 0 on a ccsync lock acquire s2
  expect_contains "$OUT" "Extended the lock on s2 (fencing token 1"
  CCSYNC_TEST_CLOCK_OFFSET=$at expect_exit 75 on b ccsync lock acquire s2 </dev/null
done

step "an expired lock may be taken by anyone, and the token grows"
CCSYNC_TEST_CLOCK_OFFSET=230 expect_exit 75 on b ccsync lock acquire s2 </dev/null
CCSYNC_TEST_CLOCK_OFFSET=261 expect_exit 0 on b ccsync lock acquire s2
expect_contains "$OUT" "Acquired the lock on s2 (fencing token 2"
expect_eq "$(token s2)" 2 "token on the remote"

step "takeover with --yes; the former holder is now refused"
unset CCSYNC_LOCK_TTL_SECONDS
expect_exit 0 on b ccsync lock acquire s1 --yes
expect_contains "$OUT" "Took over the lock on s1 (fencing token 2"
expect_exit 75 on a ccsync lock acquire s1 </dev/null
expect_contains "$ERR" "locked by beta"

step "takeover asked on a terminal"
if command -v script >/dev/null 2>&1; then
  printf 'n\n' > "$TEST_DIR/no"
  status=0
  on a script -qec "$CCSYNC_BIN lock acquire s1" /dev/null <"$TEST_DIR/no" >"$TEST_DIR/tty.out" 2>&1 || status=$?
  expect_contains "$(cat "$TEST_DIR/tty.out")" "Take over? [y/N]"
  expect_eq "$(token s1)" 2 "token after a declined takeover"
  printf 'y\n' > "$TEST_DIR/yes"
  on a script -qec "$CCSYNC_BIN lock acquire s1" /dev/null <"$TEST_DIR/yes" >"$TEST_DIR/tty.out" 2>&1
  expect_contains "$(cat "$TEST_DIR/tty.out")" "Took over the lock on s1 (fencing token 3"
else
  echo "note: script(1) missing; the terminal prompt is not exercised"
fi

step "release: another machine's lock needs --force"
expect_exit 2 on b ccsync lock release s1
expect_contains "$ERR" "add --force"
expect_exit 0 on b ccsync lock release s1 --force
expect_contains "$OUT" "Released the lock on s1"
expect_exit 0 on b ccsync lock acquire s1
expect_contains "$OUT" "fencing token 4" "tokens keep counting after a release"

step "cleanup removes only expired locks"
CCSYNC_LOCK_TTL_SECONDS=1 expect_exit 0 on a ccsync lock acquire old
expect_exit 0 on a ccsync lock acquire fresh
# b judges expiry by how long it has watched a lock unchanged, not by a's clock alone: a lock it
# sees for the first time is not removed, one it has watched a TTL long is.
CCSYNC_TEST_CLOCK_OFFSET=2 expect_exit 0 on b ccsync lock cleanup
expect_contains "$OUT" "Removed 0 expired locks"
CCSYNC_TEST_CLOCK_OFFSET=4 expect_exit 0 on b ccsync lock cleanup
expect_contains "$OUT" "Removed the expired lock on old"
expect_not_contains "$OUT" "on fresh"
expect_exit 0 on b ccsync lock show
expect_not_contains "$OUT" "old "
expect_contains "$OUT" "fresh"

step "release without an id releases all of this machine's locks"
expect_exit 0 on a ccsync lock release
expect_contains "$OUT" "Released the lock on fresh"
expect_exit 0 on a ccsync lock show --format json
expect_not_contains "$OUT" '"machine_id": "alpha"'

step "ids that are no session anywhere are refused (their lock refs would live forever)"
expect_exit 2 on a ccsync lock acquire no-such-session
expect_contains "$ERR" "no session here or in the repository has an id starting with 'no-such-session'"
git --git-dir="$bare" rev-parse -q --verify refs/ccsync/locks/no-such-session >/dev/null &&
  fail "a lock ref was made for an id that is no session"
expect_exit 0 on a ccsync lock acquire fre # a unique prefix names the session
expect_contains "$OUT" "the lock on fresh"
expect_exit 0 on a ccsync lock release fresh

step "the sessions branch gained no commits from any of this"
expect_eq "$(git --git-dir="$bare" rev-parse main)" "$main_before" "main"

step "update pushes this machine's sessions, then releases the locks whose process is gone"
A=$(machine_home a)
mkdir -p "$A/work" "$A/.claude/projects/$(printf '%s' "$A/work" | sed 's/[^A-Za-z0-9]/-/g')"
printf '{"type":"user","cwd":"%s","sessionId":"orphan"}\n' "$A/work" \
  > "$A/.claude/projects/$(printf '%s' "$A/work" | sed 's/[^A-Za-z0-9]/-/g')/orphan.jsonl"
sleep 0.1 & gone=$!
wait "$gone"
expect_exit 0 on a ccsync lock acquire orphan --pid "$gone"
local_session a alive
expect_exit 0 on a ccsync lock acquire alive --pid $$
expect_exit 0 on a ccsync update
expect_contains "$OUT" "Pushed 1 session"
expect_contains "$OUT" "Released the lock on orphan"
git --git-dir="$bare" show main:$(sdir "orphan")/meta.json >/dev/null || fail "update did not push"
expect_not_contains "$OUT" "on alive"
expect_exit 0 on b ccsync lock show
expect_contains "$OUT" "alive"
expect_not_contains "$OUT" "orphan"

step "bad session ids are usage errors"
expect_exit 2 on a ccsync lock acquire "../../heads/main"
expect_exit 2 on a ccsync lock frob

step "server down: exit 75, nothing changed locally"
sum=$(sha256sum "$(machine_home a)/.claude-session-sync/config.json")
stop_git_daemon
expect_exit 75 on a ccsync lock acquire s9
expect_exit 75 on a ccsync lock show
expect_exit 75 on a ccsync lock release
expect_exit 75 on a ccsync update
expect_eq "$(sha256sum "$(machine_home a)/.claude-session-sync/config.json")" "$sum" "config.json"
echo "passed"
