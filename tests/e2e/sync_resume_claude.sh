#!/usr/bin/env bash
# The real Claude Code CLI: a session made on machine A, pushed, pulled on machine B (other
# layout), resumed there with `claude -p --resume <id>`: the request B's Claude sends to the
# (fake, loopback) Anthropic API carries A's earlier turns, and B's lines land in the same file.
. "$(dirname "$0")/common.sh"
: "${CCSYNC_BUILD_DIR:?}" "${CCSYNC_SOURCE_DIR:?}"
start_claude_and_fake_api

start_git_daemon
new_bare sync.git
A=$(machine_home alice); B=$(machine_home bob)
mkdir -p "$A/projects/app" "$B/code/app"
on alice ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id alice \
  --add-placeholder "PROJECTS=$A/projects" >/dev/null
on bob ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id bob \
  --add-placeholder "PROJECTS=$B/code" >/dev/null

step "a conversation on alice"
claude_on alice "$A/projects/app" -p "remember the word PELICAN-7731" >"$TEST_DIR/a.out" 2>&1 \
  || { cat "$TEST_DIR/a.out"; fail "claude -p failed on alice"; }
transcript=$(ls "$A"/.claude/projects/*/*.jsonl | head -1)
[ -n "$transcript" ] || fail "claude wrote no transcript"
id=$(basename "$transcript" .jsonl)
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$id  new"

step "pulled on bob where claude --resume looks, and resumed there"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$id  written"
: > "$TEST_DIR/requests.jsonl"
claude_on bob "$B/code/app" -p --resume "$id" "what was the word?" >"$TEST_DIR/b.out" 2>&1 \
  || { cat "$TEST_DIR/b.out"; fail "claude --resume failed on bob"; }
grep -q "PELICAN-7731" "$TEST_DIR/requests.jsonl" \
  || fail "bob's resumed request lacks alice's turn (requests: $TEST_DIR/requests.jsonl)"
bfile=$(ls "$B"/.claude/projects/*/"$id.jsonl")
expect_contains "$(cat "$bfile")" "what was the word?"
expect_contains "$(cat "$bfile")" "\"cwd\":\"$B/code/app\""

step "bob's new lines go back to alice"
expect_exit 0 on bob ccsync push
expect_contains "$OUT" "$id  appended"
expect_exit 0 on alice ccsync pull
expect_contains "$OUT" "$id  extended"
expect_contains "$(cat "$transcript")" "what was the word?"
expect_contains "$(cat "$transcript")" "\"cwd\":\"$A/projects/app\""
echo "passed"
