#!/usr/bin/env bash
# What makes the everyday commands cheap, checked from the outside (issue 11): a push with
# nothing to send needs no remote; an append stores its own lines (tail pieces, merged eight into
# one) and the remote grows by about that; pull reads only what changed since the last sync; a
# format-1 repository is read through its upgrade, and the first push upgrades the remote.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"
A=$(machine_home alice)
B=$(machine_home bob)
mkdir -p "$A/app" "$B/app"
on alice ccsync init --remote "$url" --machine-id alice >/dev/null
on bob ccsync init --remote "$url" --machine-id bob >/dev/null
S=5e551011-2222-4333-8444-555555555555
adir="$A/.claude/projects/$(enc "$A/app")"
bdir="$B/.claude/projects/$(enc "$B/app")"
mkdir -p "$adir"
pad=$(head -c 1800 /dev/zero | tr '\0' 'w')
turn=0
# say N: N more lines (about 2 KB each, paths in them) in alice's session.
say() {
  local i
  for i in $(seq "$1"); do
    turn=$((turn + 1))
    printf '{"type":"user","uuid":"u%d","timestamp":"%sT10:00:%02d.000Z","cwd":"%s","sessionId":"%s","message":{"role":"user","content":"turn %d %s %s/src/f%d.c"}}\n' \
      "$turn" "$RECENT_DAY" $((turn % 60)) "$A/app" "$S" "$turn" "$pad" "$A/app" "$turn" >>"$adir/$S.jsonl"
  done
}
meta() { repo_file "$bare" "$(sdir "$S")/meta.json"; }
# levels: the chunks' levels on main, one per line ("sealed" for a sealed chunk).
levels() {
  meta | perl -MJSON::PP -e 'local $/; my $m = decode_json(<STDIN>);
    print join("\n", map { defined $_->{level} ? $_->{level} : "sealed" } @{$m->{chunks}}), "\n"'
}
same_as_alice() {
  sed "s#$A#$B#g" "$adir/$S.jsonl" | cmp - "$bdir/$S.jsonl" || fail "bob's copy differs from alice's"
}

step "a push with nothing to send answers from the sync index: no remote needed"
say 20
expect_exit 0 on alice ccsync push
stop_git_daemon
expect_exit 0 on alice ccsync -v push
expect_contains "$ERR" "nothing changed since the last push (sync index)"
expect_contains "$OUT" "0 sessions"
say 1
expect_exit 75 on alice ccsync push # the same push with a new line needs the remote
restart_git_daemon
expect_exit 0 on alice ccsync push
expect_eq "$(levels | tr '\n' ' ')" "sealed 0 " "chunk levels after one append"

step "an append stores its own lines: the remote grows by less than what was appended"
# (the bytes of the remote's files; du would add 4 KiB for every new loose-object folder)
file_bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
before=$(file_bytes "$bare")
size=$(stat -c %s "$adir/$S.jsonl")
say 5
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S  appended"
appended=$(($(stat -c %s "$adir/$S.jsonl") - size))
growth=$(($(file_bytes "$bare") - before))
echo "appended $appended bytes; the remote's files grew by $growth bytes"
[ "$growth" -le "$appended" ] || fail "the remote grew by $growth bytes for $appended appended"
expect_eq "$(levels | tr '\n' ' ')" "sealed 0 0 " "chunk levels after two appends"

step "the eighth piece of a level merges them into one piece of the next level"
for _ in 1 2 3 4 5 6; do
  say 1
  expect_exit 0 on alice ccsync push
done
expect_eq "$(levels | tr '\n' ' ')" "sealed 1 " "chunk levels after eight appends"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$S  written"
same_as_alice

step "pull reads only what changed since the last sync"
expect_exit 0 on bob ccsync -v pull
expect_contains "$ERR" "pull: 1 session unchanged since the last sync (not read)"
say 2
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync -v pull
expect_contains "$OUT" "$S  extended"
expect_contains "$ERR" "pull: session $S compared from chunk 3"
same_as_alice
expect_exit 0 on bob ccsync -v push # what pull wrote is what the repository holds: not read
expect_contains "$ERR" "push: 1 session considered, 0 read, 0 read from their new tail only"
expect_exit 0 on bob ccsync -v push
expect_contains "$ERR" "nothing changed since the last push (sync index)"

step "a format-1 repository is read through its upgrade; the first write upgrades the remote"
old="$TEST_DIR/srv/old.git"
work="$TEST_DIR/old-work"
git clone -q "$bare" "$work"
git -C "$work" mv "$(sdir "$S")" "sessions/$S"
perl -0pi -e 's/"format_version": 2/"format_version": 1/' "$work/ccsync.json"
git -C "$work" commit -qam "as format 1 had it"
git init -q --bare -b main "$old"
git -C "$work" push -q "$old" main
C=$(machine_home carol)
mkdir -p "$C/app"
on carol ccsync init --remote "$old" --machine-id carol >/dev/null # its registration upgrades
expect_contains "$(git --git-dir="$old" show main:ccsync.json)" '"format_version": 2'
expect_contains "$(git --git-dir="$old" log --format=%s main)" "Upgrade the repository to format 2"
expect_exit 0 on carol ccsync pull
expect_contains "$OUT" "$S  written"
cdir="$C/.claude/projects/$(enc "$C/app")"
sed "s#$A#$C#g" "$adir/$S.jsonl" | cmp - "$cdir/$S.jsonl" || fail "carol's copy differs"
expect_exit 0 on carol ccsync list --remote
expect_contains "$OUT" "$S"
printf '{"type":"user","cwd":"%s","sessionId":"c0ffee00-2222-4333-8444-555555555555","timestamp":"%sT11:00:00.000Z","message":{"role":"user","content":"carol"}}\n' \
  "$C/app" "$RECENT_DAY" >"$cdir/c0ffee00-2222-4333-8444-555555555555.jsonl"
expect_exit 0 on carol ccsync push
expect_contains "$(git --git-dir="$old" show main:ccsync.json)" '"format_version": 2'
files=$(git --git-dir="$old" ls-tree -r --name-only main)
expect_contains "$files" "$(sdir "$S")/meta.json"
expect_contains "$files" "$(sdir c0ffee00-2222-4333-8444-555555555555)/meta.json"
expect_not_contains "$files" "sessions/$S/"
expect_contains "$(git --git-dir="$old" log --format=%s main)" "Upgrade the repository to format 2"
git --git-dir="$old" fsck --no-dangling >/dev/null 2>&1 || fail "git fsck of the upgraded remote"

step "joining through a path remote links the remote's object files instead of packing them anew"
D=$(machine_home dave)
mkdir -p "$D/app"
pack=$(find "$old/objects/pack" -name '*.pack' | head -1)
[ -n "$pack" ] || fail "the path remote has no pack to share"
on dave ccsync init --remote "$old" --machine-id dave >/dev/null
inode=$(stat -c %i "$pack")
find "$D/.claude-session-sync/repo.git/objects" -inum "$inode" | grep -q . ||
  fail "the cache does not share $pack with the remote"
expect_exit 0 on dave ccsync pull
ddir="$D/.claude/projects/$(enc "$D/app")"
sed "s#$A#$D#g" "$adir/$S.jsonl" | cmp - "$ddir/$S.jsonl" || fail "dave's copy differs"
echo "passed"
