#!/usr/bin/env bash
# Secrets never leave the machine: a transcript with an AWS key, a GitHub token, a private key
# block (JSON-escaped) and a password is pushed with secrets = redact (the remote holds markers,
# no secret, in any object), the origin's transcript stays byte-identical through push, pull and
# an append; another machine gets the markers; `scan` and `push --dry-run` report without
# revealing; memory and CLAUDE.md go through the same policy; block refuses the session (exit 1,
# location, no secret); warn pushes verbatim.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"
A=$(machine_home alice); B=$(machine_home bob)
mkdir -p "$A/app" "$B/app"
on alice ccsync init --remote "$url" --machine-id alice --sync-dir "$A" >/dev/null
on bob ccsync init --remote "$url" --machine-id bob >/dev/null
adir="$A/.claude/projects/$(enc "$A/app")"
mkdir -p "$adir"
line() { # line SESSION N TEXT (TEXT is already JSON-escaped)
  printf '{"type":"user","message":{"role":"user","content":"%s"},"uuid":"u%s","timestamp":"'"$RECENT_DAY"'T09:14:0%s.000Z","cwd":"%s","sessionId":"%s"}\n' \
    "$3" "$2" "$2" "$A/app" "$1"
}
AWS=AKIAQYLPMN5HHWFPZAM2
GH=ghp_R8nX2kQ7vL4mT9pW3sY6bZ1cF5hJ0dG8aE2u
PEMBODY=MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi3Z2ENgAd8kPmXq1Lw6Rv0sYnFc
PASS=Tr0ub4dor3xQ9
S1=11111111-2222-4333-8444-555555555555
{
  line $S1 1 "export AWS_ACCESS_KEY_ID=$AWS and GITHUB_TOKEN=$GH"
  line $S1 2 "cat id_rsa\\n-----BEGIN RSA PRIVATE KEY-----\\n$PEMBODY\\n$PEMBODY\\n-----END RSA PRIVATE KEY-----\\n"
  line $S1 3 "db: {\\\"password\\\": \\\"$PASS\\\"} and nothing else"
} > "$adir/$S1.jsonl"
cp "$adir/$S1.jsonl" "$TEST_DIR/original.jsonl"
no_secret_in_remote() { # every object of every commit, and the tip's files
  local found=""
  for secret in "$AWS" "$GH" "$PEMBODY" "$PASS"; do
    if git --git-dir="$bare" grep -q -F "$secret" $(git --git-dir="$bare" rev-list --all) -- 2>/dev/null; then
      found="$found $secret"
    fi
  done
  [ -z "$found" ] || fail "the remote holds secrets:$found"
}

step "scan reports file, line and kind, never the secret"
expect_exit 0 on alice ccsync scan
for kind in aws-access-key github-token private-key password; do expect_contains "$OUT" ": $kind ("; done
expect_contains "$OUT" "$S1.jsonl:2: private-key"
for secret in "$AWS" "$GH" "$PEMBODY" "$PASS"; do expect_not_contains "$OUT" "$secret" "scan output"; done
expect_exit 0 on alice ccsync scan $S1 --format json
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 4 "secrets in the JSON report"

step "push --dry-run reports the secrets as scan does, and pushes nothing"
commits=$(commit_count "$bare")
expect_exit 0 on alice ccsync push --dry-run
expect_contains "$OUT" "Secrets in what would be pushed:"
expect_contains "$OUT" "$S1.jsonl:2: private-key"
expect_contains "$OUT" "4 secrets found; push replaces them by markers (secrets = redact)"
for secret in "$AWS" "$GH" "$PEMBODY" "$PASS"; do expect_not_contains "$OUT" "$secret" "dry-run output"; done
expect_exit 0 on alice ccsync push --dry-run --format json
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["secrets"]), sorted({s["kind"] for s in d["secrets"]}))')" \
  "4 ['aws-access-key', 'github-token', 'password', 'private-key']" "secrets in the dry-run JSON"
expect_eq "$(commit_count "$bare")" "$commits" "commits after a dry run"

