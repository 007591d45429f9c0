#!/usr/bin/env bash
# From the embedded default to a shared remote (issue 22, item 10): install.sh sets a machine up
# on <ccsync home>/remote.git; `init --remote URL` then switches without --force and pushes this
# machine's sessions to the new remote, so nothing the embedded repository held from here is
# lost; the other machine sees them. Switching between two real remotes still needs --force.
# init ends by saying what comes next.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"
A=$(machine_home alice); B=$(machine_home bob)
session() { # session HOME DIR ID: a one-line transcript of session ID whose cwd is DIR
  local folder="$1/.claude/projects/$(enc "$2")"
  mkdir -p "$folder" "$2"
  printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"%sT10:00:00.000Z","message":{"role":"user","content":"x"}}\n' \
    "$2" "$3" "$RECENT_DAY" >>"$folder/$3.jsonl"
}
S_ALICE=aaaaaaaa-0000-4000-8000-00000000000a
S_GONE=aaaaaaaa-0000-4000-8000-00000000000b
S_BOB=bbbbbbbb-0000-4000-8000-00000000000b

step "bob shares a remote; alice is set up on the embedded default, as install.sh does"
on bob ccsync init --remote "$url" --machine-id bob --add-placeholder "P=$B/q" >/dev/null
session "$B" "$B/q/app" $S_BOB
on bob ccsync push >/dev/null
expect_exit 0 on alice ccsync init --machine-id alice --add-placeholder "P=$A/p"
expect_contains "$OUT" "Created the sync repository on $A/.claude-session-sync/remote.git"
expect_contains "$OUT" "Next:"
expect_contains "$OUT" "ccsync install-hooks"
expect_contains "$OUT" "give both the same remote: ccsync init --remote URL"
session "$A" "$A/p/app" $S_ALICE
session "$A" "$A/p/old" $S_GONE
on alice ccsync push >/dev/null
rm "$A/.claude/projects/$(enc "$A/p/old")/$S_GONE.jsonl" # Claude's clean-up removed it here

step "init --remote leaves the embedded default without --force and pushes alice's sessions"
expect_exit 0 on alice ccsync init --remote "$url"
expect_contains "$OUT" "Joined the sync repository on $url as machine 'alice' (2 machines registered)"
expect_contains "$OUT" "Pushed 1 session of this machine to the new remote"
expect_contains "$OUT" "The embedded repository $A/.claude-session-sync/remote.git is left as it was"
expect_contains "$OUT" "1 session no longer on this machine stays only there"
expect_contains "$OUT" "on the other machine:  ccsync init --remote $url --add-placeholder"
expect_contains "$(repo_sessions "$bare")" "$S_ALICE"
expect_contains "$(repo_sessions "$bare")" "$S_BOB"
expect_contains "$(cat "$A/.claude-session-sync/config.json")" "\"remote\": \"$url\""
expect_exit 0 on alice ccsync status
expect_contains "$OUT" "remote:      $url"

step "the other machine gets alice's session, in its own project directory"
expect_exit 0 on bob ccsync pull
[ -f "$B/.claude/projects/$(enc "$B/q/app")/$S_ALICE.jsonl" ] || fail "bob did not get alice's session"

step "alice's next push goes to the new remote"
session "$A" "$A/p/app" $S_ALICE
before=$(commit_count "$bare")
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S_ALICE  appended"
expect_eq "$(commit_count "$bare")" $((before + 1)) "commits on the new remote after a push"

step "switching between two real remotes still needs --force"
new_bare other.git
expect_exit 2 on alice ccsync init --remote "$GIT_DAEMON_URL/other.git"
expect_contains "$ERR" "already syncs with '$url'"
expect_contains "$ERR" "--force"
expect_eq "$(commit_count "$TEST_DIR/srv/other.git")" 0 "commits on the other remote"

step "leaving the embedded default for an empty remote creates it with this machine's sessions"
C=$(machine_home carol)
on carol ccsync init --machine-id carol >/dev/null
session "$C" "$C/work" cccccccc-0000-4000-8000-00000000000c
on carol ccsync push >/dev/null
expect_exit 0 on carol ccsync init --remote "$TEST_DIR/carol.git"
expect_contains "$OUT" "Created an empty repository at $TEST_DIR/carol.git"
expect_contains "$OUT" "Pushed 1 session of this machine to the new remote"
expect_contains "$(repo_sessions "$TEST_DIR/carol.git")" cccccccc-0000-4000-8000-00000000000c
expect_contains "$OUT" "on the other machine:  ccsync init --remote $TEST_DIR/carol.git"
echo "passed"
