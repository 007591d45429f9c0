#!/usr/bin/env bash
# ccsync benchmark suite: every scenario of issue 11, each run side by side with the git CLI doing
# the same work (on ccsync's own translated tree), medians of --runs repetitions.
#
# usage: tests/bench/run.sh [--scale small|full] [--runs N] [--heavy-runs N] [--binary PATH]
#                           [--no-build] [--build-lock FILE] [--out DIR] [--build-dir DIR]
#                           [--work DIR] [--keep] [--only N]
#
#   --scale      small (~100 sessions, ~30 MB, one 20 MB transcript; under 5 minutes on 2 cores;
#                the CTest smoke test) or full (2,000 sessions, ~1 GB, one 150 MB transcript; the
#                reported one). Default: small.
#   --runs N     repetitions of each scenario (default 5 at full scale, 3 at small); the no-op
#                push runs max(N, 10) times, scenario 12 20 times after 3 warm-ups (bench_spawn).
#   --heavy-runs N  repetitions of the scenarios that move the whole corpus (1, 6 and 7; default
#                --runs at full scale, 1 at small: keeps small under 5 minutes on a loaded 2-core
#                machine). At full scale one run of scenario 1 takes minutes.
#   --binary P   the ccsync binary to measure (implies --no-build); gen_corpus, bench_paths,
#                bench_spawn and fake_anthropic come from --build-dir ($CCSYNC_BUILD_DIR, or P's
#                build tree).
#   --no-build   do not build; otherwise: Release in build/release (cmake, then the targets
#                ccsync gen_corpus bench_paths bench_spawn fake_anthropic).
#   --build-lock F  hold flock F (flock -o) around the build step only ($CCSYNC_BUILD_LOCK).
#   --out DIR    results: DIR/bench.md (the table), DIR/bench.json (table, machine, corpus and
#                every raw figure), DIR/logs/ (each command's output). Default: <build dir>/bench/<scale>.
#   --work DIR   where the corpus, the remotes and the machines go (default: a new directory under
#                ${TMPDIR:-/tmp}); deleted at the end unless --keep.
#   --only N     run only scenario N (repeatable; those that need no earlier scenario: 7, 11, 12,
#                14), for a figure at full scale without the whole suite.
#
# On a shared machine, take the build lock for the build step only (not for the whole run):
#     tests/bench/run.sh --scale full --build-lock /tmp/ccsync-build.lock
# Servers it starts (git daemon, fake_anthropic) get no inherited descriptor above 2 (a lock held
# by a caller stays the caller's) and are killed when it exits, however it exits.
#
# Exit status: 0 when every scenario ran (targets met or not), 1 when a scenario's command failed
# or the output is malformed (the table says which: "failed (exit N)"), 2 on a usage error, 125
# when a required tool is missing (skipped, with the reason).
set -eu -o pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCALE=small
RUNS=""
HEAVY_RUNS=""
BINARY=""
BUILD=1
BUILD_LOCK=${CCSYNC_BUILD_LOCK:-}
OUT=""
BUILD_DIR=${CCSYNC_BUILD_DIR:-}
WORK=""
KEEP=0
ONLY=""

usage() { sed -n '2,37p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
die() { echo "run.sh: $*" >&2; exit 2; }
skip() { echo "skipped: $*"; exit 125; }
say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --scale) [ $# -ge 2 ] || die "--scale needs a value"; SCALE=$2; shift 2 ;;
      --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS=$2; shift 2 ;;
      --heavy-runs) [ $# -ge 2 ] || die "--heavy-runs needs a value"; HEAVY_RUNS=$2; shift 2 ;;
      --build-lock) [ $# -ge 2 ] || die "--build-lock needs a value"; BUILD_LOCK=$2; shift 2 ;;
      --binary) [ $# -ge 2 ] || die "--binary needs a value"; BINARY=$2; BUILD=0; shift 2 ;;
      --no-build) BUILD=0; shift ;;
      --out) [ $# -ge 2 ] || die "--out needs a value"; OUT=$2; shift 2 ;;
      --build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; BUILD_DIR=$2; shift 2 ;;
      --work) [ $# -ge 2 ] || die "--work needs a value"; WORK=$2; shift 2 ;;
      --keep) KEEP=1; shift ;;
      --only) [ $# -ge 2 ] || die "--only needs a value"
        case $2 in 7|11|12|14) ONLY="$ONLY $2" ;; *) die "--only takes 7, 11, 12 or 14" ;; esac
        shift 2 ;;
      -h|--help) usage 0 ;;
      *) die "unknown argument: $1 (see --help)" ;;
    esac
  done
  case $SCALE in small|full) ;; *) die "--scale is small or full" ;; esac
  [ -n "$RUNS" ] || RUNS=$([ "$SCALE" = full ] && echo 5 || echo 3)
  [ -n "$HEAVY_RUNS" ] || HEAVY_RUNS=$([ "$SCALE" = full ] && echo "$RUNS" || echo 1)
  case $RUNS in *[!0-9]*|0) die "--runs wants a positive number" ;; esac
  case $HEAVY_RUNS in *[!0-9]*|0) die "--heavy-runs wants a positive number" ;; esac
}

# ---- scale -------------------------------------------------------------------------------------
set_scale() {
  if [ "$SCALE" = full ]; then
    SESSIONS=2000 TOTAL_MB=1024 BIG_MB=150 MID_MB=7 APPENDS=100 PATHS_MB=100 PATHS_RUNS=5
    LOCK_CYCLES=500
  else
    SESSIONS=100 TOTAL_MB=30 BIG_MB=20 MID_MB=3 APPENDS=10 PATHS_MB=20 PATHS_RUNS=3
    LOCK_CYCLES=20
  fi
  APPEND_BYTES=20000
  SEED=20261129
  QUICK_RUNS=$(( RUNS > 10 ? RUNS : 10 ))
}

# ---- environment -------------------------------------------------------------------------------
# Every CCSYNC_*, XDG and git variable that could leak the caller's setup is dropped; every
# command runs with GIT_CONFIG_NOSYSTEM and a private global git config; each "machine" has its
# own HOME, CCSYNC_HOME and CLAUDE_CONFIG_DIR.
hermetic_env() {
  local variable
  for variable in $(env | sed -n 's/^\(CCSYNC_[A-Z_]*\)=.*/\1/p'); do unset "$variable"; done
  unset XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME CLAUDE_CONFIG_DIR GIT_DIR GIT_WORK_TREE \
    GIT_INDEX_FILE SSH_AUTH_SOCK GH_TOKEN GITHUB_TOKEN
  export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
  export GIT_CONFIG_GLOBAL="$WORK/gitconfig"
  printf '[user]\n\tname = bench\n\temail = bench@bench.invalid\n[init]\n\tdefaultBranch = main\n' \
    >"$GIT_CONFIG_GLOBAL"
  export HOME="$WORK/nobody"
  mkdir -p "$HOME"
}

# run_as HOME CCSYNC_HOME COMMAND...: COMMAND as the machine whose home is HOME (no extra process).
run_as() {
  local home=$1 ccs=$2
  shift 2
  HOME="$home" CCSYNC_HOME="$ccs" CLAUDE_CONFIG_DIR="$home/.claude" "$@"
}
# machine HOME CCSYNC_HOME: sets AS to the env(1) prefix for the same, for /usr/bin/time.
machine() { AS=(env "HOME=$1" "CCSYNC_HOME=$2" "CLAUDE_CONFIG_DIR=$1/.claude"); }

