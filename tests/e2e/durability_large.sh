#!/usr/bin/env bash
# Issue 14, items 7, 8 and 9: a transcript line over 50 MB is stored in pieces under the size
# limit and comes back byte-exact; push and pull stream (no allocation anywhere near a whole
# transcript: the sanitizer's allocation cap would abort them); a killed pull's temporary files
# are removed, and only ccsync's own.
. "$(dirname "$0")/common.sh"
A=$(machine_home alice); B=$(machine_home bob)
remote="$TEST_DIR/remote.git"
mkdir -p "$A/p/app" "$B/q/app"
expect_exit 0 on alice ccsync init --remote "$remote" --machine-id alice --add-placeholder "P=$A/p"
expect_exit 0 on bob ccsync init --remote "$remote" --machine-id bob --add-placeholder "P=$B/q"
adir="$A/.claude/projects/$(enc "$A/p/app")"; bdir="$B/.claude/projects/$(enc "$B/q/app")"
mkdir -p "$adir"
S=11111111-cccc-4333-8444-555555555555
big() { # big SESSION CWD MB: a transcript with one line of MB megabytes between normal lines
  perl -e 'my ($s, $cwd, $mb) = @ARGV;
    print qq({"type":"user","message":{"role":"user","content":"before"},"cwd":"$cwd","sessionId":"$s"}\n);
    print qq({"type":"user","toolUseResult":{"content":") . ("x" x ($mb * 1048576))
      . qq( $cwd/file.txt"},"cwd":"$cwd","sessionId":"$s"}\n);
    for my $i (1 .. 2000) {
      print qq({"type":"assistant","n":$i,"text":") . ("y" x 600) . qq(","cwd":"$cwd","sessionId":"$s"}\n);
    }' "$1" "$2" "$3"
}

step "push and pull stream: a 40 MB transcript of ordinary lines never needs a large allocation"
M=44444444-cccc-4333-8444-555555555555
perl -e 'for my $i (1 .. 40000) { print qq({"type":"user","n":$i,"text":") . ("w" x 1000)
  . qq(","cwd":"$ARGV[0]","sessionId":"$ARGV[1]"}\n) }' "$A/p/app" "$M" > "$adir/$M.jsonl"
# Reading a transcript whole would need one allocation of about its size: the sanitizer's cap
# turns that into an abort. Streaming needs a chunk (4 MiB) and a line at a time.
saved_asan=${ASAN_OPTIONS:-}
export ASAN_OPTIONS="${saved_asan:+$saved_asan:}max_allocation_size_mb=16:allocator_may_return_null=0"
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull
sed "s#$A/p#$B/q#g" "$adir/$M.jsonl" | cmp - "$bdir/$M.jsonl" || fail "bob's copy differs"
export ASAN_OPTIONS="$saved_asan"

step "a 52 MB line is pushed in pieces of at most 4 MiB"
big $S "$A/p/app" 52 > "$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
largest=$(git --git-dir="$remote" ls-tree -r -l main | awk '{print $4}' | sort -n | tail -1)
[ "$largest" -le 4194304 ] || fail "a repository file of $largest bytes"
[ "$(git --git-dir="$remote" show main:$(sdir "$S")/meta.json | grep -c '"name"')" -ge 14 ] || fail "too few chunks"

step "pulled byte-exact on another machine (paths in its spelling), and back on the first"
expect_exit 0 on bob ccsync pull
sed "s#$A/p#$B/q#g" "$adir/$S.jsonl" | cmp - "$bdir/$S.jsonl" || fail "bob's copy differs"
cp "$adir/$S.jsonl" "$TEST_DIR/original"
rm "$adir/$S.jsonl"
expect_exit 0 on alice ccsync pull "$S"
cmp "$TEST_DIR/original" "$adir/$S.jsonl" || fail "alice's copy came back different"

step "an append to it reads only the new tail"
printf '{"type":"user","message":{"role":"user","content":"after"},"cwd":"%s","sessionId":"%s"}\n' "$A/p/app" "$S" >> "$adir/$S.jsonl"
expect_exit 0 on alice ccsync -v push
expect_contains "$ERR" "1 read from their new tail only"
expect_exit 0 on bob ccsync pull
expect_contains "$(tail -1 "$bdir/$S.jsonl")" "\"content\":\"after\""

step "a line over the limit (64 MiB) holds its session back with the reason; others go on"
T=22222222-cccc-4333-8444-555555555555
perl -e 'print qq({"cwd":"$ARGV[0]","sessionId":"$ARGV[1]","x":") . ("z" x (65 * 1048576)) . qq("}\n)' \
  "$A/p/app" "$T" > "$adir/$T.jsonl"
U=33333333-cccc-4333-8444-555555555555
printf '{"type":"user","message":{"role":"user","content":"small"},"cwd":"%s","sessionId":"%s"}\n' "$A/p/app" "$U" > "$adir/$U.jsonl"
expect_exit 3 on alice ccsync push
expect_contains "$OUT" "$U  new"
expect_contains "$OUT" "$T  held back: a line longer than 64 MiB"
rm "$adir/$T.jsonl"

step "temporary files a killed pull left behind are removed, and only ccsync's own"
# A name says its writer (x.tmp-<pid>-<8 hex>): a dead writer's file goes, a live one's stays;
# a name of an earlier version (x.tmp-<12 hex>) goes once it is a day old.
echo partial > "$bdir/$S.jsonl.tmp-999999999-0123abcd"
mkdir -p "$bdir/$S/tool-results"
echo partial > "$bdir/$S/tool-results/x.txt.tmp-abcdef012345"
touch -d '2 days ago' "$bdir/$S/tool-results/x.txt.tmp-abcdef012345"
echo busy > "$bdir/$S.jsonl.tmp-$$-0123abcd" # this script is alive: a writer at work
echo mine > "$bdir/notes.tmp-keep"
echo mine > "$bdir/$S.jsonl.tmp-NOTHEX000000"
expect_exit 0 on bob ccsync pull
[ ! -e "$bdir/$S.jsonl.tmp-999999999-0123abcd" ] || fail "a stale temporary file remains"
[ ! -e "$bdir/$S/tool-results/x.txt.tmp-abcdef012345" ] || fail "a stale sidecar temporary remains"
[ -e "$bdir/$S.jsonl.tmp-$$-0123abcd" ] || fail "the temporary file of a live writer was removed"
rm "$bdir/$S.jsonl.tmp-$$-0123abcd"
[ -e "$bdir/notes.tmp-keep" ] && [ -e "$bdir/$S.jsonl.tmp-NOTHEX000000" ] || fail "a file that is not ccsync's was removed"
echo "passed"
