#!/usr/bin/env bash
# Garbage in every file ccsync reads: a named error or warning, and nothing rewritten that the
# user owns. The configuration is the user's: an error naming it, the file left as it is. The
# bookkeeping files (push index, state, forks, held locks) are caches: a warning naming the file,
# then they are rebuilt. Repository files (meta.json, lock.json) hold back their session only.
. "$(dirname "$0")/../e2e/common.sh"
. "$(dirname "$0")/world.sh"
w="$TEST_DIR/w"
make_world "$w" pushed
home="$w/a/.cs"
garbage() { printf '\x00\xff{{ not json "\n' > "$1"; }

step "config.json: named error (file and line), file untouched, no repository touched"
cp "$home/config.json" "$TEST_DIR/config"
garbage "$home/config.json"
sum=$(sha256sum "$home/config.json")
before=$(git --git-dir="$w/remote.git" rev-parse main)
for command in push pull status "lock show" list; do
  # shellcheck disable=SC2086
  rc=0; w_on "$w" a $command >"$TEST_DIR/out" 2>"$TEST_DIR/err" || rc=$?
  [ "$rc" -eq 1 ] || fail "'$command' with a garbage config exited $rc"
  grep -q "config.json:1: malformed JSON" "$TEST_DIR/err" || fail "'$command' did not name the file"
done
expect_eq "$(sha256sum "$home/config.json")" "$sum" "the garbage config"
expect_eq "$(git --git-dir="$w/remote.git" rev-parse main)" "$before" "the remote"
cp "$TEST_DIR/config" "$home/config.json"

step "the bookkeeping files: a warning naming each, then the command works and rebuilds them"
for file in sync-index state.json forks.json locks.json; do
  garbage "$home/$file"
done
rc=0; w_on "$w" a push >"$TEST_DIR/out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$TEST_DIR/out"; fail "push with garbage bookkeeping exited $rc"; }
for file in sync-index state.json forks.json locks.json; do
  grep -q "$file is damaged" "$home/logs/ccsync.log" || fail "no warning names $file"
done
[ "$(head -1 "$home/sync-index")" = "ccsync sync-index 1" ] && grep -q "^S $S1 " "$home/sync-index" \
  || fail "the sync index was not rebuilt"

step "a garbage meta.json or lock.json in the repository holds back its session only"
work="$TEST_DIR/work"
git clone -q "$w/remote.git" "$work"
garbage "$work/$(sdir "$S2")/meta.json"
git -C "$work" commit -qam garbage && git -C "$work" push -q origin main
blob=$(printf 'garbage' | git --git-dir="$w/remote.git" hash-object -w --stdin)
tree=$(printf '100644 blob %s\tlock.json\n' "$blob" | git --git-dir="$w/remote.git" mktree)
git --git-dir="$w/remote.git" update-ref "refs/ccsync/locks/$S1" \
  "$(git --git-dir="$w/remote.git" commit-tree "$tree" -m garbage)"
rc=0; w_on "$w" b pull >"$TEST_DIR/out" 2>&1 || rc=$?
[ "$rc" -eq 3 ] || { cat "$TEST_DIR/out"; fail "pull exited $rc"; }
grep -q "$S2  refused" "$TEST_DIR/out" || fail "the damaged meta is not named"
mark $S1 "$w/b/p/app" b2 >> "$(w_dir "$w" b)/$S1.jsonl" # a line to push past the damaged lock
rc=0; w_on "$w" b push >"$TEST_DIR/out" 2>&1 || rc=$?
[ "$rc" -eq 3 ] || { cat "$TEST_DIR/out"; fail "push exited $rc"; }
grep -q "lock release $S1 --force" "$TEST_DIR/out" || fail "the damaged lock is not named with its fix"
echo passed