# ---- tools -------------------------------------------------------------------------------------
find_tools() {
  local tool
  for tool in jq git perl tar du; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
  done
  [ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (Debian package 'time')"
  GIT_DAEMON=$(git --exec-path)/git-daemon
  [ -x "$GIT_DAEMON" ] || skip "git daemon is not installed"
  command -v flock >/dev/null 2>&1 || skip "flock is not installed (util-linux)"
}

build() {
  [ -n "$BUILD_DIR" ] || BUILD_DIR="$SOURCE_DIR/build/release"
  if [ "$BUILD" -eq 1 ]; then
    say "building Release in $BUILD_DIR${BUILD_LOCK:+ (holding $BUILD_LOCK)}"
    local lock=()
    [ -z "$BUILD_LOCK" ] || lock=(flock -o "$BUILD_LOCK")
    "${lock[@]}" cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
      -DCCSYNC_BUILD_TESTS=ON >"$OUT/logs/cmake.log" 2>&1 || { cat "$OUT/logs/cmake.log" >&2; exit 1; }
    "${lock[@]}" cmake --build "$BUILD_DIR" -j "$(nproc)" \
      --target ccsync ccsync-engine gen_corpus bench_paths bench_spawn fake_anthropic \
      >"$OUT/logs/build.log" 2>&1 || { tail -50 "$OUT/logs/build.log" >&2; exit 1; }
  fi
  CCSYNC=${BINARY:-$BUILD_DIR/src/ccsync}
  GEN=$BUILD_DIR/tests/bench/gen_corpus
  BENCH_PATHS=$BUILD_DIR/tests/bench/bench_paths
  BENCH_SPAWN=$BUILD_DIR/tests/bench/bench_spawn
  FAKE_ANTHROPIC=$BUILD_DIR/tests/support/fake_anthropic
  [ -x "$CCSYNC" ] || { echo "run.sh: no ccsync binary at $CCSYNC" >&2; exit 1; }
  [ -x "$GEN" ] || { echo "run.sh: $GEN is not built" >&2; exit 1; }
  [ -x "$BENCH_SPAWN" ] || { echo "run.sh: $BENCH_SPAWN is not built" >&2; exit 1; }
  CCSYNC=$(cd "$(dirname "$CCSYNC")" && pwd)/$(basename "$CCSYNC")
}

# The build tree of --binary when none was named: .../src/ccsync -> ...
default_build_dir() {
  if [ -z "$BUILD_DIR" ] && [ -n "$BINARY" ]; then
    local candidate
    candidate=$(cd "$(dirname "$BINARY")/.." && pwd)
    [ -x "$candidate/tests/bench/gen_corpus" ] && BUILD_DIR=$candidate
  fi
  [ -n "$BUILD_DIR" ] || BUILD_DIR="$SOURCE_DIR/build/release"
  BUILD_DIR=$(mkdir -p "$BUILD_DIR" && cd "$BUILD_DIR" && pwd)
}

# ---- servers -----------------------------------------------------------------------------------
# Every server's pid goes to $WORK/pids (scenarios run in subshells), and cleanup kills them all.
remember_pid() { echo "$1" >>"$WORK/pids"; }
# background COMMAND...: COMMAND in the background with no inherited descriptor above 2: a flock
# taken without -o by whoever started run.sh must not outlive run.sh in a server (it would block
# every later build on the shared machine). Sets BG_PID.
background() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
    done
    exec "$@"
  ) &
  BG_PID=$!
  remember_pid "$BG_PID"
}
free_port() {
  perl -MIO::Socket::INET -e \
    'my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0) or die "$!";
     print $s->sockport, "\n";'
}
wait_for_port() {
  local port=$1 tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || return 1
    sleep 0.05
  done
}
# A loopback git daemon (push enabled) serving $WORK/srv as $URL/NAME.
start_git_daemon() {
  local attempt port
  mkdir -p "$WORK/srv"
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    background "$GIT_DAEMON" --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$WORK/srv" \
      --export-all --enable=receive-pack --informative-errors "$WORK/srv" \
      >"$OUT/logs/git-daemon.log" 2>&1
    URL="git://127.0.0.1:$port"
    if wait_for_port "$port"; then return 0; fi
    echo "run.sh: git daemon attempt $attempt failed" >&2
  done
  echo "run.sh: git daemon did not start (see $OUT/logs/git-daemon.log)" >&2
  exit 1
}
# Automatic gc is off in every repository the suite creates: a detached `git gc --auto` (after a
# commit of thousands of files, or in receive-pack) would repack in the background, competing with
# the measured commands and changing the remote sizes that scenarios 4 and 5 report.
no_auto_gc() { git -C "$1" config gc.auto 0 && git -C "$1" config receive.autogc false; }
new_bare() {
  rm -rf "$WORK/srv/$1"
  git init -q --bare -b main "$WORK/srv/$1"
  no_auto_gc "$WORK/srv/$1"
}

cleanup() {
  local status=$?
  local pid pids=""
  [ -z "$WORK" ] || [ ! -f "$WORK/pids" ] || pids=$(cat "$WORK/pids")
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $pids; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$KEEP" -eq 1 ]; then
      echo "run.sh: work directory kept: $WORK" >&2
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$status"
}

# ---- measuring ---------------------------------------------------------------------------------
now_us() { local t=$EPOCHREALTIME; echo "${t//[!0-9]/}"; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", (b - a) / 1e6 }'; }
count_lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }
accepted() { # accepted OK RC: OK is "sync" (0, or 3: done with sessions held back) or "zero"
  [ "$2" -eq 0 ] || { [ "$1" = sync ] && [ "$2" -eq 3 ]; }
}
note_failure() { # note_failure NAME RC: remembers the failure (name, exit code, log) of NAME
  [ -f "$RAW/$1.fail" ] || echo "$2" >"$RAW/$1.fail"
  printf '%s\t%s\t%s\n' "$1" "$2" "$LAST_LOG" >>"$WORK/failures"
  say "FAILED: $1 exited $2, see $LAST_LOG.out/.err"
}

# The 1-minute load average before each measurement ($RAW/NAME.load and $RAW/all.load): the
# machine is shared, and a load above the number of cores means someone else was busy.
sample_load() {
  local load
  read -r load _ </proc/loadavg
  echo "$load" >>"$RAW/$1.load"
  echo "$load" >>"$RAW/all.load"
}

# measure NAME OK COMMAND...: runs COMMAND once under /usr/bin/time -v; appends its wall time (s)
# to $RAW/NAME.s and its peak RSS (KiB) to $RAW/NAME.rss. Returns 1 if the exit code is not OK.
measure() {
  local name=$1 ok=$2
  shift 2
  local n rc=0 t0 t1
  n=$(( $(count_lines "$RAW/$name.s") + 1 ))
  LAST_LOG="$OUT/logs/$name.$n"
  sample_load "$name"
  t0=$(now_us)
  /usr/bin/time -v -o "$LAST_LOG.time" "$@" >"$LAST_LOG.out" 2>"$LAST_LOG.err" || rc=$?
  t1=$(now_us)
  if ! accepted "$ok" "$rc"; then note_failure "$name" "$rc"; return 1; fi
  [ "$rc" -eq 0 ] || echo "$n" >>"$RAW/$name.held" # exit 3: done, some sessions held back
  LAST_S=$(seconds_between "$t0" "$t1")
  echo "$LAST_S" >>"$RAW/$name.s"
  LAST_RSS=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$LAST_LOG.time")
  echo "${LAST_RSS:-0}" >>"$RAW/$name.rss"
}

# measure_quick NAME OK COMMAND...: the same without /usr/bin/time (no extra process; for
# commands of a few milliseconds). COMMAND may be a shell function such as run_as.
measure_quick() {
  local name=$1 ok=$2
  shift 2
  local n rc=0 t0 t1
  n=$(( $(count_lines "$RAW/$name.s") + 1 ))
  LAST_LOG="$OUT/logs/$name.$n"
  sample_load "$name"
  t0=$(now_us)
  "$@" >"$LAST_LOG.out" 2>"$LAST_LOG.err" || rc=$?
  t1=$(now_us)
  if ! accepted "$ok" "$rc"; then note_failure "$name" "$rc"; return 1; fi
  [ "$rc" -eq 0 ] || echo "$n" >>"$RAW/$name.held" # exit 3: done, some sessions held back
  LAST_S=$(seconds_between "$t0" "$t1")
  echo "$LAST_S" >>"$RAW/$name.s"
  [ "$n" -gt 1 ] && rm -f "$LAST_LOG.out" "$LAST_LOG.err" # keep the first run's output only
  return 0
}
record() { echo "$2" >>"$RAW/$1.s"; } # record NAME VALUE: a derived figure
# setup_step NAME OK COMMAND...: an untimed step; its output goes to the logs, a failure counts.
setup_step() {
  local name=$1 ok=$2 rc=0
  shift 2
  LAST_LOG="$OUT/logs/$name"
  "$@" >"$LAST_LOG.out" 2>"$LAST_LOG.err" || rc=$?
  if ! accepted "$ok" "$rc"; then note_failure "$name" "$rc"; return 1; fi
}
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", a + b }'; }
median() { # median FILE: the median of its numbers (empty if none)
  [ -s "$1" ] || return 0
  sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
med() { median "$RAW/$1.s"; }
med_rss() { median "$RAW/$1.rss"; }

# ---- formatting and rows -----------------------------------------------------------------------
fmt_time() { # seconds -> "7.2 ms", "312 ms", "9.84 s"
  awk -v s="$1" 'BEGIN { if (s == "") print "—"; else if (s < 0.1) printf "%.1f ms\n", s * 1000;
    else if (s < 1) printf "%.0f ms\n", s * 1000; else printf "%.2f s\n", s }'
}
fmt_bytes() { # bytes -> "512 KB", "3.4 MB"
  awk -v b="$1" 'BEGIN { if (b == "") print "—"; else if (b < 1e6) printf "%.0f KB\n", b / 1e3;
    else if (b < 1e9) printf "%.1f MB\n", b / 1e6; else printf "%.2f GB\n", b / 1e9 }'
}
fmt_rss() { awk -v k="$1" 'BEGIN { if (k == "") print "—"; else printf "%.0f MB\n", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print ""; else printf "%.2f\n", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a <= b) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a >= b) }'; }
le_both() { le "$1" "$2" && le "$3" "$4"; }
yes_no() { if "$@"; then echo yes; else echo no; fi; }

