#!/usr/bin/env bash
# The real Claude Code CLI with ccsync's hooks registered by `install-hooks`, against a loopback
# fake of the Anthropic API: a session reaches the remote with no command typed, its lock is taken
# while Claude runs and released after; Claude's output is byte-identical with and without the
# hooks; a session locked by another machine shows the message and its lines still arrive (as a
# fork); a dead and a silent remote cost Claude no more than the hook's budget and lose nothing;
# a Claude killed with SIGKILL still gets its session pushed and released; two sessions at once;
# the plugin form (--plugin-dir) does the same work.
. "$(dirname "$0")/common.sh"
: "${CCSYNC_BUILD_DIR:?}" "${CCSYNC_SOURCE_DIR:?}"
start_claude_and_fake_api

# claude_env MACHINE: the environment Claude (and so the hooks) run with.
claude_env() {
  local home; home=$(machine_home "$1")
  echo PATH="$PATH" HOME="$home" CLAUDE_CONFIG_DIR="$home/.claude" \
    CCSYNC_HOME="$home/.claude-session-sync" CCSYNC_HOOK_DEADLINE_SECONDS=3 CCSYNC_NETWORK_TIMEOUT_SECONDS=4 CCSYNC_BIN="$CCSYNC_BIN" \
    ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=sk-ccsync-test \
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$GIT_CONFIG_GLOBAL"
}
run_claude() { # run_claude MACHINE DIR ARGS...
  local machine=$1 dir=$2; shift 2
  # shellcheck disable=SC2046
  (cd "$dir" && env -i $(claude_env "$machine") timeout 120 "$claude" "$@")
}
remote_has() { git --git-dir="$TEST_DIR/srv/sync.git" cat-file -e "main:$(sdir "$1")/meta.json" 2>/dev/null; }
lock_json() { git --git-dir="$TEST_DIR/srv/sync.git" show "refs/ccsync/locks/$1:lock.json" 2>/dev/null; }
lock_log() { git --git-dir="$TEST_DIR/srv/sync.git" log --format=%s "refs/ccsync/locks/$1" 2>/dev/null; }
released() { lock_json "$1" | grep -q '"state": "released"'; }
wait_until() { # wait_until SECONDS WHAT COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 4))); do "$@" && return 0; sleep 0.25; done
  fail "not within $seconds s: $what"
}
session_of() { basename "$(ls -t "$1"/.claude/projects/*/*.jsonl | head -1)" .jsonl; }
no_hook_errors() { # the transcript records no failed or cancelled hook
  ! grep -q 'hook_non_blocking_error\|hook_cancelled\|hook_error' "$@"
}

start_git_daemon
new_bare sync.git
A=$(machine_home alice); B=$(machine_home bob); C=$(machine_home carol)
mkdir -p "$A/projects/app" "$A/projects/lib" "$B/code/app" "$C/projects/app"
on alice ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id alice \
  --add-placeholder "PROJECTS=$A/projects" >/dev/null
on bob ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id bob \
  --add-placeholder "PROJECTS=$B/code" >/dev/null
expect_exit 0 on alice ccsync install-hooks
expect_exit 0 on bob ccsync install-hooks

step "a conversation on alice reaches the remote; the lock is taken, then released"
run_claude alice "$A/projects/app" -p "remember the word PELICAN-7731" >"$TEST_DIR/a.out" 2>"$TEST_DIR/a.err" \
  || { cat "$TEST_DIR/a.err"; fail "claude -p failed on alice"; }
id=$(session_of "$A")
wait_until 30 "alice's session in the remote" remote_has "$id"
wait_until 30 "alice's lock released" released "$id"
expect_contains "$(lock_log "$id")" "alice takes $id"
expect_contains "$(lock_log "$id")" "alice releases $id"
git --git-dir="$TEST_DIR/srv/sync.git" grep -q "PELICAN-7731" main -- "$(sdir "$id")" \
  || fail "the remote's copy lacks the conversation"
