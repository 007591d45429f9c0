#!/usr/bin/env bash
# Issue 23, item 1: a pull loses no line a process appends while it runs. Bob holds sessions that
# alice extends and pushes (with enough other sessions that bob's pull takes a while); on bob,
# writers keep one descriptor open in append mode on their transcript, as Claude Code does, and
# never open it by name again:
#   S1  its writer is idle during the pull and appends after it (a file replaced under it would
#       take those lines into the unlinked inode);
#   S2  its writer appends every 20 ms from the moment the pull has decided about S2 until after
#       the pull ends;
#   S3  becomes live (sessions/<pid>.json) while the pull runs: held back as live, not written.
# Every line a writer wrote must be in exactly one file of bob's project afterwards (the
# session itself, or the fork a later pull makes when the copies diverged), and every file must
# be valid JSONL.
. "$(dirname "$0")/common.sh"
alice_and_bob
FILLERS=${PULL_WHILE_WRITING_FILLERS:-250}
S1=00000000-0000-4000-8000-000000000001
S2=00000000-0000-4000-8000-000000000002
S3=00000000-0000-4000-8000-000000000000 # sorted first: decided before S2 is written
adir="$A/.claude/projects/$(enc "$A/p/app")"; bdir="$B/.claude/projects/$(enc "$B/q/app")"
line() { printf '{"type":"user","message":{"role":"user","content":"%s"},"cwd":"%s","sessionId":"%s"}\n' "$3" "$2" "$1"; }
mkdir -p "$adir" "$B/.claude/sessions"

step "bob holds S1, S2 and S3; alice extends them and adds $FILLERS other sessions"
for s in $S1 $S2 $S3; do
  for i in 1 2 3; do line $s "$A/p/app" "$s start $i"; done > "$adir/$s.jsonl"
done
expect_exit 0 on alice ccsync push
expect_exit 0 on bob ccsync pull
for s in $S1 $S2 $S3; do
  for i in 1 2 3 4 5; do line $s "$A/p/app" "$s alice $i"; done >> "$adir/$s.jsonl"
done
perl -e 'my ($dir, $cwd, $n) = @ARGV; my $pad = "f" x 900;
  for my $k (1 .. $n) {
    my $id = sprintf("%08x-0000-4000-8000-%012x", 0x10000000 + $k, $k);
    open(my $f, ">", "$dir/$id.jsonl") or die "$!";
    for my $i (1 .. 40) {
      print $f qq({"type":"user","message":{"role":"user","content":"filler $k $i $pad"},"cwd":"$cwd","sessionId":"$id"}\n);
    }
  }' "$adir" "$A/p/app" "$FILLERS"
expect_exit 0 on alice ccsync push

# writer NAME FILE: appends '{"writer":NAME,"n":N,...}' lines to FILE through one descriptor,
# while $TEST_DIR/NAME.go exists, every 20 ms; stops when NAME.stop exists (or after 2 minutes);
# keeps the number written in NAME.count.
cat > "$TEST_DIR/writer.pl" <<'PERL'
use strict; use warnings;
my ($name, $file, $ctl, $cwd, $sid) = @ARGV;
open(my $fh, '>>', $file) or die "$file: $!";
my $n = 0;
sub note { open(my $c, '>', "$ctl/$name.count.tmp") or die; print $c "$n\n"; close $c;
           rename("$ctl/$name.count.tmp", "$ctl/$name.count") or die; }
note();
for (my $tick = 0; $tick < 6000 && !-e "$ctl/$name.stop"; $tick++) {
  if (-e "$ctl/$name.go") {
    $n++;
    my $line = qq({"type":"user","message":{"role":"user","content":"$name line $n"},"writer":"$name","n":$n,"cwd":"$cwd","sessionId":"$sid"}\n);
    syswrite($fh, $line) == length($line) or die "write: $!";
    note();
  }
  select(undef, undef, undef, 0.02);
}
close $fh;
PERL
start_writer() { # start_writer NAME SESSION
  perl "$TEST_DIR/writer.pl" "$1" "$bdir/$2.jsonl" "$TEST_DIR" "$B/q/app" "$2" &
  BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
  eval "${1}_pid=$!"
  for _ in $(seq 500); do [ -s "$TEST_DIR/$1.count" ] && return 0; sleep 0.01; done
  fail "writer $1 did not start"
}
count() { cat "$TEST_DIR/$1.count"; }
# wait_for_lines NAME N: until writer NAME has written N lines (bounded).
wait_for_lines() {
  for _ in $(seq 3000); do [ "$(count "$1")" -ge "$2" ] && return 0; sleep 0.01; done
  fail "writer $1 wrote $(count "$1") of $2 lines"
}
stop_writer() { touch "$TEST_DIR/$1.stop"; wait "$(eval echo "\$${1}_pid")"; }

