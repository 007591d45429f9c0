# Shared set-up for the end-to-end scripts: sourced by each tests/e2e/<scenario>.sh.
# - hermetic environment: every CCSYNC_* unset, a fresh HOME per "machine", no system git config
# - `on MACHINE ccsync ARGS...` runs the real binary as that machine (its own home)
# - loopback servers on OS-chosen ports, stopped on exit
# - exit 125 = skipped (with a reason); the test directory is kept when a test fails
set -eu -o pipefail

: "${CCSYNC_BIN:?CCSYNC_BIN must name the ccsync binary}"
for variable in $(env | sed -n 's/^\(CCSYNC_[A-Z_]*\)=.*/\1/p'); do
  case "$variable" in CCSYNC_BIN|CCSYNC_BUILD_DIR|CCSYNC_SOURCE_DIR) ;; *) unset "$variable" ;; esac
done
unset XDG_CONFIG_HOME XDG_STATE_HOME CLAUDE_CONFIG_DIR GIT_DIR GIT_WORK_TREE SSH_AUTH_SOCK
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ccsync-e2e-$TEST_NAME.XXXXXX")
export GIT_CONFIG_GLOBAL="$TEST_DIR/gitconfig"
printf '[user]\n\tname = oracle\n\temail = oracle@test.invalid\n[init]\n\tdefaultBranch = main\n' \
  > "$GIT_CONFIG_GLOBAL"
BACKGROUND_PIDS=""

# A session worker a test started may still finish its last push for a moment: retry, then let
# it be (a leftover temporary directory is not a test failure).
remove_test_dir() {
  local _
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    rm -rf "$TEST_DIR" 2>/dev/null && return 0
    sleep 1
  done
  echo "note: could not remove $TEST_DIR (a process still writes there)" >&2
}

cleanup() {
  local status=$?
  for pid in $BACKGROUND_PIDS; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$status" -eq 0 ] || [ "$status" -eq 125 ]; then
    remove_test_dir
  else
    echo "FAILED: $TEST_NAME; test data kept in $TEST_DIR" >&2
  fi
}
trap cleanup EXIT
trap 'echo "error: line $LINENO: $BASH_COMMAND (exit $?)" >&2' ERR

skip() { echo "skipped: $*"; exit 125; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

# Runs "$@" with a machine's environment: on NAME ccsync ARGS... (or any command).
on() {
  local name=$1; shift
  local home="$TEST_DIR/machines/$name"
  mkdir -p "$home"
  if [ "$1" = ccsync ]; then shift; set -- "$CCSYNC_BIN" "$@"; fi
  HOME="$home" CCSYNC_HOME="$home/.claude-session-sync" CLAUDE_CONFIG_DIR="$home/.claude" "$@"
}
machine_home() { echo "$TEST_DIR/machines/$1"; }

# expect_exit CODE COMMAND...: runs it, keeps stdout/stderr in $OUT/$ERR, checks the exit code.
expect_exit() {
  local want=$1; shift
  local got=0
  "$@" >"$TEST_DIR/out" 2>"$TEST_DIR/err" || got=$?
  OUT=$(cat "$TEST_DIR/out"); ERR=$(cat "$TEST_DIR/err")
  if [ "$got" -ne "$want" ]; then
    printf 'stdout:\n%s\nstderr:\n%s\n' "$OUT" "$ERR" >&2
    fail "expected exit $want, got $got: $*"
  fi
}
expect_contains() { # expect_contains TEXT NEEDLE [what]
  case "$1" in *"$2"*) ;; *) printf '%s\n' "$1" >&2; fail "${3:-output} lacks '$2'";; esac
}
expect_not_contains() {
  case "$1" in *"$2"*) printf '%s\n' "$1" >&2; fail "${3:-output} contains '$2'";; esac
}
expect_eq() { [ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"; }

# A free TCP port chosen by the kernel (bound to 127.0.0.1:0, then released).
free_port() {
  perl -MIO::Socket::INET -e \
    'my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0) or die "$!";
     print $s->sockport, "\n";'
}
wait_for_port() {
  local port=$1 tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries + 1)); [ "$tries" -lt 100 ] || return 1
    sleep 0.05
  done
}