# row ID SCENARIO CCSYNC BASELINE RATIO TARGET MET [NOTE]: one line of the table.
row() {
  jq -cn --arg id "$1" --arg scenario "$2" --arg ccsync "$3" --arg baseline "$4" --arg ratio "$5" \
    --arg target "$6" --arg met "$7" --arg note "${8:-}" \
    '{id: $id, scenario: $scenario, ccsync: $ccsync, baseline: $baseline,
      ratio: (if $ratio == "" then null else ($ratio | tonumber) end),
      ratio_text: (if $ratio == "" then "—" else "\($ratio)×" end), target: $target, met: $met,
      note: $note}' >>"$ROWS"
}
has_row() { [ -f "$ROWS" ] && jq -e --arg id "$1" 'select(.id == $id)' "$ROWS" >/dev/null 2>&1; }
# fail_rows CELL NOTE "ID|SCENARIO|TARGET"...: rows a scenario could not produce.
fail_rows() {
  local cell=$1 note=$2 spec id scenario target
  shift 2
  for spec in "$@"; do
    IFS='|' read -r id scenario target <<<"$spec"
    has_row "$id" || row "$id" "$scenario" "$cell" "—" "" "$target" "—" "$note"
  done
}
# failed_cell NAME...: "failed (exit N)" for the first of NAMEs that failed, else empty.
failed_cell() {
  local name
  for name in "$@"; do
    if [ -f "$RAW/$name.fail" ]; then echo "failed (exit $(cat "$RAW/$name.fail"))"; return; fi
  done
}

# run_scenario FUNCTION "ID|SCENARIO|TARGET"...: runs FUNCTION in a subshell with errexit on (so never call
# run_scenario where errexit is ignored: in an if, && or || list); rows it did not write are
# reported as failed, and FUNCTION is listed in $WORK/failed-scenarios.
run_scenario() {
  local fn=$1 rc=0
  shift
  say "scenario ${fn#scenario_}"
  set +e
  (set -e; "$fn")
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    local name="$fn" code=$rc log=""
    if [ -s "$WORK/failures" ]; then IFS=$'\t' read -r name code log < <(tail -1 "$WORK/failures"); fi
    [ -s "$WORK/failures" ] || printf '%s\t%s\t\n' "$fn" "$rc" >>"$WORK/failures"
    fail_rows "failed (exit $code)" "$name failed${log:+; see $log.out and $log.err}" "$@"
    echo "$fn" >>"$WORK/failed-scenarios"
  fi
}
scenario_failed() { grep -qx "$1" "$WORK/failed-scenarios" 2>/dev/null; }

# ---- corpus ------------------------------------------------------------------------------------
M1="" CORPUS="" MID="" MID_ID="" BIG_ID="" SESSION_COUNT=0
generate_corpus() {
  M1="$WORK/m1"
  mkdir -p "$M1"
  CORPUS="$OUT/corpus.json"
  say "generating the $SCALE corpus ($SESSIONS sessions, ~$TOTAL_MB MB, one $BIG_MB MB transcript)"
  local t0 t1
  t0=$(now_us)
  "$GEN" --out "$M1/.claude" --home "$M1" --sessions "$SESSIONS" --total-mb "$TOTAL_MB" \
    --big-mb "$BIG_MB" --mid-mb "$MID_MB" --seed "$SEED" --now "$(date -u +%Y-%m-%d)" \
    --summary "$CORPUS" >/dev/null
  t1=$(now_us)
  record corpus_generation "$(seconds_between "$t0" "$t1")"
  MID=$(jq -r .special.mid.path "$CORPUS")
  MID_ID=$(jq -r .special.mid.id "$CORPUS")
  BIG_ID=$(jq -r .special.big.id "$CORPUS")
  SESSION_COUNT=$(jq -r .sessions "$CORPUS")
  say "corpus: $(jq -r '"\(.sessions) sessions, \(.files) files, \(.bytes) bytes"' "$CORPUS")"
}

# ---- git CLI baseline helpers ------------------------------------------------------------------
# export_tree BARE DIR: the files of BARE's main, as a new git working tree pushing to $URL/REMOTE.
export_tree() {
  local bare=$1 dir=$2 remote=$3
  rm -rf "$dir"
  mkdir -p "$dir"
  git --git-dir="$bare" archive --format=tar main | tar -x -C "$dir"
  git -C "$dir" init -q
  no_auto_gc "$dir"
  git -C "$dir" remote add origin "$URL/$remote"
}
# git_commit_push PREFIX DIR MESSAGE: times git add -A, git commit, git push (each under
# /usr/bin/time); appends their sum to PREFIX_git.
git_commit_push() {
  local prefix=$1 dir=$2 message=$3 total=0
  measure "${prefix}_git_add" zero git -C "$dir" add -A || return 1
  total=$(add "$total" "$LAST_S")
  measure "${prefix}_git_commit" zero git -C "$dir" commit -q -m "$message" || return 1
  total=$(add "$total" "$LAST_S")
  measure "${prefix}_git_push" zero git -C "$dir" push -q origin main || return 1
  total=$(add "$total" "$LAST_S")
  record "${prefix}_git" "$total"
}
# copy_changes BARE OLD NEW DIR: what ccsync's push changed in BARE (OLD..NEW), applied to DIR.
copy_changes() {
  local bare=$1 old=$2 new=$3 dir=$4 status path
  git --git-dir="$bare" diff --no-renames --name-status -z "$old" "$new" |
    while IFS= read -r -d '' status && IFS= read -r -d '' path; do
      if [ "$status" = D ]; then
        rm -f "$dir/$path"
      else
        mkdir -p "$(dirname "$dir/$path")"
        git --git-dir="$bare" cat-file blob "$new:$path" >"$dir/$path"
      fi
    done
}
size_of() { du -sb "$1" | cut -f1; }
# file_bytes_of DIR: the bytes of DIR's files alone. du -sb also counts each directory (4 KiB),
# and a small push received as loose objects makes a new objects/xx/ directory per object.
file_bytes_of() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
# size_mark DIR: "du-bytes file-bytes" of DIR. record_growth NAME DIR MARK: records what DIR grew
# by since MARK, as NAME (du -sb) and NAME's file_ twin (files alone).
size_mark() { echo "$(size_of "$1") $(file_bytes_of "$1")"; }
record_growth() {
  local name=$1 dir=$2 du0 files0
  read -r du0 files0 <<<"$3"
  record "$name" "$(($(size_of "$dir") - du0))"
  record "${name%_growth}_file_growth" "$(($(file_bytes_of "$dir") - files0))"
}

# ---- scenarios ---------------------------------------------------------------------------------
# State after scenario 1, used by 2-6 and 8-9: machine m1 on remote s1-rN, baseline tree and remote.
s1_state() {
  S1_CCS="$M1/ccs-s1-r$HEAVY_RUNS"
  S1_REMOTE="$WORK/srv/s1-r$HEAVY_RUNS.git"
  S1_TREE="$WORK/tree-s1-r$HEAVY_RUNS"
  S1_BASE="$WORK/srv/b1-r$HEAVY_RUNS.git"
}