# lost_lines NAME: how many of NAME's lines are in no file of bob's project; fails when a file
# there is not valid JSONL or holds one of them twice.
lost_lines() {
  perl -MJSON::PP -e '
    my ($name, $written, @files) = @ARGV; my %seen; my $bad = 0;
    for my $file (@files) {
      open(my $f, "<", $file) or die "$file: $!";
      while (my $l = <$f>) {
        if ($l !~ /\n\z/ || !eval { JSON::PP->new->decode($l); 1 }) { print STDERR "not JSON in $file: $l\n"; $bad++; next; }
        $seen{$1}++ if $l =~ /"content":"\Q$name\E line (\d+)"/;
      }
    }
    my ($lost, $twice) = (0, 0);
    for my $n (1 .. $written) { my $c = $seen{$n} // 0; $lost++ if $c == 0; $twice++ if $c > 1; }
    print STDERR "$name: $twice line(s) found twice\n" if $twice;
    print STDERR "$bad invalid line(s)\n" if $bad;
    print $lost, "\n"; exit($bad || $twice ? 1 : 0);' "$1" "$(count "$1")" "$bdir"/*.jsonl \
    || fail "files in $bdir are not valid JSONL, or hold a line twice"
}
# check_lines NAME...: every line of each writer NAME is in exactly one file.
check_lines() {
  local name lost failed=""
  for name in "$@"; do
    lost=$(lost_lines "$name")
    echo "$name: $lost of $(count "$name") lines lost"
    [ "$lost" -eq 0 ] || failed="$failed $name"
  done
  [ -z "$failed" ] || fail "lines written by$failed are in no file"
}
# outcome_of ID: session ID's outcome in the JSON report in $OUT.
outcome_of() {
  printf '%s' "$OUT" | perl -MJSON::PP -0777 -e 'my $j = JSON::PP->new->decode(<STDIN>);
    for my $list (values %$j) { next unless ref $list eq "ARRAY";
      for (@$list) { print $_->{outcome}, "\n" if $_->{id} eq $ARGV[0] } }' "$1"
}

step "bob pulls while the writers hold S1 and S2 open; S3 becomes live meanwhile"
start_writer w1 $S1
start_writer w2 $S2
s1_inode=$(stat -c %i "$bdir/$S1.jsonl")
sleep 300 & live=$!
BACKGROUND_PIDS="$BACKGROUND_PIDS $live"
s3_before=$(cat "$bdir/$S3.jsonl")
last_filler=$(printf '%08x-0000-4000-8000-%012x' $((0x10000000 + FILLERS)) "$FILLERS")
(status=0; on bob ccsync pull --format json >"$TEST_DIR/pull.out" 2>"$TEST_DIR/pull.err" || status=$?
 echo "$status" >"$TEST_DIR/pull.rc") &
puller=$!
# S2's extension being staged means the pull has decided about S2 (and S3, sorted before it).
seen_decision=no
while kill -0 "$puller" 2>/dev/null; do
  if ls "$bdir/$S2.jsonl".tmp-* >/dev/null 2>&1; then seen_decision=yes; break; fi
  sleep 0.01
done
touch "$TEST_DIR/w2.go"
printf '{"pid":%d,"sessionId":"%s","cwd":"%s"}\n' "$live" "$S3" "$B/q/app" > "$B/.claude/sessions/$live.json"
# S3 turned live before the pull's writes when the pull had not reached its last session yet.
live_early=no
if [ "$seen_decision" = yes ] && kill -0 "$puller" 2>/dev/null &&
   ! ls "$bdir/$last_filler.jsonl"* >/dev/null 2>&1; then
  live_early=yes
fi
wait "$puller"
rc=$(cat "$TEST_DIR/pull.rc"); OUT=$(cat "$TEST_DIR/pull.out")
echo "pull exit $rc; seen deciding about S2: $seen_decision; S3 live before the writes: $live_early; w2 wrote $(count w2) lines while it ran"
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { cat "$TEST_DIR/pull.err" >&2; fail "pull exited $rc"; }
[ "$seen_decision" = yes ] || echo "note: the pull ended before w2 could start; try more fillers"
after_pull=$(count w2)
touch "$TEST_DIR/w1.go"
wait_for_lines w1 10
wait_for_lines w2 $((after_pull + 5))
stop_writer w1
stop_writer w2
check_lines w1 w2
expect_contains "$(cat "$bdir/$S1.jsonl")" "$S1 alice 5" "S1 (extended in place)"
expect_eq "$(stat -c %i "$bdir/$S1.jsonl")" "$s1_inode" "S1's inode"
echo "S2's outcome: $(outcome_of $S2)"
if [ "$live_early" = yes ]; then
  expect_eq "$(outcome_of $S3)" held-live "S3's outcome"
  expect_eq "$(cat "$bdir/$S3.jsonl")" "$s3_before" "S3, live since the pull began"
fi
if [ "$(outcome_of $S2)" = held-changed ]; then expect_eq "$rc" 3 "the exit code"; fi
kill "$live"; rm "$B/.claude/sessions/$live.json"

step "the next pull, with nobody writing, brings the rest and keeps every written line once"
expect_exit 0 on bob ccsync pull
check_lines w1 w2
expect_contains "$(cat "$bdir/$S2.jsonl")" "$S2 alice 5" "S2"
expect_contains "$(cat "$bdir/$S3.jsonl")" "$S3 alice 5" "S3"
if ls "$bdir" | grep -q '\.tmp-'; then fail "temporary files left in $bdir"; fi
echo "passed"