# Starts git daemon (push enabled) over $TEST_DIR/srv; sets GIT_DAEMON_PORT and GIT_DAEMON_URL.
start_git_daemon() {
  local daemon
  daemon=$(git --exec-path)/git-daemon
  [ -x "$daemon" ] || skip "git daemon is not installed"
  mkdir -p "$TEST_DIR/srv"
  local attempt
  for attempt in 1 2 3 4 5; do
    GIT_DAEMON_PORT=$(free_port)
    "$daemon" --reuseaddr --listen=127.0.0.1 --port="$GIT_DAEMON_PORT" --base-path="$TEST_DIR/srv" \
      --export-all --enable=receive-pack --informative-errors "$TEST_DIR/srv" \
      >"$TEST_DIR/git-daemon.log" 2>&1 &
    GIT_DAEMON_PID=$!
    GIT_DAEMON_URL="git://127.0.0.1:$GIT_DAEMON_PORT"
    BACKGROUND_PIDS="$BACKGROUND_PIDS $GIT_DAEMON_PID"
    if wait_for_port "$GIT_DAEMON_PORT"; then return 0; fi
  done
  fail "git daemon did not start (see $TEST_DIR/git-daemon.log)"
}
stop_git_daemon() { kill "$GIT_DAEMON_PID" 2>/dev/null || true; wait "$GIT_DAEMON_PID" 2>/dev/null || true; }
# restart_git_daemon: git daemon again on the port it had (after stop_git_daemon: the remote is
# back where every machine knows it).
restart_git_daemon() {
  "$(git --exec-path)/git-daemon" --reuseaddr --listen=127.0.0.1 --port="$GIT_DAEMON_PORT" \
    --base-path="$TEST_DIR/srv" --export-all --enable=receive-pack --informative-errors \
    "$TEST_DIR/srv" >>"$TEST_DIR/git-daemon.log" 2>&1 &
  GIT_DAEMON_PID=$!
  BACKGROUND_PIDS="$BACKGROUND_PIDS $GIT_DAEMON_PID"
  wait_for_port "$GIT_DAEMON_PORT" || fail "git daemon did not come back"
}

# new_bare NAME: an empty bare repository served by git daemon as $GIT_DAEMON_URL/NAME.
new_bare() { git init -q --bare -b main "$TEST_DIR/srv/$1"; }

