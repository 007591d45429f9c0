#!/usr/bin/env bash
# config add-placeholder / set-path through the shared repository, including a push race.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"
on a ccsync init --remote "$url" --machine-id alpha >/dev/null
on b ccsync init --remote "$url" --machine-id beta >/dev/null

step "set-path on A is visible in B's config show after B pulls"
expect_exit 0 on a ccsync config set-path PROJECTS beta /Users/bob/code
expect_contains "$OUT" "{{PROJECTS}} = /Users/bob/code on machine 'beta'"
expect_exit 0 on b ccsync config show
expect_not_contains "$OUT" "PROJECTS.beta" "B's view before pulling"
expect_exit 0 on b ccsync pull
expect_exit 0 on b ccsync config show
expect_contains "$OUT" "(repo) shared_placeholders.PROJECTS.beta = /Users/bob/code"

step "add-placeholder records the path for this machine in config and repository"
expect_exit 0 on a ccsync config add-placeholder WORK=/home/alice/work
expect_contains "$(cat "$(machine_home a)/.claude-session-sync/config.json")" '"WORK": "/home/alice/work"'
expect_contains "$(repo_file "$bare" shared_placeholders.json)" '"alpha": "/home/alice/work"'
before=$(commit_count "$bare")
expect_exit 0 on a ccsync config add-placeholder WORK=/home/alice/work
expect_contains "$OUT" "(unchanged)"
expect_eq "$(commit_count "$bare")" "$before" "commits after a no-op edit"

step "bad names and relative paths are usage errors"
expect_exit 2 on a ccsync config add-placeholder work=/x
expect_exit 2 on a ccsync config set-path PROJECTS beta relative
expect_exit 2 on a ccsync config set-path PROJECTS "Not An Id" /x
expect_exit 2 on a ccsync config set-path PROJECTS beta
expect_eq "$(commit_count "$bare")" "$before" "commits after usage errors"

step "concurrent add-placeholder on two machines: both land"
for round in 1 2 3 4 5; do
  on a ccsync config add-placeholder "RACE_A$round=/a/$round" >"$TEST_DIR/a.out" 2>&1 &
  pid_a=$!
  on b ccsync config add-placeholder "RACE_B$round=/b/$round" >"$TEST_DIR/b.out" 2>&1 &
  pid_b=$!
  wait "$pid_a" || { cat "$TEST_DIR/a.out"; fail "A's add-placeholder failed in round $round"; }
  wait "$pid_b" || { cat "$TEST_DIR/b.out"; fail "B's add-placeholder failed in round $round"; }
  table=$(repo_file "$bare" shared_placeholders.json)
  expect_contains "$table" "\"alpha\": \"/a/$round\"" "round $round table"
  expect_contains "$table" "\"beta\": \"/b/$round\"" "round $round table"
done
retries=$(cat "$(machine_home a)"/.claude-session-sync/logs/ccsync.log \
  "$(machine_home b)"/.claude-session-sync/logs/ccsync.log | grep -c "push rejected" || true)
echo "push retries seen in 5 rounds: $retries"
git --git-dir="$bare" fsck --strict >/dev/null || fail "the remote repository is damaged"

step "built-in names are refused at the door (issue 22: set-path HOME bricked a machine)"
expect_exit 2 on a ccsync config set-path HOME beta /home/other
expect_contains "$ERR" "placeholder 'HOME' is built in"
expect_exit 2 on a ccsync config add-placeholder HOME=/home/other
expect_exit 2 on a ccsync init --add-placeholder HOME=/home/other
expect_not_contains "$(repo_file "$bare" shared_placeholders.json)" '"HOME"'

step "a bad entry an older ccsync wrote stops no command; doctor names it with its fix"
work="$TEST_DIR/edit"
git clone -q "$bare" "$work"
perl -0pi -e 's/^\{/{\n  "HOME": { "alpha": "\/home\/old" },\n  "9BAD": { "alpha": "relative" },/' \
  "$work/shared_placeholders.json"
git -C "$work" -c user.name=t -c user.email=t@t commit -qam "an older ccsync's entry"
git -C "$work" push -q origin main
conf="$(machine_home a)/.claude-session-sync/config.json"
perl -0pi -e 's/"custom_placeholders": \{/"custom_placeholders": {\n    "HOME": "\/home\/old",/' "$conf"
expect_contains "$(cat "$conf")" '"HOME": "/home/old"' "the config an older ccsync left"
for command in pull push list status; do
  expect_exit 0 on a ccsync $command
done
expect_exit 1 on a ccsync doctor
expect_contains "$OUT" "placeholders: {{9BAD}} = relative"
expect_contains "$OUT" "ccsync config remove-path 9BAD alpha"
expect_exit 0 on a ccsync config remove-path 9BAD alpha
expect_exit 0 on a ccsync config remove-path HOME alpha
expect_contains "$OUT" "{{HOME}} has no path on machine 'alpha'"
expect_not_contains "$(repo_file "$bare" shared_placeholders.json)" '"HOME"'
expect_not_contains "$(repo_file "$bare" shared_placeholders.json)" '"9BAD"'
expect_not_contains "$(cat "$conf")" '"HOME"' "config.json after remove-path"
expect_exit 0 on a ccsync config remove-path HOME alpha
expect_contains "$OUT" "(unchanged: it had none)"

step "a placeholder added later re-translates what was pushed before it (issue 22, item 11)"
A=$(machine_home a); B=$(machine_home b)
id=7e7a0000-0000-4000-8000-0000000000e2
mkdir -p "$A/work/app" "$B/src/app" "$A/.claude/projects/$(enc "$A/work/app")"
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"see %s/lib"}}\n' \
  "$A/work/app" "$id" "$RECENT_DAY" "$A/work" >"$A/.claude/projects/$(enc "$A/work/app")/$id.jsonl"
expect_exit 0 on a ccsync push
expect_contains "$(repo_transcript "$bare" "$id")" '"cwd":"{{HOME}}/work/app"'
expect_exit 0 on a ccsync config add-placeholder "WW=$A/work"
expect_contains "$OUT" "The next push rewrites the sessions here that mention $A/work with {{WW}}"
expect_exit 0 on a ccsync push
expect_contains "$OUT" "re-translated"
stored=$(repo_transcript "$bare" "$id")
expect_contains "$stored" '"cwd":"{{WW}}/app"'
expect_contains "$stored" 'see {{WW}}/lib'
expect_not_contains "$stored" '{{HOME}}/work'
expect_exit 0 on a ccsync push
expect_contains "$OUT" "0 sessions" "a second push after the re-translation"
expect_exit 0 on b ccsync config add-placeholder "WW=$B/src"
expect_exit 0 on b ccsync pull
pulled="$B/.claude/projects/$(enc "$B/src/app")/$id.jsonl"
[ -f "$pulled" ] || fail "B has no $pulled"
expect_contains "$(cat "$pulled")" "\"cwd\":\"$B/src/app\""
expect_contains "$(cat "$pulled")" "see $B/src/lib"
echo "passed"