scenario_1() { # first push of the whole corpus
  local r ccs
  for r in $(seq 1 "$HEAVY_RUNS"); do
    rm -rf "$M1/ccs-s1-r$((r - 1))" "$WORK/srv/s1-r$((r - 1)).git" "$WORK/srv/b1-r$((r - 1)).git" \
      "$WORK/tree-s1-r$((r - 1))"
    ccs="$M1/ccs-s1-r$r"
    new_bare "s1-r$r.git"
    new_bare "b1-r$r.git"
    machine "$M1" "$ccs"
    measure s1_init zero "${AS[@]}" "$CCSYNC" init --remote "$URL/s1-r$r.git" --machine-id m1
    local init_s=$LAST_S
    measure s1_push sync "${AS[@]}" "$CCSYNC" push
    record s1_ccsync "$(add "$init_s" "$LAST_S")"
    export_tree "$WORK/srv/s1-r$r.git" "$WORK/tree-s1-r$r" "b1-r$r.git"
    git_commit_push s1 "$WORK/tree-s1-r$r" "first push"
    say "  run $r: ccsync $(fmt_time "$(tail -1 "$RAW/s1_ccsync.s")"), git $(fmt_time "$(tail -1 "$RAW/s1_git.s")")"
  done
  s1_state
  local pushed files
  pushed=$(git --git-dir="$S1_REMOTE" ls-tree -r -d --name-only main sessions/ | awk -F/ 'NF == 3' | wc -l)
  files=$(git --git-dir="$S1_REMOTE" ls-tree -r --name-only main | wc -l)
  echo "$pushed" >"$RAW/s1_sessions_pushed.count"
  local c g
  c=$(med s1_ccsync) g=$(med s1_git)
  row 1 "first push of the whole corpus (init + push; git: add + commit + push)" \
    "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" "≤ 1.1×" \
    "$(yes_no le "$(ratio "$c" "$g")" 1.1)" \
    "init $(fmt_time "$(med s1_init)") + push $(fmt_time "$(med s1_push)"), peak RSS $(fmt_rss "$(med_rss s1_push)"); git add $(fmt_time "$(med s1_git_add)"), commit $(fmt_time "$(med s1_git_commit)"), push $(fmt_time "$(med s1_git_push)") (peak RSS $(fmt_rss "$(med_rss s1_git_push)")); $pushed of $SESSION_COUNT sessions, $files files, remote $(fmt_bytes "$(size_of "$S1_REMOTE")")"
}

scenario_2() { # push with nothing changed
  s1_state
  local _
  setup_step s2_warmup sync run_as "$M1" "$S1_CCS" "$CCSYNC" push
  setup_step s2_check sync run_as "$M1" "$S1_CCS" "$CCSYNC" push
  local half=$(( (QUICK_RUNS + 1) / 2 ))
  for _ in 1 2; do # two rounds each, interleaved: a burst of load hits both sides
    run_as "$M1" "$S1_CCS" short s2_push 1 "$half" "$CCSYNC" push
    short s2_git 1 "$half" git -C "$S1_TREE" status --porcelain
  done
  local note=""
  grep -q '^0 sessions' "$OUT/logs/s2_check.out" || note="not a no-op: $(tail -1 "$OUT/logs/s2_check.out"); "
  local c g
  c=$(med s2_push) g=$(med s2_git)
  row 2 "push with nothing changed ($SESSION_COUNT sessions; git: status --porcelain)" \
    "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" "≤ 50 ms and ≤ 3×" \
    "$(yes_no le_both "$c" 0.050 "$(ratio "$c" "$g")" 3)" "${note}median of $((half * 2)) (bench_spawn, after a warm-up)"
}

scenario_3() { # push after appending 20 KB to the mid-size session; 4: remote growth
  s1_state
  local r appended old new mark
  for r in $(seq 1 "$RUNS"); do
    appended=$("$GEN" --append "$APPEND_BYTES" --session "$MID" --seed "$((SEED + r))" | jq -r .appended)
    record s3_appended "$appended"
    old=$(git --git-dir="$S1_REMOTE" rev-parse main)
    mark=$(size_mark "$S1_REMOTE")
    machine "$M1" "$S1_CCS"
    measure s3_push sync "${AS[@]}" "$CCSYNC" push
    record_growth s4_ccsync_growth "$S1_REMOTE" "$mark"
    grep -q "$MID_ID  appended" "$LAST_LOG.out" || echo "run $r: push did not report '$MID_ID  appended'" >>"$RAW/s3_notes.txt"
    new=$(git --git-dir="$S1_REMOTE" rev-parse main)
    copy_changes "$S1_REMOTE" "$old" "$new" "$S1_TREE"
    mark=$(size_mark "$S1_BASE")
    git_commit_push s3 "$S1_TREE" "append $r"
    record_growth s4_git_growth "$S1_BASE" "$mark"
  done
  local c g a cg gg mid_mb
  c=$(med s3_push) g=$(med s3_git)
  mid_mb=$(fmt_bytes "$(stat -c %s "$MID")")
  row 3 "push after appending $((APPEND_BYTES / 1000)) KB to a $mid_mb session (git: copy ccsync's changed files, add + commit + push)" \
    "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" "≤ 1.0×" \
    "$(yes_no le "$(ratio "$c" "$g")" 1.0)" \
    "peak RSS $(fmt_rss "$(med_rss s3_push)"); git add $(fmt_time "$(med s3_git_add)"), commit $(fmt_time "$(med s3_git_commit)"), push $(fmt_time "$(med s3_git_push)")$( [ -f "$RAW/s3_notes.txt" ] && printf '; %s' "$(head -1 "$RAW/s3_notes.txt")")"
  a=$(med s3_appended) cg=$(med s4_ccsync_growth) gg=$(med s4_git_growth)
  row 4 "bytes added to the remote by that push (du -sb of the bare remote, no gc)" \
    "$(fmt_bytes "$cg") ($(ratio "$cg" "$a")× appended)" "$(fmt_bytes "$gg") ($(ratio "$gg" "$a")× appended)" \
    "$(ratio "$cg" "$gg")" "≤ 2× appended" "$(yes_no le "$(ratio "$cg" "$a")" 2)" \
    "appended $(fmt_bytes "$a") per push (median); files alone, without du's 4 KiB per new directory: ccsync $(fmt_bytes "$(med s4_ccsync_file_growth)") ($(ratio "$(med s4_ccsync_file_growth)" "$a")× appended), git $(fmt_bytes "$(med s4_git_file_growth)") ($(ratio "$(med s4_git_file_growth)" "$a")× appended)"
}

scenario_5() { # many appends: remote growth
  s1_state
  local k appended total=0 old new c0 c1 g0 g1
  c0=$(size_of "$S1_REMOTE") g0=$(size_of "$S1_BASE")
  machine "$M1" "$S1_CCS"
  for k in $(seq 1 "$APPENDS"); do
    appended=$("$GEN" --append "$APPEND_BYTES" --session "$MID" --seed "$((SEED + 1000 + k))" | jq -r .appended)
    total=$((total + appended))
    old=$(git --git-dir="$S1_REMOTE" rev-parse main)
    measure s5_push sync "${AS[@]}" "$CCSYNC" push
    new=$(git --git-dir="$S1_REMOTE" rev-parse main)
    copy_changes "$S1_REMOTE" "$old" "$new" "$S1_TREE"
    git_commit_push s5 "$S1_TREE" "append $k"
  done
  c1=$(size_of "$S1_REMOTE") g1=$(size_of "$S1_BASE")
  record s5_appended_total "$total"
  record s5_ccsync_growth "$((c1 - c0))"
  record s5_git_growth "$((g1 - g0))"
  row 5 "$APPENDS appends of $((APPEND_BYTES / 1000)) KB: remote growth" \
    "$(fmt_bytes "$((c1 - c0))") ($(ratio "$((c1 - c0))" "$total")× appended)" \
    "$(fmt_bytes "$((g1 - g0))") ($(ratio "$((g1 - g0))" "$total")× appended)" \
    "$(ratio "$((c1 - c0))" "$((g1 - g0))")" "≤ 2× appended" "$(yes_no le "$(ratio "$((c1 - c0))" "$total")" 2)" \
    "appended $(fmt_bytes "$total") in all; push median $(fmt_time "$(med s5_push)") vs git $(fmt_time "$(med s5_git)")"
}

