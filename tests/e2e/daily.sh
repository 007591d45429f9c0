#!/usr/bin/env bash
# status, list and doctor: the JSON field by field, and each doctor check failing once.
. "$(dirname "$0")/common.sh"

json() { # json FILE PERL_EXPR: PERL_EXPR with $j = the decoded JSON of FILE (core perl only)
  perl -MJSON::PP -0777 -e 'my $j = JSON::PP->new->decode(<STDIN>); my $r = eval $ARGV[0];
    die $@ if $@; print ref($r) ? JSON::PP->new->canonical->encode($r) : ($r // "null"), "\n"' \
    "$2" <"$1"
}
start_git_daemon
new_bare sync.git
A=$(machine_home alice)
mkdir -p "$A/projects/app" "$TEST_DIR/bin"
printf '#!/bin/sh\nexit 0\n' >"$TEST_DIR/bin/claude" && chmod +x "$TEST_DIR/bin/claude"
export PATH="$TEST_DIR/bin:$PATH"
on alice ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id alice >/dev/null
S1=55555555-aaaa-4aaa-8aaa-000000000001
dir="$A/.claude/projects/$(printf '%s' "$A/projects/app" | sed 's#[^A-Za-z0-9]#-#g')"
mkdir -p "$dir"
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"2026-11-20T10:00:00.000Z","message":{"role":"user","content":"the first prompt"}}\n' \
  "$A/projects/app" "$S1" >"$dir/$S1.jsonl"

step "list before any push: the title and activity come from the transcript"
expect_exit 0 on alice ccsync list --format json
echo "$OUT" >"$TEST_DIR/list.json"
expect_eq "$(json "$TEST_DIR/list.json" 'scalar @$j')" 1 "sessions listed"
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{session_id}')" "$S1" session_id
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{title}')" "the first prompt" title
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{project}')" "$A/projects/app" project
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{last_activity}')" "2026-11-20T10:00:00.000Z" last_activity
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{lines}')" 1 lines
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{local} ? "yes" : "no"')" yes local
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{in_repository} ? "yes" : "no"')" no in_repository
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{mapped_here} ? "yes" : "no"')" yes mapped_here
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{lock}')" null lock
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{file}')" "$dir/$S1.jsonl" file

step "after push and a lock: list --remote and status"
expect_exit 0 on alice ccsync push
expect_exit 0 on alice ccsync lock acquire "$S1"
expect_exit 0 on alice ccsync list --remote --format json
echo "$OUT" >"$TEST_DIR/remote.json"
expect_eq "$(json "$TEST_DIR/remote.json" '$j->[0]{created_by}')" alice created_by
expect_eq "$(json "$TEST_DIR/remote.json" '$j->[0]{last_edited_by}')" alice last_edited_by
expect_eq "$(json "$TEST_DIR/remote.json" '$j->[0]{lock}{machine_id}')" alice "lock holder"
expect_exit 0 on alice ccsync list
expect_contains "$OUT" "[locked by alice]"
expect_contains "$OUT" "the first prompt"
expect_exit 0 on alice ccsync status --format json
echo "$OUT" >"$TEST_DIR/status.json"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{machine_id}')" alice machine_id
expect_eq "$(json "$TEST_DIR/status.json" '$j->{sessions}{local}')" 1 "sessions.local"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{sessions}{in_repository}')" 1 "sessions.in_repository"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{sessions}{locks_held}[0]{session_id}')" "$S1" "locks_held"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{outbox}{depth}')" 0 "outbox.depth"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{hooks}{entries}')" 0 "hooks.entries"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{daemon}{running} ? "yes" : "no"')" no "daemon.running"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{claude}{path}')" "$TEST_DIR/bin/claude" "claude.path"
expect_eq "$(json "$TEST_DIR/status.json" '$j->{format_version}')" 1 format_version
expect_exit 0 on alice ccsync lock release "$S1"

step "doctor: all well (hooks not installed is a warning)"
expect_exit 0 on alice ccsync doctor
expect_contains "$OUT" "warn  hooks: not registered"
expect_exit 0 on alice ccsync install-hooks
expect_exit 0 on alice ccsync doctor --format json
echo "$OUT" >"$TEST_DIR/doctor.json"
expect_eq "$(json "$TEST_DIR/doctor.json" 'join ",", map { $_->{result} } @$j')" "ok,ok,ok,ok,ok,ok,ok,ok" "every check"

step "doctor: each check failing once"
expect_exit 1 on alice env CCSYNC_CLAUDE=no-such-claude "$CCSYNC_BIN" doctor
expect_contains "$OUT" "FAIL  claude: 'no-such-claude' is not found"
expect_exit 1 on alice env CCSYNC_SYNC_DIRECTORIES="$TEST_DIR/gone" "$CCSYNC_BIN" doctor
expect_contains "$OUT" "FAIL  sync directories: $TEST_DIR/gone does not exist"
sed -i 's#"command": "[^"]*ccsync"#"command": "/old/place/ccsync"#' "$A/.claude/settings.json"
expect_exit 1 on alice ccsync doctor
expect_contains "$OUT" "FAIL  hooks: registered in $A/.claude/settings.json for another binary"
expect_exit 0 on alice ccsync install-hooks
mkdir -p "$A/.claude-session-sync/outbox"
printf '{"kind":"push","session_id":"%s","pid":0,"enqueued_at":1000,"attempts":3,"next_attempt_at":99999999999,"last_error":"remote unreachable"}\n' \
  "$S1" >"$A/.claude-session-sync/outbox/push-$S1.json"
expect_exit 1 on alice ccsync doctor
expect_contains "$OUT" "FAIL  hook queue"
expect_contains "$OUT" "remote unreachable"
expect_exit 0 on alice ccsync push
[ ! -e "$A/.claude-session-sync/outbox/push-$S1.json" ] || fail "push did not do the queued item"
stop_git_daemon
expect_exit 1 on alice ccsync doctor
expect_contains "$OUT" "FAIL  remote"
echo "passed"
