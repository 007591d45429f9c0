#!/usr/bin/env bash
# ccsync machine remove ID (issue 22, item 11): a machine that is gone is unregistered in one
# commit (its record and its placeholder paths); this machine's own id needs --force; an unknown
# id is an error; the removed machine registers itself again at its next init.
. "$(dirname "$0")/common.sh"
alice_and_bob
on alice ccsync config add-placeholder "W=$A/w" >/dev/null
on bob ccsync config add-placeholder "W=$B/w" >/dev/null
expect_contains "$(repo_file "$bare" shared_placeholders.json)" '"bob"'

step "remove another machine: its record and its paths go, in one commit"
before=$(commit_count "$bare")
expect_exit 0 on alice ccsync machine remove bob
expect_contains "$OUT" "Removed machine 'bob'"
expect_contains "$OUT" "Its sessions stay in the repository"
expect_eq "$(commit_count "$bare")" $((before + 1)) "commits after machine remove"
git --git-dir="$bare" cat-file -e main:machines/alice.json || fail "alice's record is gone"
! git --git-dir="$bare" cat-file -e main:machines/bob.json 2>/dev/null || fail "bob's record is still there"
table=$(repo_file "$bare" shared_placeholders.json)
expect_not_contains "$table" '"bob"' "shared_placeholders.json"
expect_contains "$table" "\"alice\": \"$A/p\""
expect_contains "$(git --git-dir="$bare" log -1 --format=%s main)" "machine: remove bob"
expect_exit 0 on alice ccsync status
expect_contains "$OUT" "machines:    1"

step "an unknown id, this machine's own id, and a bad id are refused"
expect_exit 1 on alice ccsync machine remove bob
expect_contains "$ERR" "no machine 'bob' is registered"
expect_contains "$ERR" "registered: alice"
expect_exit 2 on alice ccsync machine remove alice
expect_contains "$ERR" "'alice' is this machine"
expect_contains "$ERR" "--force"
expect_exit 2 on alice ccsync machine remove "Not An Id"
expect_exit 2 on alice ccsync machine
expect_contains "$ERR" "give one action: remove"
expect_eq "$(commit_count "$bare")" $((before + 1)) "commits after refusals"

step "the removed machine registers again at its next init"
expect_exit 0 on bob ccsync init
expect_contains "$OUT" "Joined the sync repository"
expect_contains "$OUT" "2 machines registered"
expect_contains "$(repo_file "$bare" shared_placeholders.json)" "\"bob\": \"$B/w\""

step "--force removes this machine's own registration"
expect_exit 0 on bob ccsync machine remove bob --force
! git --git-dir="$bare" cat-file -e main:machines/bob.json 2>/dev/null || fail "bob's record is still there"
echo "passed"