# settle: the file system's work of earlier steps (dirty pages, a deleted gigabyte's inodes) is
# done before the next measurement, so that it is not charged to whichever side runs next.
settle() { sync; sleep 1; }
# clone_run PREFIX SOURCE: one git clone into $WORK/clone (kept until the caller removes it).
clone_run() {
  settle
  measure "${1}_clone" zero git clone -q "$2" "$WORK/clone"
}
# ccsync_pull_run PREFIX REMOTE: init + pull of a fresh machine $WORK/m2 (kept likewise).
ccsync_pull_run() {
  local prefix=$1 m2="$WORK/m2"
  mkdir -p "$m2"
  machine "$m2" "$m2/.claude-session-sync"
  settle
  measure "${prefix}_init" zero "${AS[@]}" "$CCSYNC" init --remote "$2" --machine-id m2
  local init_s=$LAST_S
  measure "${prefix}_pull" sync "${AS[@]}" "$CCSYNC" pull
  record "${prefix}_ccsync" "$(add "$init_s" "$LAST_S")"
  find "$m2/.claude/projects" -mindepth 2 -maxdepth 2 -name '*.jsonl' 2>/dev/null | wc -l >>"$RAW/${prefix}_materialised.count"
}
# pull_run PREFIX REMOTE_SPEC_FOR_CCSYNC CLONE_SOURCE RUN: one fresh-machine pull and one git
# clone, in turns (the odd runs clone first), both removed only after both ran.
pull_run() {
  local prefix=$1 ccsync_remote=$2 clone_source=$3 run=$4
  rm -rf "$WORK/m2" "$WORK/clone"
  if [ $((run % 2)) -eq 1 ]; then
    clone_run "$prefix" "$clone_source"
    ccsync_pull_run "$prefix" "$ccsync_remote"
  else
    ccsync_pull_run "$prefix" "$ccsync_remote"
    clone_run "$prefix" "$clone_source"
  fi
  rm -rf "$WORK/m2" "$WORK/clone"
}

scenario_6() { # pull onto a fresh machine, git:// then path remote (each row written when measured)
  s1_state
  local r kind prefix label c g got remote
  for kind in git path; do
    if [ "$kind" = git ]; then prefix=s6 label="git:// remote"; else prefix=s6p label="path remote"; fi
    for r in $(seq 1 "$HEAVY_RUNS"); do
      rm -rf "$WORK/srv/$prefix.git"
      cp -a "$S1_REMOTE" "$WORK/srv/$prefix.git"
      if [ "$kind" = git ]; then remote="$URL/$prefix.git"; else remote="$WORK/srv/$prefix.git"; fi
      pull_run "$prefix" "$remote" "$remote" "$r"
    done
    rm -rf "$WORK/srv/$prefix.git"
    c=$(med "${prefix}_ccsync") g=$(med "${prefix}_clone")
    got=$(sort -n "$RAW/${prefix}_materialised.count" | head -1)
    row "6$([ "$kind" = git ] && echo a || echo b)" "pull onto a fresh machine, $label (init + pull; git: clone)" \
      "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" "≤ 1.5×" \
      "$(yes_no le "$(ratio "$c" "$g")" 1.5)" \
      "init $(fmt_time "$(med "${prefix}_init")") (peak RSS $(fmt_rss "$(med_rss "${prefix}_init")")) + pull $(fmt_time "$(med "${prefix}_pull")") (peak RSS $(fmt_rss "$(med_rss "${prefix}_pull")")); materialised $got of $SESSION_COUNT transcripts"
  done
}

# Encrypted against plain (issue 24), side by side in turns, each with a repository of its own
# over git://: first push of the whole corpus (init + push), a push after appending APPEND_BYTES to
# the mid-size session, init + pull onto a fresh machine; and the size of the two remotes.
s14_first_push() { # s14_first_push KIND RUN (KIND plain or enc)
  local kind=$1 r=$2 ccs="$M1/ccs-s14-$1" flag=()
  [ "$kind" = enc ] && flag=(--encrypt)
  rm -rf "$ccs"
  new_bare "s14-$kind.git"
  machine "$M1" "$ccs"
  settle
  measure "s14_${kind}_init" zero "${AS[@]}" "$CCSYNC" init --remote "$URL/s14-$kind.git" \
    --machine-id m1 "${flag[@]}"
  local init_s=$LAST_S
  measure "s14_${kind}_push" sync "${AS[@]}" "$CCSYNC" push
  record "s14_${kind}_first" "$(add "$init_s" "$LAST_S")"
}
s14_append_push() { # s14_append_push KIND
  machine "$M1" "$M1/ccs-s14-$1"
  measure "s14_${1}_append" sync "${AS[@]}" "$CCSYNC" push
}
s14_fresh_pull() { # s14_fresh_pull KIND RUN (each run a machine of its own: p1, p2, ...)
  local kind=$1 r=$2 m2="$WORK/m2-s14" key=()
  [ "$kind" = enc ] && key=(--key-file "$M1/ccs-s14-enc/key")
  rm -rf "$m2"
  mkdir -p "$m2"
  machine "$m2" "$m2/.claude-session-sync"
  settle
  measure "s14_${kind}_pinit" zero "${AS[@]}" "$CCSYNC" init --remote "$URL/s14-$kind.git" \
    --machine-id "p$r" "${key[@]}"
  local init_s=$LAST_S
  measure "s14_${kind}_pull" sync "${AS[@]}" "$CCSYNC" pull
  record "s14_${kind}_fresh" "$(add "$init_s" "$LAST_S")"
  rm -rf "$m2"
}
# in_turns RUN FUNCTION ARGS...: FUNCTION plain ARGS then enc ARGS on odd runs, the other way on
# even ones (a burst of load hits both sides).
in_turns() {
  local r=$1 fn=$2
  shift 2
  if [ $((r % 2)) -eq 1 ]; then "$fn" plain "$@"; "$fn" enc "$@"; else "$fn" enc "$@"; "$fn" plain "$@"; fi
}
scenario_14() {
  local r plain_size enc_size
  for r in $(seq 1 "$HEAVY_RUNS"); do
    in_turns "$r" s14_first_push "$r"
  done
  plain_size=$(file_bytes_of "$WORK/srv/s14-plain.git") enc_size=$(file_bytes_of "$WORK/srv/s14-enc.git")
  for r in $(seq 1 "$RUNS"); do
    "$GEN" --append "$APPEND_BYTES" --session "$MID" --seed "$((SEED + 500 + r))" >/dev/null
    in_turns "$r" s14_append_push
  done
  for r in $(seq 1 "$HEAVY_RUNS"); do
    in_turns "$r" s14_fresh_pull "$r"
  done
  local kind label p e
  for kind in first append fresh; do
    case $kind in
      first) label="first push of the whole corpus (init + push)" ;;
      append) label="push after appending $((APPEND_BYTES / 1000)) KB to the mid-size session" ;;
      fresh) label="pull onto a fresh machine (init + pull)" ;;
    esac
    p=$(med "s14_plain_$kind") e=$(med "s14_enc_$kind")
    row "14$(case $kind in first) echo a ;; append) echo b ;; fresh) echo c ;; esac)" \
      "encrypted repository: $label (baseline: ccsync on a plain repository)" \
      "$(fmt_time "$e")" "$(fmt_time "$p")" "$(ratio "$e" "$p")" "≤ 1.15×" \
      "$(yes_no le "$(ratio "$e" "$p")" 1.15)" \
      "$([ "$kind" = fresh ] && echo "pull peak RSS: encrypted $(fmt_rss "$(med_rss s14_enc_pull)"), plain $(fmt_rss "$(med_rss s14_plain_pull)")")"
  done
  row 14d "encrypted repository: size of the remote after the first push (baseline: plain)" \
    "$(fmt_bytes "$enc_size")" "$(fmt_bytes "$plain_size")" "$(ratio "$enc_size" "$plain_size")" "≤ 1.1×" \
    "$(yes_no le "$(ratio "$enc_size" "$plain_size")" 1.1)" "files of the bare remotes, no gc"
  rm -rf "$M1/ccs-s14-plain" "$M1/ccs-s14-enc" "$WORK/srv/s14-plain.git" "$WORK/srv/s14-enc.git"
}

