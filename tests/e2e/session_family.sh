#!/usr/bin/env bash
# Issue 23, item 3: a session is a family of files (claude-code.md §9.1). Every file in <id>/ and
# every <id>.<suffix> beside the transcript is pushed (known kinds translated, others byte for
# byte), temporary and rotation names never; bob pulls them where Claude Code looks. A file gone
# locally stays in the repository and on bob. Duplicate uuids and unknown record kinds (§9.3)
# travel byte for byte; a file over 50 MB stays out while the rest of its session travels. A fork
# by pointer (§9.2) is pushed and pulled with its parent.
# With the real Claude Code CLI (when npm can install it): a session it wrote, with such files,
# resumes on the other machine.
. "$(dirname "$0")/common.sh"
alice_and_bob
S=fa3a1000-0000-4000-8000-00000000000a
P=fa3a2000-0000-4000-8000-00000000000b
F=fa3a3000-0000-4000-8000-00000000000c
adir="$A/.claude/projects/$(enc "$A/p/app")"; bdir="$B/.claude/projects/$(enc "$B/q/app")"
line() { # line ID CWD TEXT [DAYS_AGO]
  printf '{"type":"user","message":{"role":"user","content":"%s"},"timestamp":"%sT10:00:00.000Z","cwd":"%s","sessionId":"%s"}\n' \
    "$3" "$(date -u -d "-${4:-2} days" +%Y-%m-%d)" "$2" "$1"
}
files_in_repo() { git --git-dir="$bare" ls-tree -r --name-only main "$(sdir "$1")/files/" | sed "s#^$(sdir "$1")/files/##"; }

step "a session with files in its folder, beside its transcript, and temporary ones"
mkdir -p "$adir/$S/workflows" "$adir/$S/subagents"
line $S "$A/p/app" "hello" > "$adir/$S.jsonl"
printf '{"workflow":"wf_1","cwd":"%s"}\n' "$A/p/app" > "$adir/$S/workflows/a.json"
printf '{"type":"run-started","runId":"r1","cwd":"%s"}\n' "$A/p/app" > "$adir/$S/subagents/journal.jsonl"
printf '{"eventId":"e1","project":"%s"}\n' "$A/p/app" > "$adir/$S.ccr-tip.json"
printf '\033[0m raw %s {{P}} \377\n' "$A/p/app" > "$adir/$S.cast"
line $S "$A/p/app" "being compacted" > "$adir/$S.jsonl.compact.tmp.1"
line $S "$A/p/app" "set aside" > "$adir/$S.jsonl.superseded-2"
printf '{}' > "$adir/$S/workflows/a.json.tmp.7"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S  new"

step "the remote holds the right files (git CLI), paths translated where they should be"
expect_eq "$(files_in_repo $S | tr '\n' ' ')" \
  "@beside/cast @beside/ccr-tip.json subagents/journal.jsonl workflows/a.json " "files in the repository"
[ -z "$(git --git-dir="$bare" ls-tree -r --name-only main | grep -E 'compact\.tmp|superseded|\.tmp\.')" ] \
  || fail "a temporary or rotation file reached the repository"
expect_eq "$(repo_file "$bare" "$(sdir $S)/files/@beside/ccr-tip.json")" '{"eventId":"e1","project":"{{P}}/app"}'
expect_contains "$(repo_file "$bare" "$(sdir $S)/files/workflows/a.json")" '"cwd":"{{P}}/app"'
git --git-dir="$bare" show "main:$(sdir $S)/files/@beside/cast" | cmp -s - "$adir/$S.cast" \
  || fail "the .cast file was not stored byte for byte"
expect_contains "$(repo_file "$bare" "$(sdir $S)/meta.json")" '"verbatim": ['

step "bob pulls them where Claude Code looks, byte for byte or translated"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$S  written"
expect_eq "$(cat "$bdir/$S.ccr-tip.json")" "{\"eventId\":\"e1\",\"project\":\"$B/q/app\"}"
expect_eq "$(cat "$bdir/$S/workflows/a.json")" "{\"workflow\":\"wf_1\",\"cwd\":\"$B/q/app\"}"
expect_contains "$(cat "$bdir/$S/subagents/journal.jsonl")" "\"cwd\":\"$B/q/app\""
cmp -s "$adir/$S.cast" "$bdir/$S.cast" || fail "bob's .cast differs from alice's"
[ -z "$(find "$bdir" -name '*compact.tmp*' -o -name '*superseded*' -o -name '*.tmp.*')" ] \
  || fail "a temporary or rotation file reached bob"
expect_exit 0 on bob ccsync push
expect_not_contains "$OUT" "$S" "bob's push after a pull"

step "files removed on alice (Claude's retention sweep) stay in the repository"
rm -rf "$adir/$S" "$adir/$S.ccr-tip.json"
line $S "$A/p/app" "more" >> "$adir/$S.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S  appended"
expect_eq "$(files_in_repo $S | tr '\n' ' ')" \
  "@beside/cast @beside/ccr-tip.json subagents/journal.jsonl workflows/a.json " "files after the removal"
expect_contains "$(repo_file "$bare" "$(sdir $S)/meta.json")" '"@beside/ccr-tip.json"'
expect_contains "$(repo_transcript "$bare" $S)" '"content":"more"'
expect_exit 0 on bob ccsync pull
[ -f "$bdir/$S/workflows/a.json" ] && [ -f "$bdir/$S.ccr-tip.json" ] \
  || fail "bob lost files that alice's Claude removed"
expect_contains "$(cat "$bdir/$S.jsonl")" '"content":"more"'

