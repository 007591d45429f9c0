# The fault suite's shared world (sourced after tests/e2e/common.sh): two machines that share a
# path remote, sessions in every state a push or pull can meet, commands to fault, and the
# checks that must hold after any fault once the machines have run their ordinary commands.
#   a: S1 (pushed, then one more line a1), S2 (new)        b: S1 pulled, then its own line b1
: "${CCSYNC_BIN:?}"
# The fault suite runs the binary some 600 times per script; LeakSanitizer's check at exit (a
# ptrace "stop the world") hangs now and then (google/sanitizers#1330: about 1 in 100 exits
# there), and one CI run hung so after a push had finished its work. Leaks are the e2e suite's
# to find (it runs the same commands with the check on); here each exit is only an exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
S1=11111111-dddd-4333-8444-555555555555
S2=22222222-dddd-4333-8444-555555555555
enc() { printf '%s' "$1" | sed 's/[^A-Za-z0-9]/-/g'; }
mark() { printf '{"type":"user","message":{"role":"user","content":"%s"},"cwd":"%s","sessionId":"%s"}\n' "$3" "$2" "$1"; }

# w_on WORLD MACHINE ARGS...: runs ccsync as MACHINE of WORLD.
w_on() {
  local world=$1 name=$2; shift 2
  HOME="$world/$name" CCSYNC_HOME="$world/$name/.cs" CLAUDE_CONFIG_DIR="$world/$name/.claude" \
    "$CCSYNC_BIN" "$@"
}
w_dir() { echo "$1/$2/.claude/projects/$(enc "$1/$2/p/app")"; }

# make_world DIR [pushed]: the world above; "pushed" also runs a's push (then b diverges).
make_world() {
  local w=$1
  mkdir -p "$w/a/p/app" "$w/b/p/app"
  git init -q --bare -b main "$w/remote.git"
  w_on "$w" a init --remote "$w/remote.git" --machine-id a --add-placeholder "P=$w/a/p" >/dev/null
  w_on "$w" b init --remote "$w/remote.git" --machine-id b --add-placeholder "P=$w/b/p" >/dev/null
  mkdir -p "$(w_dir "$w" a)"
  mark $S1 "$w/a/p/app" a0 > "$(w_dir "$w" a)/$S1.jsonl"
  w_on "$w" a push >/dev/null
  w_on "$w" b pull >/dev/null
  mark $S1 "$w/a/p/app" a1 >> "$(w_dir "$w" a)/$S1.jsonl"
  mark $S2 "$w/a/p/app" s2 > "$(w_dir "$w" a)/$S2.jsonl"
  mark $S1 "$w/b/p/app" b1 >> "$(w_dir "$w" b)/$S1.jsonl"
  if [ "${2:-}" = pushed ]; then w_on "$w" a push >/dev/null; fi
}

# Worlds are saved and restored, not rebuilt, for each fault. A world must come back at the path
# it was made at (an installation is bound to its home): save_world DIR TAR, restore_world TAR.
save_world() { tar -C "$(dirname "$1")" -cf "$2" "$(basename "$1")"; }
restore_world() { # restore_world TAR DIR
  rm -rf "$2"; tar -C "$(dirname "$2")" -xf "$1"
}

# bounded SECONDS COMMAND...: runs the command; one that is still running after SECONDS is a hang,
# not a slow machine (each command here takes well under a second): what it and its children are
# waiting in is printed, they are killed, and bounded returns 124. A hang then fails the test at
# once, naming the step, instead of holding it until CTest's timeout.
bounded() {
  local seconds=$1; shift
  "$@" &
  local pid=$! waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((seconds * 10)) ]; then
      echo "HANG: still running after ${seconds} s: $*" >&2
      ps -o pid,ppid,stat,wchan:32,etime,args --ppid "$pid" -p "$pid" >&2 || true
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 124
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  wait "$pid"
}

# recover WORLD: the ordinary commands that must succeed after any fault (exit 0, or 3 when a
# session is held back), in the order a user or the hooks would run them.
recover() {
  local w=$1 step rc
  for step in "a push" "b push" "b pull" "a pull" "b push" "a push" "a pull" "b pull"; do
    # shellcheck disable=SC2086 # machine and command words
    rc=0; bounded 120 w_on "$w" $step >"$w/recover.out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
      cat "$w/recover.out" >&2
      fail "after the fault, '$step' exited $rc"
    fi
  done
}

# check_world WORLD: nothing lost, nothing corrupt, nothing stale.
check_world() {
  local w=$1 marker
  git --git-dir="$w/remote.git" fsck --no-dangling >/dev/null 2>&1 || fail "git fsck of the remote failed"
  for marker in a0 a1 b1 s2; do
    git --git-dir="$w/remote.git" grep -q "\"content\":\"$marker\"" main -- sessions \
      || fail "line $marker is in no session of the repository"
  done
  grep -rqs '"content":"a1"' "$(w_dir "$w" a)" || fail "a lost its line a1 locally"
  grep -rqs '"content":"b1"' "$(w_dir "$w" b)" || fail "b lost its line b1 locally"
  local stale
  stale=$(find "$w" -name '*.tmp-*' -o -name 'pack_git2_*' -o -name 'tmp_object_git2_*' -o \
            \( -name '*.lock' ! -name ccsync-push.lock ! -name repo.lock ! -name outbox.lock \
            ! -path '*/workers/*' \) | head -5)
  [ -z "$stale" ] || fail "stale files remain: $stale"
}
