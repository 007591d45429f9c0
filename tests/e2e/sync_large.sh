#!/usr/bin/env bash
# A 150 MB transcript round-trips byte for byte and no file in the repository exceeds 50 MB.
. "$(dirname "$0")/common.sh"
git init -q --bare -b main "$TEST_DIR/sync.git"
A=$(machine_home alice)
mkdir -p "$A/projects/big"
on alice ccsync init --remote "$TEST_DIR/sync.git" --machine-id alice >/dev/null
S=bbbbbbbb-2222-4333-8444-555555555555
dir="$A/.claude/projects/$(printf '%s' "$A/projects/big" | sed 's/[^A-Za-z0-9]/-/g')"
mkdir -p "$dir"
# ~1 KB lines with the project path in them, 150,000 lines
pad=$(head -c 900 /dev/zero | tr '\0' 'p')
awk -v cwd="$A/projects/big" -v s="$S" -v pad="$pad" 'BEGIN {
  for (i = 0; i < 150000; i++)
    printf "{\"type\":\"user\",\"uuid\":\"u%d\",\"timestamp\":\"2026-11-24T10:00:00.000Z\",\"cwd\":\"%s\",\"sessionId\":\"%s\",\"message\":{\"content\":\"%s %s/f%d.c\"}}\n", i, cwd, s, pad, cwd, i
}' > "$dir/$S.jsonl"
cp "$dir/$S.jsonl" "$TEST_DIR/original.jsonl"
size=$(stat -c %s "$dir/$S.jsonl")
[ "$size" -gt 150000000 ] || fail "the transcript is only $size bytes"

step "push"
expect_exit 0 on alice ccsync push
largest=$(git --git-dir="$TEST_DIR/sync.git" ls-tree -r -l main | awk '{ if ($4 > m) m = $4 } END { print m }')
echo "largest repository file: $largest bytes"
[ "$largest" -le 52428800 ] || fail "a repository file has $largest bytes"
chunks=$(git --git-dir="$TEST_DIR/sync.git" ls-tree -r --name-only main | grep -c "$(sdir "$S")/transcript/")
[ "$chunks" -ge 30 ] || fail "only $chunks chunks"

step "append one line: only the last chunk changes"
echo '{"type":"user","uuid":"last","cwd":"'"$A"'/projects/big","sessionId":"'"$S"'"}' >> "$dir/$S.jsonl"
cp "$dir/$S.jsonl" "$TEST_DIR/original.jsonl"
expect_exit 0 on alice ccsync push
changed=$(git --git-dir="$TEST_DIR/sync.git" diff --name-only main~1 main | grep -c transcript/)
expect_eq "$changed" 1 "chunks changed by an append"

step "pull restores it byte for byte"
rm "$dir/$S.jsonl"
expect_exit 0 on alice ccsync pull
cmp "$dir/$S.jsonl" "$TEST_DIR/original.jsonl" || fail "the round trip changed bytes"
echo "passed"