step "push with redact: markers in the remote, no secret anywhere, local copy untouched"
expect_exit 0 on alice ccsync push
chunk=$(repo_transcript "$bare" "$S1")
expect_contains "$chunk" '{{!REDACTED:aws-access-key:'
expect_contains "$chunk" '{{!REDACTED:private-key:'
printf '%s\n' "$chunk" | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin if l.strip()]'
no_secret_in_remote
cmp "$adir/$S1.jsonl" "$TEST_DIR/original.jsonl" || fail "push changed the local transcript"

step "the origin neither re-pushes nor forks nor replaces its copy"
commits=$(commit_count "$bare")
expect_exit 0 on alice ccsync push
expect_eq "$(commit_count "$bare")" "$commits" "commits after a second push"
expect_exit 0 on alice ccsync pull
cmp "$adir/$S1.jsonl" "$TEST_DIR/original.jsonl" || fail "pull changed the local transcript"
expect_eq "$(ls "$adir" | grep -c '\.jsonl$')" 1 "transcripts on alice after pull (a fork would add one)"
rm -f "$A/.claude-session-sync/sync-index" # the full comparison, not the index, must agree
expect_exit 0 on alice ccsync push
expect_eq "$(commit_count "$bare")" "$commits" "commits after a push without the index"

step "an append is redacted too, and the local copy still matches byte for byte"
GH2=ghp_Z9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8c
line $S1 4 "new token $GH2" >> "$adir/$S1.jsonl"
cp "$adir/$S1.jsonl" "$TEST_DIR/original.jsonl"
expect_exit 0 on alice ccsync push
expect_not_contains "$(git --git-dir="$bare" grep -F "$GH2" $(git --git-dir="$bare" rev-list --all) -- || true)" "$GH2"
expect_exit 0 on alice ccsync pull
cmp "$adir/$S1.jsonl" "$TEST_DIR/original.jsonl" || fail "push or pull changed the local transcript"

step "another machine gets the markers"
expect_exit 0 on bob ccsync pull
bfile=$(find "$B/.claude/projects" -name "$S1.jsonl")
expect_contains "$(cat "$bfile")" '{{!REDACTED:github-token:'
expect_not_contains "$(cat "$bfile")" "$GH"

step "memory and CLAUDE.md: redacted in the remote, intact on alice, markers on bob"
mkdir -p "$adir/memory"
printf '# Deploy\nUse GITHUB_TOKEN=%s for the release job.\n' "$GH" > "$A/.claude/CLAUDE.md"
printf 'AWS key for staging: %s\n' "$AWS" > "$adir/memory/MEMORY.md"
cp "$A/.claude/CLAUDE.md" "$TEST_DIR/claude.md"; cp "$adir/memory/MEMORY.md" "$TEST_DIR/memory.md"
expect_exit 0 on alice ccsync scan
expect_contains "$OUT" "$A/.claude/CLAUDE.md:2: github-token"
expect_contains "$OUT" "$adir/memory/MEMORY.md:1: aws-access-key"
expect_exit 0 on alice ccsync push --dry-run
expect_contains "$OUT" "$A/.claude/CLAUDE.md:2: github-token"
expect_exit 0 on alice ccsync push
expect_contains "$(repo_file "$bare" claude/CLAUDE.md)" '{{!REDACTED:github-token:'
memfile=$(git --git-dir="$bare" ls-tree -r --name-only main | grep '^memory/.*/MEMORY.md$')
expect_contains "$(repo_file "$bare" "$memfile")" '{{!REDACTED:aws-access-key:'
no_secret_in_remote
commits=$(commit_count "$bare")
expect_exit 0 on alice ccsync pull
expect_exit 0 on alice ccsync push
expect_eq "$(commit_count "$bare")" "$commits" "commits after pull and push on alice"
cmp "$A/.claude/CLAUDE.md" "$TEST_DIR/claude.md" || fail "pull changed alice's CLAUDE.md"
cmp "$adir/memory/MEMORY.md" "$TEST_DIR/memory.md" || fail "pull changed alice's memory"
expect_exit 0 on bob ccsync pull
expect_contains "$(cat "$B/.claude/CLAUDE.md")" '{{!REDACTED:github-token:'
expect_not_contains "$(cat "$B/.claude/CLAUDE.md")" "$GH"
bmem=$(find "$B/.claude/projects" -path '*/memory/MEMORY.md')
expect_contains "$(cat "$bmem")" '{{!REDACTED:aws-access-key:'

