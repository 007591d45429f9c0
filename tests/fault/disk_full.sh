#!/usr/bin/env bash
# Disk full: Claude's directory and ccsync's home on a small tmpfs that fills up during push and
# pull. The command fails with a disk error (not "try again later"), nothing local is damaged,
# no temporary file is left, and once space is freed the next command succeeds.
. "$(dirname "$0")/../e2e/common.sh"
. "$(dirname "$0")/world.sh"
[ "$(id -u)" -eq 0 ] || skip "mounting a small tmpfs needs root"
small="$TEST_DIR/small"
mkdir -p "$small"
mount -t tmpfs -o size=3m tmpfs "$small" 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$small" 2>/dev/null || true; cleanup' EXIT
remote="$TEST_DIR/remote.git"
git init -q --bare -b main "$remote"
on_small() { HOME="$small" CCSYNC_HOME="$small/cs" CLAUDE_CONFIG_DIR="$small/claude" "$CCSYNC_BIN" "$@"; }
expect_exit 0 on_small init --remote "$remote" --machine-id small
mkdir -p "$small/p/app"
dir="$small/claude/projects/$(enc "$small/p/app")"
mkdir -p "$dir"
mark $S1 "$small/p/app" first > "$dir/$S1.jsonl"
expect_exit 0 on_small push

step "a pull that needs more room than there is fails with a disk error and damages nothing"
B=$(machine_home big)
mkdir -p "$B/p/app"
on big ccsync init --remote "$remote" --machine-id big >/dev/null
bdir="$B/.claude/projects/$(enc "$B/p/app")"
mkdir -p "$bdir"
for i in 1 2 3; do
  perl -e 'for my $i (1 .. 3000) { printf qq({"cwd":"%s","sessionId":"%s","n":%d,"noise":"%s"}\n),
    $ARGV[0], $ARGV[1], $i, join("", map { chr(97 + int(rand(26))) } 1 .. 300) }' \
    "$B/p/app" "3333333$i-dddd-4333-8444-555555555555" > "$bdir/3333333$i-dddd-4333-8444-555555555555.jsonl"
done
expect_exit 0 on big ccsync push
before=$(sha256sum "$dir/$S1.jsonl")
rc=0; on_small pull >"$TEST_DIR/out" 2>"$TEST_DIR/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$TEST_DIR/out" "$TEST_DIR/err"; fail "pull on a full disk exited $rc"; }
grep -q "No space left on device" "$TEST_DIR/out" "$TEST_DIR/err" || fail "the disk error is not named"
expect_eq "$(sha256sum "$dir/$S1.jsonl")" "$before" "the local transcript"
[ -z "$(find "$small" -name '*.tmp-*')" ] || fail "temporary files remain on the full disk"

step "a push that cannot write its cache fails the same way; the transcript stays"
mark $S1 "$small/p/app" second >> "$dir/$S1.jsonl"
head -c $(( $(df --output=avail -B1 "$small" | tail -1) - 4096 )) /dev/zero > "$small/filler" 2>/dev/null || true
rc=0; on_small push >"$TEST_DIR/out" 2>"$TEST_DIR/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$TEST_DIR/out" "$TEST_DIR/err"; fail "push on a full disk exited $rc"; }
expect_not_contains "$(cat "$TEST_DIR/err")" "remote is reachable"
grep -q '"content":"second"' "$dir/$S1.jsonl" || fail "the transcript lost a line"

step "with space freed, the next commands succeed and nothing was lost"
rm -f "$small/filler"
mount -o remount,size=64m "$small" || fail "cannot grow the tmpfs"
expect_exit 0 on_small push
expect_exit 0 on_small pull
git --git-dir="$remote" grep -q '"content":"second"' main -- sessions || fail "line 'second' never arrived"
[ "$(ls "$dir" | grep -c '\.jsonl$')" -eq 4 ] || fail "the pulled sessions are not all there"
[ -z "$(find "$small" -name '*.tmp-*')" ] || fail "temporary files remain"
echo passed
