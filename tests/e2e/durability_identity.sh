#!/usr/bin/env bash
# Issue 14, items 5 and 10: two installations with one machine id are refused before anything is
# written; errors name their real cause (a missing path remote, a bad duration, a repository of a
# newer ccsync, a full disk) instead of "try again later".
. "$(dirname "$0")/common.sh"
A=$(machine_home alice); C=$(machine_home copy)
remote="$TEST_DIR/remote.git"
mkdir -p "$A/p/app"
expect_exit 0 on alice ccsync init --remote "$remote" --machine-id alice --add-placeholder "P=$A/p"
line() { printf '{"type":"user","message":{"role":"user","content":"%s"},"cwd":"%s","sessionId":"%s"}\n' "$3" "$2" "$1"; }
S=11111111-bbbb-4333-8444-555555555555
adir="$A/.claude/projects/$(enc "$A/p/app")"
mkdir -p "$adir"
line $S "$A/p/app" one > "$adir/$S.jsonl"
expect_exit 0 on alice ccsync push

step "a copied ccsync home (another HOME, same id and install-id file) is refused before it writes"
mkdir -p "$C"
cp -a "$A/.claude-session-sync" "$C/"
mkdir -p "$C/p/app" "$C/.claude/projects/$(enc "$C/p/app")"
line $S "$C/p/app" "from the copy" > "$C/.claude/projects/$(enc "$C/p/app")/$S.jsonl"
before=$(git --git-dir="$remote" rev-parse main)
expect_exit 1 on copy ccsync push
expect_contains "$ERR" "belongs to another installation"
expect_contains "$ERR" "ccsync init --machine-id"
expect_eq "$(git --git-dir="$remote" rev-parse main)" "$before" "the remote's main"
expect_exit 0 on copy ccsync init --remote "$remote" --machine-id copy --force
expect_exit 0 on copy ccsync push
expect_contains "$(cat "$A/.claude-session-sync/install-id")" "$A"

step "an edited config.json that takes another machine's id is refused too"
B=$(machine_home bob)
expect_exit 0 on bob ccsync init --remote "$remote" --machine-id bob
sed -i 's/"machine_id": "bob"/"machine_id": "alice"/' "$B/.claude-session-sync/config.json"
expect_exit 1 on bob ccsync push
expect_contains "$ERR" "machine id 'alice' belongs to another installation"
expect_eq "$(git --git-dir="$remote" rev-parse main)" "$(git --git-dir="$remote" rev-parse main)"

step "a path remote that is gone says so"
mv "$remote" "$TEST_DIR/moved.git"
expect_exit 1 on alice ccsync push
expect_contains "$ERR" "is not a git repository (or does not exist)"
expect_not_contains "$ERR" "unsupported URL protocol"
mv "$TEST_DIR/moved.git" "$remote"

step "an out-of-range duration names its key"
cfg="$A/.claude-session-sync/config.json"
cp "$cfg" "$TEST_DIR/cfg"
sed -i 's/"machine_id"/"lock_ttl_seconds": 99999999999, "machine_id"/' "$cfg"
expect_exit 1 on alice ccsync push
expect_contains "$ERR" "lock_ttl_seconds"
expect_not_contains "$ERR" "2147483648"
cp "$TEST_DIR/cfg" "$cfg"
expect_exit 1 env CCSYNC_HEARTBEAT_SECONDS=0 HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" \
  CLAUDE_CONFIG_DIR="$A/.claude" "$CCSYNC_BIN" status
expect_contains "$ERR" "heartbeat_seconds"

step "a repository written by a newer ccsync is refused with that reason"
work="$TEST_DIR/work"
git clone -q "$remote" "$work"
printf '{"format_version": 99}\n' > "$work/ccsync.json"
git -C "$work" commit -qam "from the future" && git -C "$work" push -q origin main
# (a push with nothing to send does not contact the remote: its dry run does)
for command in "push --dry-run" pull "lock show" "list --remote"; do
  # shellcheck disable=SC2086 # the command's words
  expect_exit 1 on alice ccsync $command
  expect_contains "$ERR" "written by a newer ccsync"
done
git -C "$work" revert --no-edit HEAD >/dev/null && git -C "$work" push -q origin main
expect_exit 0 on alice ccsync push

step "a full disk is a disk problem, not an unreachable remote"
if [ "$(id -u)" -ne 0 ] || ! mkdir -p "$TEST_DIR/small" || ! mount -t tmpfs -o size=600k tmpfs "$TEST_DIR/small" 2>/dev/null; then
  echo "note: cannot mount a small tmpfs here; the full-disk case is left to tests/fault"
else
  trap 'umount "$TEST_DIR/small" 2>/dev/null || true; cleanup' EXIT
  big="$TEST_DIR/big.git"
  git init -q --bare -b main "$big"
  git clone -q "$big" "$TEST_DIR/bigwork" 2>/dev/null
  head -c 3000000 /dev/urandom > "$TEST_DIR/bigwork/noise.bin"
  printf '{"format_version": 1}\n' > "$TEST_DIR/bigwork/ccsync.json"
  git -C "$TEST_DIR/bigwork" add -A && git -C "$TEST_DIR/bigwork" commit -qm big && git -C "$TEST_DIR/bigwork" push -q origin main
  expect_exit 1 env HOME="$TEST_DIR/small" CCSYNC_HOME="$TEST_DIR/small/cs" \
    CLAUDE_CONFIG_DIR="$TEST_DIR/small/claude" "$CCSYNC_BIN" init --remote "$big" --machine-id tiny
  expect_contains "$ERR" "No space left on device"
  expect_contains "$ERR" "free some disk space"
  [ ! -e "$TEST_DIR/small/cs/config.json" ] || fail "a failed init left a configuration"
  umount "$TEST_DIR/small"
fi
echo "passed"