# A one-line pull after many lock cycles (issue 22: libgit2's negotiation offered lock commits and
# got the whole branch again): two machines on a copy of scenario 1's remote over git://, each
# taking and releasing a lock LOCK_CYCLES times; then one line appended and pushed on the first,
# pulled on the second. Bytes fetched are what the cache grew by (received packs are kept as they
# came); git: `git fetch` into a mirror clone made after the lock cycles.
scenario_13() {
  s1_state
  local mb="$WORK/m13b" mirror="$WORK/s13-mirror.git" n r who mark_a mark_b
  rm -rf "$WORK/srv/s13.git" "$mb" "$mirror" "$M1/ccs-s13"
  cp -a "$S1_REMOTE" "$WORK/srv/s13.git"
  machine "$M1" "$M1/ccs-s13"
  setup_step s13_init_a sync "${AS[@]}" "$CCSYNC" init --remote "$URL/s13.git" --machine-id m13a
  setup_step s13_push_a sync "${AS[@]}" "$CCSYNC" push
  machine "$mb" "$mb/ccs"
  setup_step s13_init_b sync "${AS[@]}" "$CCSYNC" init --remote "$URL/s13.git" --machine-id m13b
  setup_step s13_pull_b sync "${AS[@]}" "$CCSYNC" pull
  for n in $(seq 1 "$LOCK_CYCLES"); do
    for who in "$M1|$M1/ccs-s13" "$mb|$mb/ccs"; do
      machine "${who%|*}" "${who#*|}"
      setup_step s13_lock zero "${AS[@]}" "$CCSYNC" lock acquire "$MID_ID"
      setup_step s13_unlock zero "${AS[@]}" "$CCSYNC" lock release "$MID_ID"
    done
  done
  git clone -q --mirror "$URL/s13.git" "$mirror"
  no_auto_gc "$mirror"
  for r in $(seq 1 "$RUNS"); do
    "$GEN" --append 300 --session "$MID" --seed "$((SEED + 100 + r))" >/dev/null
    machine "$M1" "$M1/ccs-s13"
    setup_step s13_push sync "${AS[@]}" "$CCSYNC" push
    machine "$mb" "$mb/ccs"
    mark_b=$(size_mark "$mb/ccs")
    measure s13_pull sync "${AS[@]}" "$CCSYNC" pull
    record_growth s13_ccsync_growth "$mb/ccs" "$mark_b"
    mark_a=$(size_mark "$mirror")
    measure s13_fetch zero git --git-dir="$mirror" fetch -q
    record_growth s13_git_growth "$mirror" "$mark_a"
  done
  rm -rf "$WORK/srv/s13.git" "$mb" "$mirror" "$M1/ccs-s13"
  local cb gb
  cb=$(med s13_ccsync_file_growth) gb=$(med s13_git_file_growth)
  row 13 "pull of a one-line change after $LOCK_CYCLES lock cycles on each of two machines (git: fetch into a mirror)" \
    "$(fmt_bytes "$cb"), $(fmt_time "$(med s13_pull)")" "$(fmt_bytes "$gb"), $(fmt_time "$(med s13_fetch)")" \
    "$(ratio "$cb" "$gb")" "≤ 4× git's bytes" "$(yes_no le "$(ratio "$cb" "$gb")" 4)" \
    "bytes are the cache's object files grown (ccsync: its two caches; git: the mirror); times are the whole pull (fetch, compare, write) vs git fetch alone"
}

scenario_7() { # the big transcript on its own remote: push, then pull onto a fresh machine
  local r ccs m3="$WORK/m3" lines
  for r in $(seq 1 "$HEAVY_RUNS"); do
    rm -rf "$M1/ccs-s7" "$WORK/tree-s7" "$m3" "$WORK/clone"
    ccs="$M1/ccs-s7"
    new_bare s7.git
    new_bare b7.git
    machine "$M1" "$ccs"
    measure s7_init zero "${AS[@]}" "$CCSYNC" init --remote "$URL/s7.git" --machine-id m1
    measure s7_push sync "${AS[@]}" "$CCSYNC" push "$BIG_ID"
    export_tree "$WORK/srv/s7.git" "$WORK/tree-s7" b7.git
    git_commit_push s7 "$WORK/tree-s7" "big transcript"
    rm -rf "$WORK/tree-s7"
    settle
    measure s7_clone zero git clone -q "$URL/s7.git" "$WORK/clone"
    mkdir -p "$m3"
    machine "$m3" "$m3/.claude-session-sync"
    settle
    measure s7_pull_init zero "${AS[@]}" "$CCSYNC" init --remote "$URL/s7.git" --machine-id m3
    local init_s=$LAST_S
    measure s7_pull sync "${AS[@]}" "$CCSYNC" pull
    record s7_pull_ccsync "$(add "$init_s" "$LAST_S")"
    lines=$(find "$m3/.claude/projects" -name "$BIG_ID.jsonl" -exec cat {} + | wc -l)
    echo "$lines" >>"$RAW/s7_pulled_lines.count"
    rm -rf "$m3" "$WORK/clone" "$WORK/srv/s7.git" "$WORK/srv/b7.git" "$ccs"
  done
  local c g big want got
  big=$(fmt_bytes "$(jq -r .special.big.bytes "$CORPUS")")
  want=$(wc -l <"$(jq -r .special.big.path "$CORPUS")")
  got=$(sort -n "$RAW/s7_pulled_lines.count" | head -1)
  c=$(med s7_push) g=$(med s7_git)
  row 7a "push of the $big transcript, own remote (git: add + commit + push)" \
    "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" "≤ 1.2×" "$(yes_no le "$(ratio "$c" "$g")" 1.2)" \
    "git add $(fmt_time "$(med s7_git_add)"), commit $(fmt_time "$(med s7_git_commit)"), push $(fmt_time "$(med s7_git_push)")"
  c=$(med s7_pull_ccsync) g=$(med s7_clone)
  row 7b "pull of the $big transcript onto a fresh machine (init + pull; git: clone)" \
    "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" "≤ 1.2×" "$(yes_no le "$(ratio "$c" "$g")" 1.2)" \
    "init $(fmt_time "$(med s7_pull_init)") + pull $(fmt_time "$(med s7_pull)"); pulled $got of $want lines"
  local push_rss pull_rss init_rss worst
  push_rss=$(med_rss s7_push) pull_rss=$(med_rss s7_pull) init_rss=$(med_rss s7_pull_init)
  worst=$(printf '%s\n' "$push_rss" "$pull_rss" "$init_rss" | sort -n | tail -1)
  row 7c "peak RSS with the $big transcript (push / init / pull)" \
    "$(fmt_rss "$push_rss") / $(fmt_rss "$init_rss") / $(fmt_rss "$pull_rss")" \
    "git push $(fmt_rss "$(med_rss s7_git_push)"), clone $(fmt_rss "$(med_rss s7_clone)")" "" "≤ 64 MB" \
    "$(yes_no le "$worst" 65536)"
}

has_command() { "$CCSYNC" "$1" --help >/dev/null 2>&1; } # has_command hook|install-hooks
# wait_idle CCSYNC_HOME: waits until no ccsync process holds the machine's repository lock (a hook
# may leave work running in the background).
wait_idle() {
  sleep 0.05
  [ -e "$1/repo.lock" ] && flock -w 600 "$1/repo.lock" true
  return 0
}
hook_payload() { # hook_payload EVENT [SOURCE]
  jq -cn --arg sid "$MID_ID" --arg path "$MID" --arg cwd "$(jq -r .special.mid.cwd "$CORPUS")" \
    --arg event "$1" --arg source "${2:-}" \
    '{session_id: $sid, transcript_path: $path, cwd: $cwd, hook_event_name: $event}
     + (if $source == "" then {} else {source: $source} end)'
}

