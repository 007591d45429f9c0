#!/usr/bin/env bash
# ccsync resume: choosing (id prefix, ambiguous prefix, search, --latest, no terminal), locking
# (held elsewhere: exit 75 naming the holder, --yes takes over), a missing project directory
# (clear error, nothing taken), an old session pull left in the repository, the launch (argv,
# cwd, Claude's session variables removed, the exit code passed on), push and release after;
# the picker on a real terminal (tmux): type to filter, Enter opens, Esc leaves.
. "$(dirname "$0")/common.sh"

start_git_daemon
new_bare sync.git
A=$(machine_home alice); B=$(machine_home bob)
mkdir -p "$A/projects/app" "$A/projects/web" "$B/code/app" "$B/code/web"
on alice ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id alice \
  --add-placeholder "PROJECTS=$A/projects" >/dev/null
on bob ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id bob \
  --add-placeholder "PROJECTS=$B/code" >/dev/null

# session MACHINE_HOME CWD ID TITLE DATE: a small transcript as Claude writes it.
session() {
  local home=$1 cwd=$2 id=$3 title=$4 date=$5
  local dir; dir="$home/.claude/projects/$(printf '%s' "$cwd" | sed 's#[^A-Za-z0-9]#-#g')"
  mkdir -p "$dir"
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"%s"}}\n' \
    "$cwd" "$id" "$date" "$title" >"$dir/$id.jsonl"
  printf '{"type":"assistant","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:05.000Z","message":{"role":"assistant","content":"ok"}}\n' \
    "$cwd" "$id" "$date" >>"$dir/$id.jsonl"
}
today=$(date -u +%Y-%m-%d)
old=$(date -u -d '-60 days' +%Y-%m-%d)
S1=11111111-aaaa-4aaa-8aaa-000000000001 # alice, app, today
S2=11111111-bbbb-4bbb-8bbb-000000000002 # alice, web, today (earlier... same date, later id)
S3=22222222-cccc-4ccc-8ccc-000000000003 # alice, app, 60 days ago
S4=33333333-dddd-4ddd-8ddd-000000000004 # alice, a project bob does not have
session "$A" "$A/projects/app" "$S1" "fix the parser PELICAN" "$today"
session "$A" "$A/projects/web" "$S2" "style the landing page" "$(date -u -d '-1 day' +%Y-%m-%d)"
session "$A" "$A/projects/app" "$S3" "an old talk about OSPREY" "$old"
mkdir -p "$A/projects/mobile"
session "$A" "$A/projects/mobile" "$S4" "mobile work" "$(date -u -d '-2 days' +%Y-%m-%d)"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull
[ ! -e "$B/.claude/projects/"*"/$S3.jsonl" ] || fail "pull wrote the 60-day-old session"

