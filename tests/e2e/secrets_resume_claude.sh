#!/usr/bin/env bash
# The real Claude Code CLI and a secret: alice pastes a GitHub token into `claude -p`, pushes
# (secrets = redact) and pulls; her transcript stays byte-identical. Bob pulls the session and
# resumes it with `claude -p --resume`: the request his Claude sends to the (fake, loopback)
# Anthropic API carries the marker, never the token.
. "$(dirname "$0")/common.sh"
: "${CCSYNC_BUILD_DIR:?}" "${CCSYNC_SOURCE_DIR:?}"
start_claude_and_fake_api

alice_and_bob
TOKEN=ghp_R8nX2kQ7vL4mT9pW3sY6bZ1cF5hJ0dG8aE2u

step "alice talks about a token with the real claude"
claude_on alice "$A/p/app" -p "keep GITHUB_TOKEN=$TOKEN for the release job" >"$TEST_DIR/a.out" 2>&1 \
  || { cat "$TEST_DIR/a.out"; fail "claude -p failed on alice"; }
transcript=$(ls "$A"/.claude/projects/*/*.jsonl | head -1)
[ -n "$transcript" ] || fail "claude wrote no transcript"
grep -q -F "$TOKEN" "$transcript" || fail "alice's transcript lacks the token (nothing to redact)"
id=$(basename "$transcript" .jsonl)
cp "$transcript" "$TEST_DIR/original.jsonl"

step "pushed redacted; alice's copy byte-identical after push and pull"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$id  new"
if git --git-dir="$bare" grep -q -F "$TOKEN" $(git --git-dir="$bare" rev-list --all) --; then
  fail "the remote holds the token"
fi
expect_contains "$(git --git-dir="$bare" grep -h -F '{{!REDACTED:github-token:' main -- "$(sdir "$id")")" "REDACTED"
expect_exit 0 on alice ccsync pull
cmp "$transcript" "$TEST_DIR/original.jsonl" || fail "push or pull changed alice's transcript"
expect_eq "$(ls "$(dirname "$transcript")" | grep -c '\.jsonl$')" 1 "transcripts on alice (a fork would add one)"

step "bob resumes the redacted session: the API sees the marker, not the token"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$id  written"
: > "$TEST_DIR/requests.jsonl"
claude_on bob "$B/q/app" -p --resume "$id" "which variable did I mention?" >"$TEST_DIR/b.out" 2>&1 \
  || { cat "$TEST_DIR/b.out"; fail "claude --resume failed on bob"; }
grep -q -F '{{!REDACTED:github-token:' "$TEST_DIR/requests.jsonl" \
  || fail "bob's resumed request lacks the marker (requests: $TEST_DIR/requests.jsonl)"
grep -q -F "GITHUB_TOKEN=" "$TEST_DIR/requests.jsonl" || fail "bob's request lacks alice's turn"
if grep -q -F "$TOKEN" "$TEST_DIR/requests.jsonl"; then fail "bob's request holds the token"; fi

step "bob's new turn goes back; alice's copy keeps its token"
expect_exit 0 on bob ccsync push
expect_contains "$OUT" "$id  appended"
expect_exit 0 on alice ccsync pull
expect_contains "$(cat "$transcript")" "which variable did I mention?"
cmp <(head -c "$(stat -c %s "$TEST_DIR/original.jsonl")" "$transcript") "$TEST_DIR/original.jsonl" \
  || fail "alice's earlier lines changed"
echo "passed"