scenario_8_9() { # hook stop and SessionStart process wall times
  s1_state
  local _
  hook_payload Stop >"$WORK/stop.json"
  hook_payload SessionStart startup >"$WORK/start.json"
  setup_step s8_push sync run_as "$M1" "$S1_CCS" "$CCSYNC" push # the remote is up to date
  for _ in $(seq 1 "$((QUICK_RUNS * 2))"); do
    measure_quick s8_hook sync run_as "$M1" "$S1_CCS" "$CCSYNC" hook stop <"$WORK/stop.json"
    wait_idle "$S1_CCS"
  done
  for _ in $(seq 1 "$((QUICK_RUNS * 2))"); do
    measure_quick s9_hook sync run_as "$M1" "$S1_CCS" "$CCSYNC" hook session-start <"$WORK/start.json"
    wait_idle "$S1_CCS"
  done
  local c
  c=$(med s8_hook)
  row 8 "ccsync hook stop, process wall time" "$(fmt_time "$c")" "—" "" "≤ 5 ms" "$(yes_no le "$c" 0.005)" \
    "median of $((QUICK_RUNS * 2)); background work waited for between runs"
  c=$(med s9_hook)
  row 9 "SessionStart hook, remote up to date (loopback git://)" "$(fmt_time "$c")" "—" "" "≤ 60 ms" \
    "$(yes_no le "$c" 0.060)" "median of $((QUICK_RUNS * 2))"
}

