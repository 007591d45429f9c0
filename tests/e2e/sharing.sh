#!/usr/bin/env bash
# What is shared (issue 12): an excluded project's sessions (`exclude` globs with placeholders,
# .ccsync-ignore) and sessions marked `local` never reach the remote (not in the tip, not in any
# object); `share` brings a session back; excluding a project later stops its pushes; `forget`
# removes a session or a project from the tip, the other machine keeps its copy through pull
# and does not push it again; pull never brings a session whose project is excluded here.
. "$(dirname "$0")/common.sh"
alice_and_bob
adir() { echo "$A/.claude/projects/$(enc "$A/p/$1")"; }
bdir() { echo "$B/.claude/projects/$(enc "$B/q/$1")"; }
session() { # session MACHINE_HOME SUBDIR ID MARK...: a transcript whose lines hold the marks
  local home=$1 sub=$2 id=$3 n=0; shift 3
  local root; root=$([ "$home" = "$A" ] && echo "$A/p" || echo "$B/q")
  local dir="$home/.claude/projects/$(enc "$root/$sub")"
  mkdir -p "$dir" "$root/$sub"
  for mark in "$@"; do
    n=$((n + 1))
    printf '{"type":"user","message":{"role":"user","content":"note %s"},"uuid":"%s-%s","timestamp":"'"$RECENT_DAY"'T09:14:0%s.000Z","cwd":"%s","sessionId":"%s"}\n' \
      "$mark" "$id" "$n" "$n" "$root/$sub" "$id" >> "$dir/$id.jsonl"
  done
}
in_tip() { git --git-dir="$bare" ls-tree -r --name-only main | grep -q "^$(sdir "$1")/"; }
in_any_object() { # the text in any file of any commit (branches and lock refs)
  git --git-dir="$bare" grep -q -F "$1" $(git --git-dir="$bare" rev-list --all) -- 2>/dev/null
}
PUB=aaaaaaaa-0000-4000-8000-000000000001
CLIENT=bbbbbbbb-0000-4000-8000-000000000002
IGN=cccccccc-0000-4000-8000-000000000003
LOCAL=dddddddd-0000-4000-8000-000000000004
LATER=eeeeeeee-0000-4000-8000-000000000005
APP2=ffffffff-0000-4000-8000-000000000006
session "$A" app $PUB MARK-PUB
session "$A" clients/acme/web $CLIENT MARK-CLIENT
session "$A" ignored $IGN MARK-IGN
session "$A" app $LOCAL MARK-LOCAL
session "$A" later $LATER MARK-LATER-1
session "$A" app2 $APP2 MARK-APP2
touch "$A/p/ignored/.ccsync-ignore"

step "config add-exclude checks and stores the pattern"
expect_exit 2 on alice ccsync config add-exclude 'clients/**'
expect_exit 0 on alice ccsync config add-exclude '{{P}}/clients/**'
expect_contains "$OUT" "added"
expect_exit 0 on alice ccsync config show
expect_contains "$OUT" '(file) exclude = ["{{P}}/clients/**"]'

step "local SESSION (by a unique prefix) marks it"
expect_exit 2 on alice ccsync local zzzz
expect_exit 0 on alice ccsync local dddd
expect_contains "$OUT" "Session $LOCAL is now local"

step "push sends neither the excluded project, nor the ignored one, nor the local session"
expect_exit 0 on alice ccsync push
in_tip $PUB || fail "the shared session was not pushed"
in_tip $LATER || fail "the session in later/ was not pushed"
for id in $CLIENT $IGN $LOCAL; do ! in_tip $id || fail "session $id reached the remote"; done
for mark in MARK-CLIENT MARK-IGN MARK-LOCAL; do ! in_any_object $mark || fail "$mark is in the remote"; done
in_any_object MARK-PUB || fail "the oracle does not see what was pushed"

step "the hooks take no lock for a session that is not shared"
hook_start() { # hook_start ID SUBDIR: SessionStart as Claude sends it, from a short-lived parent
  printf '{"session_id":"%s","cwd":"%s","hook_event_name":"SessionStart","source":"startup","transcript_path":"%s"}' \
    "$1" "$A/p/$2" "$(adir "$2")/$1.jsonl" >"$TEST_DIR/payload-$1.json"
  on alice sh -c "\"\$0\" hook session-start <\"\$1\"" "$CCSYNC_BIN" "$TEST_DIR/payload-$1.json" >"$TEST_DIR/hook-$1.out"
}
has_lock() { git --git-dir="$bare" rev-parse -q --verify "refs/ccsync/locks/$1" >/dev/null; }
for spec in "$CLIENT clients/acme/web" "$IGN ignored" "$LOCAL app" "$PUB app"; do
  # shellcheck disable=SC2086
  hook_start $spec
done
for _ in $(seq 80); do has_lock $PUB && break; sleep 0.25; done
has_lock $PUB || fail "the hook took no lock for a shared session (the control)"
sleep 1
for id in $CLIENT $IGN $LOCAL; do ! has_lock $id || fail "the hook locked session $id, which is not shared"; done

step "a session named on the command line is still not pushed, and says why"
expect_exit 0 on alice ccsync push $CLIENT $LOCAL $IGN
expect_contains "$OUT" "not shared: excluded by {{P}}/clients/**"
expect_contains "$OUT" "not shared: local to this machine"
expect_contains "$OUT" ".ccsync-ignore"
for id in $CLIENT $IGN $LOCAL; do ! in_tip $id || fail "session $id reached the remote"; done