no_hook_errors "$A"/.claude/projects/*/"$id.jsonl" || fail "a hook failed in alice's session"
[ -z "$(ls "$A/.claude-session-sync/outbox" 2>/dev/null)" ] || fail "work left in alice's outbox"

step "Claude's stdout is byte-identical without the hooks"
on carol ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id carol >/dev/null
run_claude carol "$C/projects/app" -p "remember the word PELICAN-7731" >"$TEST_DIR/c.out" 2>/dev/null
cmp "$TEST_DIR/a.out" "$TEST_DIR/c.out" || fail "stdout differs with the hooks installed"
[ -s "$TEST_DIR/a.out" ] || fail "claude printed nothing"

step "bob holds the session: alice is told, and her lines still reach the remote (a fork)"
expect_exit 0 on bob ccsync pull
expect_exit 0 on bob ccsync lock acquire "$id"
run_claude alice "$A/projects/app" -p --resume "$id" "and the word OSPREY-4410" \
  >"$TEST_DIR/a2.out" 2>"$TEST_DIR/a2.err" || { cat "$TEST_DIR/a2.err"; fail "resume on alice failed"; }
grep -q 'hook_system_message' "$A"/.claude/projects/*/"$id.jsonl" \
  || fail "alice's transcript records no message from the SessionStart hook"
grep -q 'open on bob' "$A"/.claude/projects/*/"$id.jsonl" || fail "the message does not name bob"
has_osprey() { git --git-dir="$TEST_DIR/srv/sync.git" grep -q "OSPREY-4410" main -- sessions; }
wait_until 30 "alice's lines in the remote" has_osprey
expect_contains "$(lock_json "$id")" '"machine_id": "bob"' "bob still holds the lock"
expect_exit 0 on bob ccsync lock release "$id"

step "a dead remote costs Claude nothing; the work waits in the outbox and a push does it"
stop_git_daemon
started=$(date +%s%N)
run_claude alice "$A/projects/lib" -p "offline turn KESTREL-22" >"$TEST_DIR/a3.out" 2>/dev/null \
  || fail "claude failed with the remote down"
took=$(( ($(date +%s%N) - started) / 1000000 ))
echo "claude -p with the remote down: $took ms"
[ "$took" -lt 15000 ] || fail "claude took $took ms with the remote down"
offline=$(session_of "$A")
sleep 3
[ -n "$(ls "$A/.claude-session-sync/outbox")" ] || fail "nothing queued while the remote was down"
start_git_daemon_again() { start_git_daemon; }
start_git_daemon_again
# The remote came back on another port: point the machines at it; any command drains the queue.
for home in "$A" "$B" "$C"; do
  sed -i "s#git://127.0.0.1:[0-9]*/#$GIT_DAEMON_URL/#" "$home/.claude-session-sync/config.json"
done
expect_exit 0 on alice ccsync push
wait_until 10 "the offline session in the remote" remote_has "$offline"
[ -z "$(ls "$A/.claude-session-sync/outbox")" ] || fail "the outbox is not empty after push"

step "a silent remote (accepts, never answers): SessionStart returns within its budget"
perl -MIO::Socket::INET -e '$| = 1; my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
  LocalPort => 0, Listen => 8) or die; print $s->sockport, "\n"; sleep 600' >"$TEST_DIR/silent.port" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
wait_until 5 "the silent listener" test -s "$TEST_DIR/silent.port"
silent="git://127.0.0.1:$(cat "$TEST_DIR/silent.port")/sync.git"
good=$(sed -n 's/.*"remote": *"\([^"]*\)".*/\1/p' "$A/.claude-session-sync/config.json")
sed -i "s#\"remote\": *\"[^\"]*\"#\"remote\": \"$silent\"#" "$A/.claude-session-sync/config.json"
started=$(date +%s%N)
run_claude alice "$A/projects/lib" -p "silent turn MERLIN-5" >/dev/null 2>&1 || fail "claude failed"
took=$(( ($(date +%s%N) - started) / 1000000 ))
echo "claude -p with a silent remote: $took ms (hook budget 3 s)"
[ "$took" -lt 12000 ] || fail "claude took $took ms with a silent remote"
sed -i "s#\"remote\": *\"[^\"]*\"#\"remote\": \"$good\"#" "$A/.claude-session-sync/config.json"
# alice's workers still talk to the silent remote (they read the configuration when they
# started); end them, as a reboot would: their work stays in the outbox.
for p in $(pgrep -x ccsync-worker || true); do
  if grep -qz "^CCSYNC_HOME=$A/" "/proc/$p/environ" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
