#!/usr/bin/env bash
# The passphrase of an encrypted repository asked on a real terminal (tmux), as a person joins:
# the prompt shows, what is typed is not echoed, the right passphrase joins, a wrong one is refused
# (exit 4) with nothing written; a new passphrase is asked twice and two that differ are refused.
. "$(dirname "$0")/common.sh"
command -v tmux >/dev/null || skip "tmux is not installed (the prompt test needs a terminal)"
new_bare pass.git
remote="$TEST_DIR/srv/pass.git"
PASS="orchid lantern meadow"

# at_terminal NAME MACHINE WAIT_FOR TYPED ARGS...: runs ccsync ARGS as MACHINE in a terminal of
# its own; each time WAIT_FOR (a grep pattern; a terminal line has no trailing blanks) shows once
# more, types the next of TYPED (one per line); the exit code goes
# to $TEST_DIR/NAME.rc and the last screen to $TEST_DIR/NAME.screen.
at_terminal() {
  local name=$1 machine=$2 wait_for=$3 typed=$4 home answer seen=0 count
  shift 4
  home=$(machine_home "$machine")
  mkdir -p "$home"
  rm -f "$TEST_DIR/$name.rc"
  tmux -L "ccsync-e2e-$$-$name" new-session -d -x 200 -y 30 \
    "HOME=$home CCSYNC_HOME=$home/.claude-session-sync CLAUDE_CONFIG_DIR=$home/.claude \
     ASAN_OPTIONS=${ASAN_OPTIONS:-} LSAN_OPTIONS=${LSAN_OPTIONS:-} \
     $CCSYNC_BIN $*; echo \$? >$TEST_DIR/$name.rc; sleep 30"
  while IFS= read -r answer; do
    for _ in $(seq 120); do
      tmux -L "ccsync-e2e-$$-$name" capture-pane -p >"$TEST_DIR/$name.screen" 2>/dev/null || true
      count=$(grep -c -- "$wait_for" "$TEST_DIR/$name.screen" || true)
      [ "$count" -gt "$seen" ] && break
      sleep 0.25
    done
    [ "$count" -gt "$seen" ] || { cat "$TEST_DIR/$name.screen"; fail "$name: no '$wait_for' prompt"; }
    seen=$count
    tmux -L "ccsync-e2e-$$-$name" send-keys -l "$answer" \; send-keys Enter
  done <<<"$typed"
  for _ in $(seq 240); do [ -s "$TEST_DIR/$name.rc" ] && break; sleep 0.25; done
  tmux -L "ccsync-e2e-$$-$name" capture-pane -p >"$TEST_DIR/$name.screen" 2>/dev/null || true
  tmux -L "ccsync-e2e-$$-$name" kill-server 2>/dev/null || true
  [ -s "$TEST_DIR/$name.rc" ] || { cat "$TEST_DIR/$name.screen"; fail "$name did not end"; }
}

step "a new passphrase is asked twice on the terminal, never echoed; two that differ are refused"
at_terminal differ erin "repository:\|Again:" "$PASS"$'\n'"orchid lantern meadov" init --remote "$remote" \
  --machine-id erin --passphrase
expect_eq "$(cat "$TEST_DIR/differ.rc")" 2 "exit code for two passphrases that differ"
expect_contains "$(cat "$TEST_DIR/differ.screen")" "the two passphrases differ"
expect_eq "$(commit_count "$remote")" 0 "commits after the refusal"
at_terminal create erin "repository:\|Again:" "$PASS"$'\n'"$PASS" init --remote "$remote" --machine-id erin \
  --passphrase
expect_eq "$(cat "$TEST_DIR/create.rc")" 0 "exit code of init --passphrase"
screen=$(cat "$TEST_DIR/create.screen")
expect_contains "$screen" "New passphrase for the sync repository:"
expect_contains "$screen" "Again:"
expect_contains "$screen" "The sync repository is encrypted"
expect_not_contains "$screen" "orchid" "the terminal (echo must be off)"
expect_contains "$(repo_file "$remote" ccsync.json)" '"kdf": "argon2id"'

step "joining: a wrong passphrase is refused (exit 4, nothing written), the right one joins"
commits=$(commit_count "$remote")
at_terminal wrong frank "Passphrase of the sync repository:" "orchid lantern meadov" \
  init --remote "$remote" --machine-id frank
expect_eq "$(cat "$TEST_DIR/wrong.rc")" 4 "exit code for a wrong passphrase"
expect_contains "$(cat "$TEST_DIR/wrong.screen")" "that passphrase does not open the sync repository"
[ ! -e "$(machine_home frank)/.claude-session-sync/config.json" ] || fail "a wrong passphrase wrote config"
expect_eq "$(commit_count "$remote")" "$commits" "commits after a wrong passphrase"
at_terminal join frank "Passphrase of the sync repository:" "$PASS" \
  init --remote "$remote" --machine-id frank
expect_eq "$(cat "$TEST_DIR/join.rc")" 0 "exit code with the right passphrase"
expect_contains "$(cat "$TEST_DIR/join.screen")" "Joined the sync repository"
expect_not_contains "$(cat "$TEST_DIR/join.screen")" "orchid" "the terminal (echo must be off)"
expect_exit 0 on frank ccsync pull