step "list shows what is not shared"
expect_exit 0 on alice ccsync list --format json
printf '%s' "$OUT" | python3 -c '
import json, sys
rows = {r["session_id"]: r for r in json.load(sys.stdin)}
want = {sys.argv[1]: None, sys.argv[2]: "excluded", sys.argv[3]: "ignore-file", sys.argv[4]: "local"}
for sid, reason in want.items():
    row = rows[sid]
    got = None if row["shared"] else row["not_shared"]["reason"]
    assert got == reason, (sid, got, reason)
' $PUB $CLIENT $IGN $LOCAL || fail "list JSON does not say what is shared"

step "excluding a project later stops further pushes of it"
session "$A" later $LATER MARK-LATER-2
expect_exit 0 on alice ccsync config add-exclude "$A/p/later"
expect_exit 0 on alice ccsync push
! in_any_object MARK-LATER-2 || fail "a session of a project excluded later was pushed again"

step "share brings a local session back on the next push"
expect_exit 0 on alice ccsync share $LOCAL
expect_contains "$OUT" "shared again"
expect_exit 0 on alice ccsync push
in_tip $LOCAL || fail "the shared-again session was not pushed"

step "pull never brings a session whose project is excluded on this machine"
expect_exit 0 on bob ccsync config add-exclude '{{P}}/app2'
mkdir -p "$B/q/later" && touch "$B/q/later/.ccsync-ignore"
expect_exit 0 on bob ccsync pull
[ -f "$(bdir app)/$PUB.jsonl" ] || fail "bob did not get the shared session"
[ -f "$(bdir app)/$LOCAL.jsonl" ] || fail "bob did not get the session shared again"
[ ! -e "$(bdir app2)/$APP2.jsonl" ] || fail "pull brought a session of a project excluded on bob"
expect_exit 0 on bob ccsync pull $APP2
expect_contains "$OUT" "not shared: excluded by {{P}}/app2"
[ ! -e "$(bdir app2)/$APP2.jsonl" ] || fail "a named pull brought an excluded session"
[ ! -e "$(bdir later)/$LATER.jsonl" ] || fail "pull brought a session of a project with .ccsync-ignore"

step "the daemon and update honour exclusions and local marks too"
D1=12121212-0000-4000-8000-000000000007
D2=13131313-0000-4000-8000-000000000008
D3=14141414-0000-4000-8000-000000000009
session "$A" clients/beta $D1 MARK-DAEMON-CLIENT
session "$A" app $D2 MARK-DAEMON-LOCAL
expect_exit 0 on alice ccsync local $D2
trap 'rc=$?; on alice "$CCSYNC_BIN" daemon --stop >/dev/null 2>&1 || true; (exit $rc); cleanup' EXIT
expect_exit 0 on alice ccsync daemon --interval 5
session "$A" app $D3 MARK-DAEMON-SHARED
for _ in $(seq 120); do in_tip $D3 && break; sleep 0.25; done
in_tip $D3 || fail "the daemon did not push a shared session"
expect_exit 0 on alice ccsync daemon --stop
expect_exit 0 on alice ccsync update
for mark in MARK-DAEMON-CLIENT MARK-DAEMON-LOCAL; do ! in_any_object $mark || fail "$mark is in the remote"; done

step "forget SESSION removes it from the tip in one commit, and says history stays"
cp "$(bdir app)/$PUB.jsonl" "$TEST_DIR/bob-pub.jsonl"
expect_exit 0 on alice ccsync forget --dry-run aaaa
expect_contains "$OUT" "Would forget session $PUB"
in_tip $PUB || fail "forget --dry-run removed the session"
commits=$(commit_count "$bare")
expect_exit 0 on alice ccsync forget aaaa
expect_contains "$OUT" "History is not rewritten"
expect_contains "$OUT" "now local on this machine"
! in_tip $PUB || fail "forget left the session in the tip"
expect_eq "$(commit_count "$bare")" "$((commits + 1))" "commits after forget"
repo_file "$bare" forgotten.json | grep -q "$PUB" || fail "forgotten.json does not record the session"

step "the forgotten session is not pushed again, from this machine or another"
expect_exit 0 on alice ccsync push
! in_tip $PUB || fail "alice pushed the forgotten session again"
expect_exit 0 on bob ccsync pull
cmp "$(bdir app)/$PUB.jsonl" "$TEST_DIR/bob-pub.jsonl" || fail "bob's copy changed after pull"
session "$B" app $PUB MARK-PUB-BOB
expect_exit 0 on bob ccsync push
! in_tip $PUB || fail "bob pushed the forgotten session again"
! in_any_object MARK-PUB-BOB || fail "bob's new lines of a forgotten session reached the remote"
[ -f "$(bdir app)/$PUB.jsonl" ] || fail "bob lost his copy"
expect_exit 0 on bob ccsync list --format json
expect_contains "$OUT" '"reason": "forgotten"'

step "forget PROJECT (a local path) removes its sessions and excludes it here"
expect_exit 0 on alice ccsync forget "$A/p/app2"
! in_tip $APP2 || fail "forget left the project's session in the tip"
expect_contains "$(cat "$A/.claude-session-sync/config.json")" '{{P}}/app2'
session "$A" app2 $APP2 MARK-APP2-NEW
expect_exit 0 on alice ccsync push
! in_tip $APP2 || fail "alice pushed a session of a forgotten project again"
! in_any_object MARK-APP2-NEW || fail "new lines of a forgotten project reached the remote"

step "share lifts a forget everywhere"
expect_exit 0 on alice ccsync share $PUB
expect_contains "$OUT" "forget record is lifted"
expect_exit 0 on alice ccsync push
in_tip $PUB || fail "the session was not pushed after share"
echo "ok"
