#!/usr/bin/env bash
# init --github on a fake GitHub (plain HTTP): create on the first machine, connect on the second,
# organisation repositories, the token from a file, GH_TOKEN, gh and --save-token.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/github_common.sh"
start_fake_github gh
bare="$FAKE_ROOT/alice/sessions.git"

step "on a terminal, init offers to create a missing repository; no means nothing is created"
printf 'n\n' > "$TEST_DIR/no"
on t env GH_TOKEN="$TOKEN" script -qec "$CCSYNC_BIN init --github alice/offered --github-api-url $FAKE_API" \
  /dev/null <"$TEST_DIR/no" >"$TEST_DIR/tty.out" 2>&1 || true
expect_contains "$(cat "$TEST_DIR/tty.out")" "alice/offered does not exist on GitHub. Create it as a private repository? [Y/n]"
expect_contains "$(cat "$TEST_DIR/tty.out")" "does not exist"
[ ! -e "$FAKE_ROOT/alice/offered.git" ] || fail "a declined repository was created"
[ ! -e "$(machine_home t)/.claude-session-sync/config.json" ] || fail "a declined init wrote config"

step "first machine: the repository is created, private, and the machine registered"
expect_exit 0 on a env GH_TOKEN="$TOKEN" "$CCSYNC_BIN" init --github alice/sessions \
  --github-api-url "$FAKE_API" --machine-id alpha
expect_contains "$OUT" "Created the private GitHub repository alice/sessions"
expect_contains "$OUT" "Created the sync repository on http://127.0.0.1:$FAKE_PORT/alice/sessions.git"
expect_eq "$(commit_count "$bare")" 1
config="$(machine_home a)/.claude-session-sync/config.json"
expect_contains "$(cat "$config")" '"github_owner": "alice"'
expect_contains "$(cat "$config")" '"remote": "http://127.0.0.1:'
expect_not_contains "$(cat "$config")" "github_token"
expect_no_token a

step "second machine: connects to the existing repository (token from --token-file)"
printf '%s\n' "$TOKEN" > "$TEST_DIR/token"
expect_exit 0 on b ccsync init --github alice/sessions --github-api-url "$FAKE_API" \
  --token-file "$TEST_DIR/token" --machine-id beta
expect_not_contains "$OUT" "Created the private GitHub repository"
expect_contains "$OUT" "Joined the sync repository"
expect_contains "$OUT" "2 machines registered"
expect_eq "$(commit_count "$bare")" 2
expect_no_token b

step "later commands find the token again (GITHUB_TOKEN); without one, git gives up with exit 4"
expect_exit 0 on a env GITHUB_TOKEN="$TOKEN" "$CCSYNC_BIN" pull
expect_exit 4 on a ccsync pull
expect_contains "$ERR" "ccsync: error: fetching from"

step "running init again changes nothing"
expect_exit 0 on a env GH_TOKEN="$TOKEN" "$CCSYNC_BIN" init --github alice/sessions \
  --github-api-url "$FAKE_API" --machine-id alpha
expect_contains "$OUT" "Already set up"
expect_eq "$(commit_count "$bare")" 2

step "an organisation's repository is created under the organisation"
expect_exit 0 on c env GH_TOKEN="$TOKEN" "$CCSYNC_BIN" init --github team/shared \
  --github-api-url "$FAKE_API/api/v3" --machine-id gamma
expect_contains "$OUT" "Created the private GitHub repository team/shared"
expect_eq "$(commit_count "$FAKE_ROOT/team/shared.git")" 1
expect_contains "$(cat "$(machine_home c)/.claude-session-sync/config.json")" '/api/v3"'
expect_exit 1 on c env GH_TOKEN="$TOKEN" "$CCSYNC_BIN" init --github nobody/x \
  --github-api-url "$FAKE_API" --machine-id gamma --force
expect_contains "$ERR" "no organisation 'nobody'"

step "the token from 'gh auth token', saved with --save-token, redacted by config show"
mkdir -p "$TEST_DIR/bin"
printf '#!/bin/sh\n[ "$1 $2" = "auth token" ] || exit 1\nsleep 1\necho %s\n' "$TOKEN" > "$TEST_DIR/bin/gh"
chmod +x "$TEST_DIR/bin/gh"
on d env PATH="$TEST_DIR/bin:$PATH" "$CCSYNC_BIN" init --github alice/sessions \
  --github-api-url "$FAKE_API" --machine-id delta --save-token >"$TEST_DIR/d.out" 2>&1 &
init_pid=$!
seen=0
for _ in $(seq 1 100); do # sample every process's argv while init runs (bounded: about 5 s)
  if ps -eww -o args= | grep -F "$TOKEN" | grep -vq grep; then seen=1; fi
  kill -0 "$init_pid" 2>/dev/null || break
  sleep 0.05
done
wait "$init_pid" || { cat "$TEST_DIR/d.out" >&2; fail "init with gh failed"; }
[ "$seen" -eq 0 ] || fail "the token appeared in ps output"
config="$(machine_home d)/.claude-session-sync/config.json"
expect_eq "$(stat -c %a "$config")" 600 "config.json mode"
expect_contains "$(cat "$config")" "\"github_token\": \"$TOKEN\""
expect_exit 0 on d ccsync config show
expect_contains "$OUT" "(file) github_token = <redacted>"
expect_not_contains "$OUT" "$TOKEN"
expect_exit 0 on d ccsync pull
! grep -rqF "$TOKEN" "$(machine_home d)/.claude-session-sync/logs" || fail "the token was logged"
echo "passed"