done

step "Claude killed with SIGKILL: the session is pushed and released within 60 s"
(cd "$B/code/app" && exec env -i $(claude_env bob) "$claude" -p \
  "slow turn HERON-9 CCSYNC_FAKE_DELAY_MS=60000" >/dev/null 2>&1) &
claude_pid=$!
heron_file() { grep -l HERON-9 "$B"/.claude/projects/*/*.jsonl >/dev/null 2>&1; }
wait_until 30 "bob's transcript with the slow turn" heron_file
killed=$(basename "$(grep -l HERON-9 "$B"/.claude/projects/*/*.jsonl | head -1)" .jsonl)
[ -n "$killed" ] || fail "no transcript with the slow turn on bob"
held_by_bob() { lock_json "$killed" | grep -q '"state": "held"'; }
wait_until 30 "bob's lock on the slow session" held_by_bob
pkill -KILL -P "$claude_pid" 2>/dev/null || true
kill -KILL "$claude_pid" 2>/dev/null || true
wait_until 60 "the killed session in the remote" remote_has "$killed"
wait_until 60 "the killed session's lock released" released "$killed"

step "two sessions at once on alice: both pushed, both released"
run_claude alice "$A/projects/app" -p "first of two SWIFT-1" >/dev/null 2>&1 &
p1=$!
run_claude alice "$A/projects/lib" -p "second of two SWIFT-2" >/dev/null 2>&1 &
p2=$!
wait "$p1" || fail "the first claude failed"
wait "$p2" || fail "the second claude failed"
for word in SWIFT-1 SWIFT-2; do
  sid=$(basename "$(grep -l "$word" "$A"/.claude/projects/*/*.jsonl | head -1)" .jsonl)
  wait_until 30 "session with $word in the remote" remote_has "$sid"
  wait_until 30 "session with $word released" released "$sid"
done

step "ccsync resume with the real Claude (-- -p): earlier turns sent, new turn pushed, released"
: >"$TEST_DIR/requests.jsonl"
# shellcheck disable=SC2046
(env -i $(claude_env bob) CCSYNC_CLAUDE="$claude" "$CCSYNC_BIN" resume "$id" -- -p \
  "what was the word? HERALD-12" </dev/null >"$TEST_DIR/r.out" 2>"$TEST_DIR/r.err") \
  || { cat "$TEST_DIR/r.err"; fail "ccsync resume with claude -p failed"; }
grep -q "PELICAN-7731" "$TEST_DIR/requests.jsonl" || fail "the resumed request lacks the earlier turn"
has_herald() { git --git-dir="$TEST_DIR/srv/sync.git" grep -q "HERALD-12" main -- "$(sdir "$id")"; }
wait_until 10 "the resumed turn in the remote" has_herald
expect_eq "$(lock_json "$id" | sed -n 's/.*"state": "\([a-z]*\)".*/\1/p')" released "lock after resume"
expect_contains "$(cat "$TEST_DIR/r.err")" "$id: the repository holds all its lines; its lock is released"

step "the plugin form does the same work"
run_claude carol "$C/projects/app" --plugin-dir "$CCSYNC_SOURCE_DIR" -p "plugin turn WREN-3" \
  >/dev/null 2>"$TEST_DIR/c2.err" || { cat "$TEST_DIR/c2.err"; fail "claude with the plugin failed"; }
plugin_sid=$(basename "$(grep -l "WREN-3" "$C"/.claude/projects/*/*.jsonl | head -1)" .jsonl)
wait_until 30 "the plugin's session in the remote" remote_has "$plugin_sid"
wait_until 30 "the plugin's session released" released "$plugin_sid"
echo "passed"