# The number of commits on main of a bare repository (the oracle is the git CLI).
commit_count() { git --git-dir="$1" rev-list --count main 2>/dev/null || echo 0; }
repo_file() { git --git-dir="$1" show "main:$2"; }
# Days for transcript timestamps: recent enough that pull never takes a session for one Claude
# has deleted (older than its 30-day cleanup period), whatever the date the tests run on.
RECENT_DAY=$(date -u -d '-2 days' +%Y-%m-%d)
LATER_DAY=$(date -u -d '-1 day' +%Y-%m-%d)
# sdir ID: the folder of session ID in the sync repository (format 2: sessions/<shard>/ID, the
# shard being the id's first two characters).
sdir() { if [ ${#1} -ge 2 ]; then echo "sessions/${1:0:2}/$1"; else echo "sessions/${1}_/$1"; fi; }
# repo_sessions BARE: the ids of the sessions on main, one per line.
repo_sessions() {
  git --git-dir="$1" ls-tree -r -d --name-only main sessions/ | awk -F/ 'NF == 3 { print $3 }'
}
# repo_transcript BARE ID: session ID's transcript on main (its chunks joined, in order).
repo_transcript() {
  local dir chunk
  dir=$(sdir "$2")
  for chunk in $(git --git-dir="$1" ls-tree --name-only "main:$dir/transcript/"); do
    git --git-dir="$1" show "main:$dir/transcript/$chunk"
  done
}

# start_claude_and_fake_api: the real Claude Code CLI ($claude, installed into the build tree
# when missing: skip if npm cannot) and the loopback fake Anthropic API on $port, recording
# request bodies in $TEST_DIR/requests.jsonl.
start_claude_and_fake_api() {
  : "${CCSYNC_BUILD_DIR:?}" "${CCSYNC_SOURCE_DIR:?}"
  local fake="$CCSYNC_BUILD_DIR/tests/support/fake_anthropic"
  claude_dir="$CCSYNC_BUILD_DIR/claude-cli"
  claude="$claude_dir/node_modules/.bin/claude"
  [ -x "$fake" ] || fail "$fake is not built"
  if [ ! -x "$claude" ]; then
    bash "$CCSYNC_SOURCE_DIR/tests/support/install-claude.sh" "$claude_dir" \
      || skip "installing @anthropic-ai/claude-code from npm failed"
  fi
  "$fake" --port-file "$TEST_DIR/port" --requests "$TEST_DIR/requests.jsonl" >"$TEST_DIR/fake.log" 2>&1 &
  BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
  for _ in $(seq 100); do [ -s "$TEST_DIR/port" ] && break; sleep 0.1; done
  port=$(cat "$TEST_DIR/port")
}

# claude_on MACHINE DIR ARGS...: the real claude in DIR as MACHINE, hermetic (only PATH, the
# machine's home and the fake API from start_claude_and_fake_api).
claude_on() {
  local home; home=$(machine_home "$1"); local dir=$2; shift 2
  (cd "$dir" && env -i PATH="$PATH" HOME="$home" CLAUDE_CONFIG_DIR="$home/.claude" \
     ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=sk-ccsync-test \
     CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
     timeout 120 "$claude" "$@")
}

# local_session MACHINE ID...: a one-line transcript of each session ID on MACHINE (in a project
# folder of its own, outside the sync directories), for commands that take only real sessions.
local_session() {
  local home id; home=$(machine_home "$1"); shift
  mkdir -p "$home/.claude/projects/-ccsync-test"
  for id in "$@"; do
    printf '{"type":"user","cwd":"/ccsync-test","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"x"}}\n' \
      "$id" "$RECENT_DAY" >"$home/.claude/projects/-ccsync-test/$id.jsonl"
  done
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND every 0.25 s; fails naming WHAT after SECONDS.
wait_until() {
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 4))); do "$@" && return 0; sleep 0.25; done
  fail "after ${seconds} s: $what"
}

# stand_in_claude MACHINE NAME SESSION CWD TRANSCRIPT: a stand-in Claude Code process for the hook
# tests that need several at once: it records itself as Claude does (<claude dir>/sessions/
# <pid>.json), then runs `ccsync hook EVENT` as its own child (the hook finds it as its parent)
# for each event claude_event sends it, appending what the hook prints to $TEST_DIR/NAME.out.
# It heartbeats every second (CCSYNC_HEARTBEAT_SECONDS=1), so that tests see heartbeats soon.
# Its pid is in $TEST_DIR/NAME.pid; it ends after a session-end.
stand_in_claude() {
  local machine=$1 name=$2 home fd
  home=$(machine_home "$machine")
  mkfifo "$TEST_DIR/$name.fifo"
  mkdir -p "$home/.claude/sessions"
  on "$machine" env CCSYNC_HEARTBEAT_SECONDS=1 bash -c '
    printf "{\"pid\":%s,\"sessionId\":\"%s\",\"cwd\":\"%s\"}" $$ "$2" "$3" >"$4/sessions/$$.json"
    echo $$ >"$5.pid"
    while read -r event source; do
      printf "{\"session_id\":\"%s\",\"cwd\":\"%s\",\"hook_event_name\":\"%s\",\"source\":\"%s\",\"transcript_path\":\"%s\"}" \
        "$2" "$3" "$event" "$source" "$6" | "$1" hook "$event" >>"$5.out"
      [ "$event" = session-end ] && exit 0
    done' claude "$CCSYNC_BIN" "$3" "$4" "$home/.claude" "$TEST_DIR/$name" "$5" \
    <"$TEST_DIR/$name.fifo" &
  BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
  exec {fd}>"$TEST_DIR/$name.fifo"
  eval "CLAUDE_FD_$name=$fd"
  wait_until 10 "$name started" test -s "$TEST_DIR/$name.pid"
}
claude_event() { # claude_event NAME EVENT [SOURCE]
  local fd_var="CLAUDE_FD_$1"
  echo "$2 ${3:-}" >&"${!fd_var}"
}

# enc DIR: Claude's project-directory name for DIR (claude-code.md §2).
enc() { printf '%s' "$1" | sed 's/[^A-Za-z0-9]/-/g'; }

# alice_and_bob: a loopback git daemon serving sync.git ($url, $bare on disk) and two machines
# sharing it: alice ($A, projects under $A/p) and bob ($B, under $B/q), {{P}} mapped on each.
alice_and_bob() {
  start_git_daemon
  new_bare sync.git
  url="$GIT_DAEMON_URL/sync.git"
  bare="$TEST_DIR/srv/sync.git"
  A=$(machine_home alice); B=$(machine_home bob)
  mkdir -p "$A/p/app" "$B/q/app"
  on alice ccsync init --remote "$url" --machine-id alice --add-placeholder "P=$A/p" >/dev/null
  on bob ccsync init --remote "$url" --machine-id bob --add-placeholder "P=$B/q" >/dev/null
}