step "duplicate uuids and unknown record kinds travel as they are (a second /compact, §9.3)"
D=fa3a4000-0000-4000-8000-00000000000d
{ printf '{"type":"user","uuid":"u-1","message":{"role":"user","content":"first"},"timestamp":"%sT10:00:00.000Z","cwd":"%s","sessionId":"%s"}\n' "$(date -u -d '-2 days' +%Y-%m-%d)" "$A/p/app" $D
  printf '{"type":"atis-latch","someFutureField":[1,2,{"x":null}],"sessionId":"%s"}\n' $D
  printf '{"type":"system","subtype":"compact_boundary","uuid":"u-2","cwd":"%s","sessionId":"%s"}\n' "$A/p/app" $D
  printf '{"type":"user","uuid":"u-1","message":{"role":"user","content":"first"},"timestamp":"%sT10:00:00.000Z","cwd":"%s","sessionId":"%s"}\n' "$(date -u -d '-2 days' +%Y-%m-%d)" "$A/p/app" $D
  printf '{"type":"no-such-kind-yet","payload":"\\u00e9t\\u00e9","sessionId":"%s"}\n' $D; } > "$adir/$D.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$D  new"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$D  written"
expect_eq "$(sed "s#$B/q/app#$A/p/app#g" "$bdir/$D.jsonl" | md5sum)" "$(md5sum < "$adir/$D.jsonl")" \
  "bob's transcript with duplicate uuids and unknown kinds"
expect_eq "$(grep -c '"uuid":"u-1"' "$bdir/$D.jsonl")" 2 "lines with the duplicated uuid on bob"
expect_exit 0 on alice ccsync pull
expect_exit 0 on alice ccsync push
expect_not_contains "$OUT" "$D" "alice's push after her pull"

step "a file over the size limit stays out; the rest of the session travels"
head -c $((51 * 1024 * 1024)) /dev/zero > "$adir/$D.big"
mkdir -p "$adir/$D/tool-results" && printf 'small %s\n' "$A/p/app" > "$adir/$D/tool-results/t1.txt"
expect_exit 0 on alice ccsync push
expect_eq "$(files_in_repo $D | tr '\n' ' ')" "tool-results/t1.txt " "files of $D in the repository"
expect_exit 0 on bob ccsync pull
expect_eq "$(cat "$bdir/$D/tool-results/t1.txt")" "small $B/q/app"
[ ! -e "$bdir/$D.big" ] || fail "the file over 50 MB reached bob"
rm -f "$adir/$D.big"

step "a fork by pointer is pushed with its parent, named alone, and pulled with it"
line $P "$A/p/app" "the parent" 40 > "$adir/$P.jsonl"
{ printf '{"type":"fork-context-ref","parentSessionId":"%s","parentLastUuid":"u1","contextLength":1,"sessionId":"%s"}\n' $P $F
  line $F "$A/p/app" "the fork"; } > "$adir/$F.jsonl"
expect_exit 0 on alice ccsync push $F
expect_contains "$OUT" "$F  new"
expect_contains "$OUT" "$P  new"
expect_contains "$(repo_file "$bare" "$(sdir $F)/meta.json")" "\"parents\": ["
expect_exit 0 on bob ccsync pull $F
expect_contains "$OUT" "$F  written"
expect_contains "$OUT" "$P  written"
[ -f "$bdir/$P.jsonl" ] || fail "the fork's 40-day-old parent was not brought to bob"

step "with the real Claude Code CLI: its session and files resume on bob"
if [ -x "$CCSYNC_BUILD_DIR/claude-cli/node_modules/.bin/claude" ] \
   || bash "$CCSYNC_SOURCE_DIR/tests/support/install-claude.sh" "$CCSYNC_BUILD_DIR/claude-cli" >/dev/null 2>&1; then
  start_claude_and_fake_api
  echo "Claude Code $("$claude" --version)"
  claude_on alice "$A/p/app" -p "remember the word HERON-5521" >"$TEST_DIR/a.out" 2>&1 \
    || { cat "$TEST_DIR/a.out"; fail "claude -p failed on alice"; }
  T=$(cd "$adir" && ls -t ./*.jsonl | head -1 | sed 's#^\./##; s#\.jsonl$##')
  printf '{"eventId":"e2","project":"%s"}\n' "$A/p/app" > "$adir/$T.ccr-tip.json"
  mkdir -p "$adir/$T/subagents" && printf '{"type":"run-started"}\n' > "$adir/$T/subagents/journal.jsonl"
  expect_exit 0 on alice ccsync push
  expect_contains "$OUT" "$T  new"
  expect_exit 0 on bob ccsync pull
  expect_contains "$OUT" "$T  written"
  expect_eq "$(cat "$bdir/$T.ccr-tip.json")" "{\"eventId\":\"e2\",\"project\":\"$B/q/app\"}"
  : > "$TEST_DIR/requests.jsonl"
  claude_on bob "$B/q/app" -p --resume "$T" "what was the word?" >"$TEST_DIR/b.out" 2>&1 \
    || { cat "$TEST_DIR/b.out"; fail "claude --resume failed on bob"; }
  grep -q "HERON-5521" "$TEST_DIR/requests.jsonl" || fail "bob's resumed request lacks alice's turn"
  [ -f "$bdir/$T.ccr-tip.json" ] && [ -f "$bdir/$T/subagents/journal.jsonl" ] \
    || fail "Claude Code removed the session's files on resume"
else
  echo "note: the Claude Code CLI could not be installed (npm); this step was left out"
fi
echo "passed"