# A stand-in for Claude: records argv, cwd and environment, appends a turn, exits with $FAKE_EXIT.
fake="$TEST_DIR/fake-claude"
cat >"$fake" <<'EOF'
#!/bin/sh
{ echo "argv: $*"; echo "cwd: $(pwd)"; env | sort; } >"$FAKE_LOG"
id=$2
file=$(ls "$CLAUDE_CONFIG_DIR"/projects/*/"$id.jsonl")
git --git-dir="$FAKE_REMOTE" show "refs/ccsync/locks/$id:lock.json" >"$FAKE_LOG.lock" 2>&1 || true
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"2030-01-01T00:00:00.000Z","message":{"role":"user","content":"RESUMED-TURN"}}\n' \
  "$(pwd)" "$id" >>"$file"
exit "${FAKE_EXIT:-0}"
EOF
chmod +x "$fake"
resume_as() { # resume_as MACHINE ARGS...: ccsync resume with the stand-in Claude, no terminal
  local machine=$1; shift
  on "$machine" env CCSYNC_CLAUDE="$fake" FAKE_LOG="$TEST_DIR/fake.log" \
    FAKE_REMOTE="$TEST_DIR/srv/sync.git" FAKE_EXIT="${FAKE_EXIT:-0}" CLAUDECODE=1 CLAUDE_CODE_SESSION_ID=x \
    CLAUDE_CODE_ENTRYPOINT=cli "$CCSYNC_BIN" resume "$@" </dev/null
}
lock_state() { git --git-dir="$TEST_DIR/srv/sync.git" show "refs/ccsync/locks/$1:lock.json" | sed -n 's/.*"state": "\([a-z]*\)".*/\1/p'; }

step "no terminal and nothing named: exit 2 with a hint"
expect_exit 2 resume_as bob
expect_contains "$ERR" "--latest"

step "--from keeps one machine's sessions; --all adds those outside sync_directories"
S5=44444444-eeee-4eee-8eee-000000000005 # bob's own, newest, never pushed
S6=55555555-ffff-4fff-8fff-000000000006 # bob's, in a directory outside sync_directories
session "$B" "$B/code/app" "$S5" "bob's own newest" "$(date -u -d '+1 day' +%Y-%m-%d)"
mkdir -p "$TEST_DIR/outside"
session "$B" "$TEST_DIR/outside" "$S6" "outside work KESTREL" "$today"
expect_exit 0 resume_as bob --latest
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S5"
expect_exit 0 resume_as bob --latest --from alice
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S1"
expect_exit 2 resume_as bob KESTREL
expect_contains "$ERR" "--all"
expect_exit 0 resume_as bob KESTREL --all
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S6"
expect_contains "$(cat "$TEST_DIR/fake.log")" "cwd: $TEST_DIR/outside"

step "an ambiguous prefix lists the candidates"
expect_exit 2 resume_as bob 11111111
expect_contains "$ERR" "$S1"
expect_contains "$ERR" "$S2"

step "a unique prefix: locked while Claude runs, run in the project, pushed and released after"
FAKE_EXIT=7
expect_exit 7 resume_as bob 11111111-aaaa
FAKE_EXIT=0
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S1"
expect_contains "$(cat "$TEST_DIR/fake.log")" "cwd: $B/code/app"
expect_not_contains "$(cat "$TEST_DIR/fake.log")" "CLAUDECODE="
expect_not_contains "$(cat "$TEST_DIR/fake.log")" "CLAUDE_CODE_SESSION_ID="
expect_contains "$(cat "$TEST_DIR/fake.log.lock")" '"state": "held"'
expect_contains "$(cat "$TEST_DIR/fake.log.lock")" '"machine_id": "bob"'
expect_eq "$(lock_state "$S1")" released "lock after resume"
git --git-dir="$TEST_DIR/srv/sync.git" grep -q RESUMED-TURN main -- "$(sdir "$S1")" \
  || fail "the resumed turn is not in the remote"
expect_contains "$ERR" "session $S1: the repository holds all its lines; its lock is released"

step "a search: text that is no id prefix"
expect_exit 0 resume_as bob landing
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S2"
expect_exit 2 resume_as bob zebra-nothing
expect_contains "$ERR" "no session matches"

step "--latest, and arguments after -- go to Claude"
expect_exit 0 resume_as alice --latest -- --model opus
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S1 --model opus"

step "an old session pull left in the repository is brought back"
expect_exit 0 resume_as bob OSPREY
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S3"
ls "$B"/.claude/projects/*/"$S3.jsonl" >/dev/null || fail "the old session was not written"

step "a project directory missing here: a clear error, no lock taken"
expect_exit 1 resume_as bob "$S4"
expect_contains "$ERR" "does not exist here: $B/code/mobile"
expect_contains "$ERR" "mkdir -p"
if git --git-dir="$TEST_DIR/srv/sync.git" rev-parse -q --verify "refs/ccsync/locks/$S4" >/dev/null; then
  fail "a lock was taken for a session that cannot be opened"
fi

step "held by another machine: exit 75 naming it; --yes takes over"
expect_exit 0 on alice ccsync lock acquire "$S2"
expect_exit 75 resume_as bob "$S2"
expect_contains "$ERR" "alice"
expect_exit 0 resume_as bob "$S2" --yes
expect_eq "$(lock_state "$S2")" released "lock after the takeover"

step "the picker on a terminal: filter, Enter opens; Esc leaves"
command -v tmux >/dev/null || skip "tmux is not installed (the picker test needs a terminal)"
picker() { # picker TEXT KEYS...: runs resume in tmux, types TEXT, presses each key (the screen
  # with attributes after key N in screen.N), waits for the end
  # A tmux server of its own for each run: a server still shutting down from the last run must
  # not meet the next one on the same socket ("server exited unexpectedly").
  PICKER_RUNS=$((${PICKER_RUNS:-0} + 1))
  local session="ccsync-e2e-$$-$PICKER_RUNS" text=$1 n=0; shift
  rm -f "$TEST_DIR"/screen.* "$TEST_DIR/picker.rc"
  # TYPE_AHEAD: typed (with Enter) while the terminal waits 2 s before resume starts.
  tmux -L "$session" new-session -d -x 160 -y 30 \
    "${TYPE_AHEAD:+sleep 2;} HOME=$B CCSYNC_HOME=$B/.claude-session-sync CLAUDE_CONFIG_DIR=$B/.claude \
     CCSYNC_CLAUDE=$fake FAKE_LOG=$TEST_DIR/fake.log FAKE_REMOTE=$TEST_DIR/srv/sync.git \
     ASAN_OPTIONS=${ASAN_OPTIONS:-} LSAN_OPTIONS=${LSAN_OPTIONS:-} \
     $CCSYNC_BIN resume; echo \$? >$TEST_DIR/picker.rc; sleep 30"
  [ -z "${TYPE_AHEAD:-}" ] || tmux -L "$session" send-keys -l "$TYPE_AHEAD" \; send-keys Enter
  for _ in $(seq 40); do
    tmux -L "$session" capture-pane -p >"$TEST_DIR/screen" 2>/dev/null || true
    grep -q "Resume which session" "$TEST_DIR/screen" && break
    sleep 0.25
  done
  grep -q "Resume which session" "$TEST_DIR/screen" || { cat "$TEST_DIR/screen"; fail "no picker"; }
  [ -z "$text" ] || tmux -L "$session" send-keys -l "$text"
  sleep 0.5
  for key in "$@"; do
    n=$((n + 1))
    tmux -L "$session" send-keys "$key"
    sleep 0.7
    tmux -L "$session" capture-pane -e -p >"$TEST_DIR/screen.$n" 2>/dev/null || true
  done
  for _ in $(seq 60); do [ -s "$TEST_DIR/picker.rc" ] && break; sleep 0.25; done
  tmux -L "$session" kill-server 2>/dev/null || true
}
rm -f "$TEST_DIR/fake.log" "$TEST_DIR/picker.rc"
picker "" Escape
expect_eq "$(cat "$TEST_DIR/picker.rc")" 0 "exit code after Esc"
[ ! -e "$TEST_DIR/fake.log" ] || fail "Claude ran although the picker was left"
expect_contains "$(cat "$TEST_DIR/screen")" "style the landing page"
expect_contains "$(cat "$TEST_DIR/screen")" "$B/code/web"
rm -f "$TEST_DIR/picker.rc"
picker "parser" Enter
expect_eq "$(cat "$TEST_DIR/picker.rc")" 0 "exit code after Enter"
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $S1"

step "the picker: keys typed before it appears do not land in it"
rm -f "$TEST_DIR/fake.log"
TYPE_AHEAD=parser picker "" Escape
expect_eq "$(cat "$TEST_DIR/picker.rc")" 0 "exit code after Esc"
[ ! -e "$TEST_DIR/fake.log" ] || fail "keys typed before the picker opened a session: $(cat "$TEST_DIR/fake.log")"
expect_contains "$(cat "$TEST_DIR/screen")" "style the landing page" "every row (no filter typed ahead)"

step "the picker: Down moves to the next row"
picker "11111111" Enter
first=$(sed -n 's/^argv: --resume \([^ ]*\).*/\1/p' "$TEST_DIR/fake.log")
picker "11111111" Down Enter
second=$(sed -n 's/^argv: --resume \([^ ]*\).*/\1/p' "$TEST_DIR/fake.log")
expect_eq "$(printf '%s\n' "$first" "$second" | sort | tr '\n' ' ')" "$S1 $S2 " "sessions opened without and with Down"
picker "11111111" Down Up Enter
expect_contains "$(cat "$TEST_DIR/fake.log")" "argv: --resume $first"

step "the picker: a session whose placeholder is not mapped here is dimmed, with the reason"
S7=66666666-aaaa-4aaa-8aaa-000000000007
mkdir -p "$A/work/tool"
expect_exit 0 on alice ccsync config add-placeholder "WORK=$A/work"
session "$A" "$A/work/tool" "$S7" "tooling HERON" "$today"
expect_exit 0 on alice ccsync push
rm -f "$TEST_DIR/fake.log"
picker "HERON" Enter Escape
row=$(grep "tooling HERON" "$TEST_DIR/screen.1") || { cat "$TEST_DIR/screen.1"; fail "no HERON row"; }
expect_contains "$row" "{{WORK}} not mapped on this machine"
printf '%s' "$row" | grep -qP '\e\[(\d+;)*2(;\d+)*m' || fail "the row is not dimmed (SGR 2): $row"
expect_contains "$(cat "$TEST_DIR/screen.1")" "cannot be opened here"
expect_eq "$(cat "$TEST_DIR/picker.rc")" 0 "exit code after Esc"
[ ! -e "$TEST_DIR/fake.log" ] || fail "Claude ran for a session that cannot be opened here"
echo "passed"
