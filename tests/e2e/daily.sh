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
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"'"$RECENT_DAY"'T10:00:00.000Z","message":{"role":"user","content":"the first prompt"}}\n' \
  "$A/projects/app" "$S1" >"$dir/$S1.jsonl"

step "list before any push: the title and activity come from the transcript"
expect_exit 0 on alice ccsync list --format json
echo "$OUT" >"$TEST_DIR/list.json"
expect_eq "$(json "$TEST_DIR/list.json" 'scalar @$j')" 1 "sessions listed"
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{session_id}')" "$S1" session_id
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{title}')" "the first prompt" title
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{project}')" "$A/projects/app" project
expect_eq "$(json "$TEST_DIR/list.json" '$j->[0]{last_activity}')" "${RECENT_DAY}T10:00:00.000Z" last_activity
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
expect_eq "$(json "$TEST_DIR/status.json" '$j->{format_version}')" 2 format_version
expect_exit 0 on alice ccsync lock release "$S1"

step "doctor: all well (hooks not installed is a warning)"
expect_exit 0 on alice ccsync doctor
expect_contains "$OUT" "warn  hooks: not registered"
expect_exit 0 on alice ccsync install-hooks
expect_exit 0 on alice ccsync doctor --format json
echo "$OUT" >"$TEST_DIR/doctor.json"
expect_eq "$(json "$TEST_DIR/doctor.json" 'join ",", map { $_->{result} } @$j')" "ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok" "every check"

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

step "doctor: a session in a project no placeholder covers is a warning, grouped"
S2=55555555-bbbb-4bbb-8bbb-000000000002
mkdir -p "$TEST_DIR/work/api"
odir="$A/.claude/projects/$(printf '%s' "$TEST_DIR/work/api" | sed 's#[^A-Za-z0-9]#-#g')"
mkdir -p "$odir"
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"'"$LATER_DAY"'T10:00:00.000Z","message":{"role":"user","content":"see /babysit-prs and /usr/share/doc/x"}}\n' \
  "$TEST_DIR/work/api" "$S2" >"$odir/$S2.jsonl"
expect_exit 0 on alice ccsync doctor
expect_contains "$OUT" "warn  placeholders: 1 session in projects no placeholder covers:"
expect_contains "$OUT" "$TEST_DIR/work/api"
expect_contains "$OUT" "hint: map the directory"

step "push --dry-run: only real directories are reported, grouped, most frequent first"
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"'"$LATER_DAY"'T10:00:00.000Z","message":{"role":"user","content":"run /babysit-prs on /usr/share/doc/y, /usr/share/doc/x and /usr/share/doc/x; /usr/lib/z"}}\n' \
  "$A/projects/app" "$S1" >>"$dir/$S1.jsonl"
expect_exit 0 on alice ccsync push --dry-run
expect_contains "$OUT" "These paths will arrive verbatim"
expect_contains "$OUT" "  /usr/share (3 mentions): /usr/share/doc/x, /usr/share/doc/y
  /usr/lib (1 mention): /usr/lib/z"
expect_not_contains "$OUT" "/babysit-prs"
expect_exit 0 on alice ccsync push --dry-run --format json
echo "$OUT" >"$TEST_DIR/dry.json"
expect_contains "$(json "$TEST_DIR/dry.json" 'join ",", map { $_->{directory} } @{$j->{uncovered}}')" "/usr/share" "uncovered directories"
expect_not_contains "$OUT" "babysit"
rm -rf "$odir"

step "doctor: a lock heartbeat from a clock two hours ahead fails the clock check"
bare="$TEST_DIR/srv/sync.git"
ref="refs/ccsync/locks/$S1"
future=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
git --git-dir="$bare" show "$ref:lock.json" \
  | sed "s/\"heartbeat_at\": \"[^\"]*\"/\"heartbeat_at\": \"$future\"/" >"$TEST_DIR/lock.json"
grep -q "$future" "$TEST_DIR/lock.json" || fail "could not set the heartbeat in the test lock"
blob=$(git --git-dir="$bare" hash-object -w "$TEST_DIR/lock.json")
tree=$({ git --git-dir="$bare" ls-tree "$ref" | grep -v '	lock.json$'; printf '100644 blob %s\tlock.json\n' "$blob"; } \
  | git --git-dir="$bare" mktree)
git --git-dir="$bare" update-ref "$ref" "$(git --git-dir="$bare" commit-tree "$tree" -p "$ref" -m skew)"
expect_exit 1 on alice ccsync doctor
expect_contains "$OUT" "FAIL  clock: a lock heartbeat is"
expect_contains "$OUT" "hint: synchronise the clocks"

step "doctor: a remote that serves fetches but not pushes fails 'remote writable'"
ro_port=$(free_port)
"$(git --exec-path)/git-daemon" --reuseaddr --listen=127.0.0.1 --port="$ro_port" --base-path="$TEST_DIR/srv" \
  --export-all --informative-errors "$TEST_DIR/srv" >"$TEST_DIR/ro-daemon.log" 2>&1 &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
wait_for_port "$ro_port" || fail "the read-only git daemon did not start"
expect_exit 1 on alice env CCSYNC_REMOTE="git://127.0.0.1:$ro_port/sync.git" "$CCSYNC_BIN" doctor
expect_contains "$OUT" "ok    remote: git://127.0.0.1:$ro_port/sync.git answers"
expect_contains "$OUT" "FAIL  remote writable"

stop_git_daemon
expect_exit 1 on alice ccsync doctor
expect_contains "$OUT" "FAIL  remote"
expect_contains "$OUT" "warn  remote writable: not checked"

step "doctor: a configuration that does not parse"
cp "$A/.claude-session-sync/config.json" "$TEST_DIR/config.saved"
printf '{ "remote": ' >"$A/.claude-session-sync/config.json"
expect_exit 1 on alice ccsync doctor
expect_contains "$ERR" "config.json"
cp "$TEST_DIR/config.saved" "$A/.claude-session-sync/config.json"
echo "passed"