find_claude() {
  local candidate
  for candidate in "$BUILD_DIR/claude-cli/node_modules/.bin/claude" \
    "$SOURCE_DIR"/build/*/claude-cli/node_modules/.bin/claude; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

scenario_10() { # claude -p with ccsync's hooks vs without
  local claude port plain="$WORK/c-plain" hooked="$WORK/c-hooks"
  claude=$(find_claude) || { row 10 "claude -p with ccsync hooks vs without" \
    "not measured: Claude Code CLI not installed (tests/support/install-claude.sh)" "—" "" "≤ 1.10×" "—"; return 0; }
  [ -x "$FAKE_ANTHROPIC" ] || { row 10 "claude -p with ccsync hooks vs without" \
    "not measured: $FAKE_ANTHROPIC is not built" "—" "" "≤ 1.10×" "—"; return 0; }
  background "$FAKE_ANTHROPIC" --port-file "$WORK/anthropic.port" --requests "$WORK/requests.jsonl" \
    >"$OUT/logs/fake_anthropic.log" 2>&1
  for _ in $(seq 100); do [ -s "$WORK/anthropic.port" ] && break; sleep 0.1; done
  port=$(cat "$WORK/anthropic.port")
  mkdir -p "$plain/proj" "$hooked/proj"
  new_bare s10.git
  setup_step s10_init zero run_as "$hooked" "$hooked/.claude-session-sync" "$CCSYNC" init \
    --remote "$URL/s10.git" --machine-id m10
  setup_step s10_install_hooks zero run_as "$hooked" "$hooked/.claude-session-sync" "$CCSYNC" \
    install-hooks --settings "$hooked/.claude/settings.json"
  grep -q hook "$hooked/.claude/settings.json" || {
    printf 'install-hooks (no hook in settings.json)\t0\t%s\n' "$LAST_LOG" >>"$WORK/failures"
    return 1
  }
  claude_p() { # claude_p HOME: one `claude -p` in HOME/proj against the fake API
    (cd "$1/proj" && env -i PATH="$PATH" HOME="$1" CLAUDE_CONFIG_DIR="$1/.claude" \
      CCSYNC_HOME="$1/.claude-session-sync" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$GIT_CONFIG_GLOBAL" \
      ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=sk-ccsync-bench \
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
      timeout 120 "$claude" -p "say hello")
  }
  claude_p "$plain" >/dev/null 2>&1 || true # warm-up (first start-up writes caches)
  claude_p "$hooked" >/dev/null 2>&1 || true
  wait_idle "$hooked/.claude-session-sync"
  for _ in $(seq 1 "$RUNS"); do
    measure_quick s10_plain zero claude_p "$plain"
    measure_quick s10_hooks zero claude_p "$hooked"
    wait_idle "$hooked/.claude-session-sync"
  done
  local c g
  c=$(med s10_hooks) g=$(med s10_plain)
  row 10 "claude -p with ccsync hooks vs without (real CLI, fake API)" "$(fmt_time "$c")" \
    "$(fmt_time "$g") (no hooks)" "$(ratio "$c" "$g")" "≤ 1.10×" "$(yes_no le "$(ratio "$c" "$g")" 1.10)"
}

scenario_hooks() {
  if has_command hook; then
    run_scenario scenario_8_9 "8|ccsync hook stop|≤ 5 ms" "9|SessionStart hook|≤ 60 ms"
  else
    local why="not measured: ccsync has no hook command yet"
    row 8 "ccsync hook stop, process wall time" "$why" "—" "" "≤ 5 ms" "—"
    row 9 "SessionStart hook, remote up to date (loopback git://)" "$why" "—" "" "≤ 60 ms" "—"
  fi
  if has_command hook && has_command install-hooks; then
    run_scenario scenario_10 "10|claude -p with ccsync hooks vs without|≤ 1.10×"
  else
    row 10 "claude -p with ccsync hooks vs without (real CLI, fake API)" \
      "not measured: ccsync has no $(has_command hook && echo install-hooks || echo hook) command yet" \
      "—" "" "≤ 1.10×" "—"
  fi
}

scenario_11() { # placeholder translation throughput (bench_paths)
  [ -x "$BENCH_PATHS" ] || { row 11 "placeholder translation" "not measured: $BENCH_PATHS is not built" "—" "" "≥ 1 GB/s" "—"; return 0; }
  measure s11_bench_paths zero "$BENCH_PATHS" "$PATHS_MB" "$PATHS_RUNS"
  cp "$LAST_LOG.out" "$RAW/s11_bench_paths.txt"
  local translate memchr
  translate=$(awk '/^translate  /{ print $2 }' "$LAST_LOG.out")
  memchr=$(awk '/^memchr/{ print $3 }' "$LAST_LOG.out")
  if [ -z "$translate" ] || [ -z "$memchr" ]; then
    printf 'bench_paths (malformed output)\t0\t%s\n' "$LAST_LOG" >>"$WORK/failures"
    return 1
  fi
  record s11_translate_mbps "$translate"
  record s11_memchr_mbps "$memchr"
  row 11 "placeholder translation, $PATHS_MB MB transcript, 10 mappings (bench_paths, median of $PATHS_RUNS)" \
    "$(awk -v v="$translate" 'BEGIN { printf "%.2f GB/s", v / 1000 }')" \
    "$(awk -v v="$memchr" 'BEGIN { printf "memchr %.1f GB/s", v / 1000 }')" \
    "$(ratio "$translate" "$memchr")" "≥ 1 GB/s" "$(yes_no ge "$translate" 1000)" \
    "$(grep -E '^(translate \(|expand)' "$LAST_LOG.out" | tr -s ' ' | paste -sd ';' -)"
}

# short NAME WARMUP RUNS COMMAND...: bench_spawn (no shell between timer and process, standard
# streams on /dev/null) appends RUNS wall times to $RAW/NAME.s after WARMUP untimed runs; any
# run's exit status other than 0 is a failure. The environment is the caller's (use run_as).
short() {
  local name=$1 warmup=$2 runs=$3 rc=0
  shift 3
  LAST_LOG="$OUT/logs/$name.$(( $(count_lines "$RAW/$name.s") + 1 ))"
  sample_load "$name"
  "$BENCH_SPAWN" --warmup "$warmup" --runs "$runs" -- "$@" >"$LAST_LOG.out" 2>"$LAST_LOG.err" || rc=$?
  if [ "$rc" -ne 0 ]; then note_failure "$name" "$rc"; return 1; fi
  cat "$LAST_LOG.out" >>"$RAW/$name.s"
}

scenario_12() { # start-up: --version and status
  s1_state
  short s12_version 3 20 "$CCSYNC" --version
  short s12_git_version 3 20 git --version
  run_as "$M1" "$S1_CCS" short s12_status 3 20 "$CCSYNC" status
  local c g tool="bench_spawn, median of 20 after 3 warm-ups"
  c=$(med s12_version) g=$(med s12_git_version)
  row 12a "ccsync --version (git: git --version)" "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" \
    "≤ 3 ms" "$(yes_no le "$c" 0.003)" "$tool"
  c=$(med s12_status)
  row 12b "ccsync status (git: git --version)" "$(fmt_time "$c")" "$(fmt_time "$g")" "$(ratio "$c" "$g")" \
    "≤ 8 ms" "$(yes_no le "$c" 0.008)" "$tool"
}

# ---- report ------------------------------------------------------------------------------------
build_kind() { # the build type of $CCSYNC's tree when known: "Release", "Debug with sanitizers"...
  local cache type sanitizers
  cache="$(dirname "$CCSYNC")/../CMakeCache.txt"
  [ -f "$cache" ] || { echo "unknown build"; return; }
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$cache")
  sanitizers=$(sed -n 's/^CCSYNC_SANITIZERS:BOOL=//p' "$cache")
  echo "${type:-unknown build}$([ "$sanitizers" = ON ] && echo " with sanitizers")"
}

machine_facts() {
  jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg nproc "$(nproc)" \
    --arg mem "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" --arg kernel "$(uname -sr)" \
    --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg ccsync "$("$CCSYNC" --version 2>&1 | head -1)" --arg git "$(git --version)" \
    --arg binary "$CCSYNC" --arg scale "$SCALE" --arg runs "$RUNS" --arg heavy "$HEAVY_RUNS" --arg build "$BUILD_KIND" \
    '{date: $date, scale: $scale, runs: ($runs | tonumber), heavy_runs: ($heavy | tonumber), ccsync_version: $ccsync,
      git_version: $git, binary: $binary, build: $build,
      machine: {nproc: ($nproc | tonumber), mem_total_kb: ($mem | tonumber), kernel: $kernel,
                cpu: $cpu, loadavg_at_start: $load}}' >"$OUT/facts.json"
}

# Every raw figure as {name: [values, one per run]}: NAME (seconds), NAME_rss_kb (peak RSS, KiB),
# NAME_count; *_growth, *_appended* are bytes and *_mbps MB/s (see "raw_units" in the JSON).
raw_json() {
  local file name
  {
    for file in "$RAW"/*.s "$RAW"/*.rss "$RAW"/*.count "$RAW"/*.load; do
      [ -f "$file" ] || continue
      name=$(basename "$file")
      case $name in
        *.s) name=${name%.s} ;;
        *.rss) name=${name%.rss}_rss_kb ;;
        *.count) name=${name%.count}_count ;;
        *.load) name=${name%.load}_load1 ;;
      esac
      jq -R -s --arg name "$name" '{($name): (split("\n") | map(select(length > 0) | tonumber))}' "$file"
    done
  } | jq -s 'add // {}'
}

report() {
  local markdown="$OUT/bench.md"
  {
    jq -r '"ccsync benchmark, \(.scale) scale, \(.date)",
      "machine: \(.machine.nproc) cores (\(.machine.cpu)), \(.machine.mem_total_kb / 1048576 * 10 | round / 10) GiB memory, \(.machine.kernel), load at start \(.machine.loadavg_at_start)",
      "\(.ccsync_version) (\(.build): \(.binary)); \(.git_version); medians of \(.runs) runs (scenarios 1, 6, 7: \(.heavy_runs)) unless noted", ""' "$OUT/facts.json"
    jq -r '"corpus: \(.sessions) sessions in \(.projects) projects, \(.files) files, \(.bytes / 1e6 | round) MB; transcripts median \(.transcript_bytes_median / 1e3 | round) KB, p99 \(.transcript_bytes_p99 / 1e5 | round / 10) MB, largest \(.transcript_bytes_max / 1e5 | round / 10) MB", ""' "$CORPUS"
    echo "| # | scenario | ccsync | git CLI | ratio | target | met? |"
    echo "|---|---|---|---|---|---|---|"
    jq -r '"| \(.id) | \(.scenario) | \(.ccsync) | \(.baseline) | \(.ratio_text) | \(.target) | \(.met) |"' "$ROWS"
    echo
    echo "Notes:"
    jq -r 'select(.note != "") | "- \(.id): \(.note)"' "$ROWS"
    local held
    for held in "$RAW"/*.held; do
      [ -f "$held" ] || continue
      echo "- $(basename "$held" .held) exited 3 (done, some sessions held back) in $(count_lines "$held") run(s)"
    done
    echo "- 1-minute load average before the measurements: median $(median "$RAW/all.load"), max $(sort -g "$RAW/all.load" | tail -1) ($(nproc) cores); at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- automatic git gc is off in every repository the suite creates (no background repack during a measurement; remote sizes without gc)"
  } >"$markdown"
  jq -n --slurpfile facts "$OUT/facts.json" --slurpfile corpus "$CORPUS" --slurpfile rows <(jq -s . "$ROWS") \
    --argjson raw "$(raw_json)" --rawfile table "$markdown" \
    '$facts[0] + {corpus: $corpus[0], rows: $rows[0], table_markdown: $table, raw: $raw,
      raw_units: "seconds per run, except: *_rss_kb peak RSS in KiB (/usr/bin/time -v), *_count counts, *_growth and *_appended* bytes, *_mbps MB/s, *_load1 the 1-minute load average before each run"}' >"$OUT/bench.json"
  cat "$markdown"
  echo
  echo "results: $OUT/bench.json ($OUT/bench.md, logs in $OUT/logs)"
}

check_output() { # the harness's own sanity: a well-formed JSON with every row
  local least=15
  [ -z "$ONLY" ] || least=1
  jq -e --argjson least "$least" '.rows | length >= $least and all(.[]; .id != "" and .ccsync != "" and .target != "")' \
    "$OUT/bench.json" >/dev/null || { echo "run.sh: malformed $OUT/bench.json" >&2; return 1; }
}

main() {
  parse_args "$@"
  set_scale
  find_tools
  default_build_dir
  [ -n "$OUT" ] || OUT="$BUILD_DIR/bench/$SCALE"
  mkdir -p "$OUT"
  OUT=$(cd "$OUT" && pwd)
  rm -rf "$OUT/logs" "$OUT/raw" "$OUT/rows.jsonl" "$OUT/bench.json" "$OUT/bench.md"
  mkdir -p "$OUT/logs" "$OUT/raw"
  RAW="$OUT/raw" ROWS="$OUT/rows.jsonl"
  if [ -z "$WORK" ]; then WORK=$(mktemp -d "${TMPDIR:-/tmp}/ccsync-bench.XXXXXX"); else mkdir -p "$WORK"; fi
  WORK=$(cd "$WORK" && pwd)
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  build
  BUILD_KIND=$(build_kind)
  hermetic_env
  machine_facts
  say "ccsync $("$CCSYNC" --version | head -1) at $CCSYNC; out $OUT; work $WORK"
  generate_corpus
  start_git_daemon

  if [ -n "$ONLY" ]; then
    local n
    for n in $ONLY; do run_scenario "scenario_$n" "$n|scenario $n|—"; done
    report
    check_output
    [ ! -s "$WORK/failures" ] || exit 1
    return 0
  fi
  local after_1=("2|push with nothing changed|≤ 50 ms and ≤ 3×" "3|push after an append|≤ 1.0×"
    "4|bytes added to the remote by that push|≤ 2× appended" "5|$APPENDS appends: remote growth|≤ 2× appended"
    "6a|pull onto a fresh machine, git:// remote|≤ 1.5×" "6b|pull onto a fresh machine, path remote|≤ 1.5×"
    "13|a one-line pull after many lock cycles|≤ 4× git's bytes")
  run_scenario scenario_1 "1|first push of the whole corpus|≤ 1.1×"
  if ! scenario_failed scenario_1; then
    run_scenario scenario_2 "${after_1[0]}"
    run_scenario scenario_3 "${after_1[1]}" "${after_1[2]}"
    run_scenario scenario_5 "${after_1[3]}"
    run_scenario scenario_6 "${after_1[4]}" "${after_1[5]}"
    run_scenario scenario_13 "${after_1[6]}"
  else
    fail_rows "not measured: scenario 1 failed" "" "${after_1[@]}"
  fi
  run_scenario scenario_14 "14a|encrypted: first push|≤ 1.15×" "14b|encrypted: push after an append|≤ 1.15×" \
    "14c|encrypted: pull onto a fresh machine|≤ 1.15×" "14d|encrypted: size of the remote|≤ 1.1×"
  run_scenario scenario_7 "7a|push of the big transcript|≤ 1.2×" "7b|pull of the big transcript|≤ 1.2×" \
    "7c|peak RSS with the big transcript|≤ 64 MB"
  scenario_hooks
  run_scenario scenario_11 "11|placeholder translation|≥ 1 GB/s"
  run_scenario scenario_12 "12a|ccsync --version|≤ 3 ms" "12b|ccsync status|≤ 8 ms"

  report
  check_output
  if [ -s "$WORK/failures" ]; then
    echo "run.sh: some scenario commands failed:" >&2
    cat "$WORK/failures" >&2
    exit 1
  fi
}

main "$@"