step "block: memory with a secret is refused (exit 1, where, no secret), the remote keeps its copy"
printf 'AWS key for prod: %s\n' "$AWS" >> "$adir/memory/MEMORY.md"
before=$(repo_file "$bare" "$memfile")
expect_exit 1 env CCSYNC_SECRETS=block HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" CLAUDE_CONFIG_DIR="$A/.claude" "$CCSYNC_BIN" push
expect_contains "$OUT$ERR" "$adir/memory/MEMORY.md:2: aws-access-key"
expect_not_contains "$OUT$ERR" "$AWS" "block report"
expect_eq "$(repo_file "$bare" "$memfile")" "$before" "the remote's memory after a blocked push"
cp "$adir/memory/MEMORY.md" "$TEST_DIR/memory.md"
expect_exit 3 env CCSYNC_SECRETS=block HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" CLAUDE_CONFIG_DIR="$A/.claude" "$CCSYNC_BIN" pull
cmp "$adir/memory/MEMORY.md" "$TEST_DIR/memory.md" || fail "pull replaced memory that block keeps local"
printf 'AWS key for staging: %s\n' "$AWS" > "$adir/memory/MEMORY.md"

step "block: the session is refused with its location, nothing is pushed"
S2=22222222-2222-4333-8444-555555555555
line $S2 1 "key $AWS again" > "$adir/$S2.jsonl"
commits=$(commit_count "$bare")
expect_exit 1 env CCSYNC_SECRETS=block HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" CLAUDE_CONFIG_DIR="$A/.claude" "$CCSYNC_BIN" push $S2
expect_contains "$OUT$ERR" "$S2.jsonl:1: aws-access-key"
expect_not_contains "$OUT$ERR" "$AWS" "block report"
expect_eq "$(commit_count "$bare")" "$commits" "commits after a blocked push"
expect_not_contains "$(git --git-dir="$bare" ls-tree -r --name-only main)" "$S2"

step "warn: pushed verbatim"
expect_exit 0 env CCSYNC_SECRETS=warn HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" CLAUDE_CONFIG_DIR="$A/.claude" "$CCSYNC_BIN" push $S2
expect_contains "$(repo_transcript "$bare" "$S2")" "$AWS"

step "per project: secrets_projects gives a project its own policy"
S3=33333333-2222-4333-8444-555555555555
mkdir -p "$A/vault"
vdir="$A/.claude/projects/$(enc "$A/vault")"
mkdir -p "$vdir"
printf '{"type":"user","message":{"role":"user","content":"vault key %s"},"uuid":"v1","timestamp":"'"$RECENT_DAY"'T09:15:00.000Z","cwd":"%s","sessionId":"%s"}\n' \
  "$AWS" "$A/vault" "$S3" >"$vdir/$S3.jsonl"
as_alice() { env HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" CLAUDE_CONFIG_DIR="$A/.claude" "$@"; }
expect_exit 1 as_alice env CCSYNC_SECRETS_PROJECTS='{{HOME}}/vault/**=block' "$CCSYNC_BIN" push $S3
expect_contains "$OUT$ERR" "$S3.jsonl:1: aws-access-key"
expect_not_contains "$(git --git-dir="$bare" ls-tree -r --name-only main)" "$S3"
expect_exit 0 as_alice env CCSYNC_SECRETS_PROJECTS='{{HOME}}/elsewhere/**=block' "$CCSYNC_BIN" push $S3
expect_contains "$(repo_transcript "$bare" "$S3")" "{{!REDACTED:aws-access-key:"
expect_not_contains "$(repo_transcript "$bare" "$S3")" "$AWS"
expect_exit 1 as_alice env CCSYNC_SECRETS_PROJECTS='vault=block' "$CCSYNC_BIN" scan
expect_contains "$ERR" "is not an absolute path"
expect_exit 1 as_alice env CCSYNC_SECRETS_PROJECTS='{{HOME}}/vault/**=hide' "$CCSYNC_BIN" scan
expect_contains "$ERR" "has no known policy"

step "a bad policy is a configuration error"
expect_exit 1 env CCSYNC_SECRETS=maybe HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" CLAUDE_CONFIG_DIR="$A/.claude" "$CCSYNC_BIN" scan
expect_contains "$ERR" "secrets is 'maybe'"
echo ok
