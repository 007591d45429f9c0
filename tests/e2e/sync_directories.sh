#!/usr/bin/env bash
# Sessions outside every sync directory (issue 22, item 5): push says once that it left them
# behind, `list` and `status` count them with the command that shares them, `config
# add-sync-dir` / `remove-sync-dir` edit sync_directories (config.json only), and `init
# --sync-dir` on a machine that is set up refuses to change them.
. "$(dirname "$0")/common.sh"
A=$(machine_home a)
config="$A/.claude-session-sync/config.json"
remote="$A/.claude-session-sync/remote.git"
session() { # session DIR ID: a one-line transcript of session ID whose cwd is DIR
  local folder="$A/.claude/projects/$(enc "$1")"
  mkdir -p "$folder"
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"x"}}\n' \
    "$1" "$2" "$RECENT_DAY" >>"$folder/$2.jsonl"
}
IN=11111111-0000-4000-8000-000000000001
OUT1=22222222-0000-4000-8000-000000000002
OUT2=33333333-0000-4000-8000-000000000003
mkdir -p "$A/p/app" "$TEST_DIR/elsewhere/tool" "$TEST_DIR/other/lib"
expect_exit 0 on a ccsync init --machine-id alpha --sync-dir "$A/p"
session "$A/p/app" $IN
session "$TEST_DIR/elsewhere/tool" $OUT1

step "push says that a session outside every sync directory was not pushed"
expect_exit 0 on a ccsync push
expect_contains "$OUT" "1 session, 1 line"
expect_contains "$OUT" "Not pushed: 1 session outside every sync directory, in $TEST_DIR/elsewhere/tool"
expect_contains "$OUT" "ccsync config add-sync-dir DIR"

step "it says so once, not at every push"
session "$A/p/app" $IN
expect_exit 0 on a ccsync push
expect_contains "$OUT" "1 session, 2 lines" # a real push, not the no-op one
expect_not_contains "$OUT" "outside every sync directory"
session "$TEST_DIR/other/lib" $OUT2
expect_exit 0 on a ccsync push
expect_contains "$OUT" "Not pushed: 1 session outside every sync directory, in $TEST_DIR/other/lib"
expect_not_contains "$OUT" "elsewhere"
expect_exit 0 on a ccsync push --format json
expect_contains "$OUT" '"outside_sync_directories": 2'

step "status counts them, offline, from what push recorded"
expect_exit 0 on a ccsync status
expect_contains "$OUT" "not synced: 2 sessions outside every sync directory ('ccsync config add-sync-dir DIR' shares them)"
expect_exit 0 on a ccsync status --format json
expect_contains "$OUT" '"outside_sync_directories": 2'

step "list counts the sessions it hides and says why"
expect_exit 0 on a ccsync list
expect_contains "$OUT" "$IN"
expect_not_contains "$OUT" "$OUT1"
expect_contains "$OUT" "Not shown and not synced: 2 sessions outside every sync directory, in $TEST_DIR/elsewhere/tool, $TEST_DIR/other/lib"
expect_exit 0 on a ccsync list --all
expect_contains "$OUT" "$OUT1"
expect_not_contains "$OUT" "Not shown"

step "config add-sync-dir shares them (config.json only), and says what changed"
before=$(commit_count "$remote")
expect_exit 0 on a ccsync config add-sync-dir "$TEST_DIR/elsewhere"
expect_eq "$OUT" "sync_directories: added $TEST_DIR/elsewhere: $A/p, $TEST_DIR/elsewhere"
expect_eq "$(commit_count "$remote")" "$before" "commits after a config.json edit"
expect_contains "$(cat "$config")" "\"$TEST_DIR/elsewhere\""
expect_exit 0 on a ccsync config add-sync-dir "$TEST_DIR/elsewhere/"
expect_eq "$OUT" "sync_directories: $TEST_DIR/elsewhere is already there (unchanged)"
expect_exit 0 on a ccsync config add-sync-dir "$TEST_DIR/elsewhere/tool"
expect_contains "$OUT" "is inside a sync directory already (unchanged)"
(cd "$TEST_DIR" && expect_exit 0 on a ccsync config add-sync-dir other &&
  expect_contains "$OUT" "added $TEST_DIR/other") # a relative path is made absolute
expect_exit 0 on a ccsync push
expect_contains "$OUT" "$OUT1  new"
expect_contains "$OUT" "$OUT2  new"
expect_exit 0 on a ccsync status
expect_not_contains "$OUT" "not synced"

step "config remove-sync-dir stops sharing; the last one cannot go"
expect_exit 0 on a ccsync config remove-sync-dir "$TEST_DIR/other"
expect_eq "$OUT" "sync_directories: removed $TEST_DIR/other: $A/p, $TEST_DIR/elsewhere"
expect_exit 0 on a ccsync config remove-sync-dir "$TEST_DIR/other"
expect_contains "$OUT" "is not one of them (unchanged)"
expect_exit 0 on a ccsync config remove-sync-dir "$TEST_DIR/elsewhere"
expect_exit 2 on a ccsync config remove-sync-dir "$A/p"
expect_contains "$ERR" "the only sync directory"
expect_exit 2 on a ccsync config add-sync-dir
expect_contains "$ERR" "missing PATH"

step "a machine without sync_directories in its file starts from the home directory"
on b ccsync init --machine-id beta >/dev/null
expect_exit 0 on b ccsync config add-sync-dir /srv/work
expect_eq "$OUT" "sync_directories: added /srv/work: $(machine_home b), /srv/work"

step "init --sync-dir does not change a set-up machine's sync directories"
sum=$(sha256sum "$config")
expect_exit 2 on a ccsync init --sync-dir "$TEST_DIR/other"
expect_contains "$ERR" "init does not change its sync directories ($A/p)"
expect_contains "$ERR" "ccsync config add-sync-dir DIR"
expect_eq "$(sha256sum "$config")" "$sum" "config.json after a refused init"
expect_exit 0 on a ccsync init --sync-dir "$A/p"
expect_contains "$OUT" "Already set up"
echo "passed"
