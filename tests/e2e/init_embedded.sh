#!/usr/bin/env bash
# init on the embedded default remote: marker, registration, idempotent re-init, status, config show.
. "$(dirname "$0")/common.sh"
home=$(machine_home a)/.claude-session-sync
remote="$home/remote.git"

step "first init creates the embedded repository and registers the machine"
expect_exit 0 on a ccsync init --machine-id alpha --add-placeholder PROJECTS=/srv/projects
expect_contains "$OUT" "Created the sync repository"
[ -d "$remote" ] || fail "no embedded remote at $remote"
expect_eq "$(git --git-dir="$remote" symbolic-ref HEAD)" "refs/heads/main" "remote HEAD"
expect_eq "$(commit_count "$remote")" 1 "commits after init"
marker=$(repo_file "$remote" ccsync.json)
expect_contains "$marker" '"format_version": 2'
expect_contains "$marker" '"created_by": "alpha"'
record=$(repo_file "$remote" machines/alpha.json)
for field in os hostname home claude_dir ccsync_version registered_at; do
  expect_contains "$record" "\"$field\"" "machines/alpha.json"
done
expect_contains "$record" "\"home\": \"$(machine_home a)\""
expect_contains "$(repo_file "$remote" shared_placeholders.json)" '"alpha": "/srv/projects"'
[ "$(stat -c %a "$home/config.json")" = 600 ] || fail "config.json is not private"

step "re-running init changes nothing"
expect_exit 0 on a ccsync init
expect_contains "$OUT" "Already set up"
expect_exit 0 on a ccsync init --machine-id alpha --add-placeholder PROJECTS=/srv/projects
expect_eq "$(commit_count "$remote")" 1 "commits after re-init"

step "status shows machine, remote, head, machines and times"
expect_exit 0 on a ccsync status
expect_contains "$OUT" "machine:     alpha"
expect_contains "$OUT" "remote:      $remote"
expect_contains "$OUT" "$(git --git-dir="$remote" rev-parse --short=12 main)"
expect_contains "$OUT" "alpha *"
expect_not_contains "$OUT" "last push:   never"
expect_exit 0 on a ccsync status --format json
expect_contains "$OUT" '"machine_id": "alpha"'
expect_contains "$OUT" "\"commit\": \"$(git --git-dir="$remote" rev-parse main)\""

step "config show prints each value with its origin"
expect_exit 0 on a ccsync config show
expect_contains "$OUT" "(file) machine_id = alpha"
expect_contains "$OUT" "(default) lock_ttl_seconds = 600"
expect_contains "$OUT" "(env) ccsync_home = $home"
expect_contains "$OUT" "(repo) shared_placeholders.PROJECTS.alpha = /srv/projects"
CCSYNC_LOCK_TTL_SECONDS=90 expect_exit 0 on a ccsync config show
expect_contains "$OUT" "(env) lock_ttl_seconds = 90"
expect_exit 0 on a ccsync config show --format json
expect_contains "$OUT" '"origin": "file"'

step "the log file has time and pid, nothing on stdout from logging"
log="$home/logs/ccsync.log"
[ -s "$log" ] || fail "no log file"
expect_eq "$(stat -c %a "$log")" 600 "log file mode"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[-+0-9:]* \[[0-9]+\] info: ccsync init' "$log" \
  || fail "log lines lack time/pid: $(head -3 "$log")"

step "init says what comes next"
expect_exit 0 on a ccsync init
expect_contains "$OUT" "Next:"
expect_contains "$OUT" "ccsync install-hooks"
expect_exit 0 on a ccsync install-hooks
expect_exit 0 on a ccsync init
expect_not_contains "$OUT" "install-hooks" "init's next steps once the hooks are installed"

step "leaving the embedded default is the ordinary second step; two real remotes need --force"
git init -q --bare "$TEST_DIR/other.git"
expect_exit 0 on a ccsync init --remote "$TEST_DIR/other.git"
expect_contains "$OUT" "Created the sync repository on $TEST_DIR/other.git"
expect_contains "$OUT" "Pushed 0 sessions of this machine to the new remote"
expect_eq "$(commit_count "$TEST_DIR/other.git")" 1 "commits on the new remote"
git init -q --bare "$TEST_DIR/third.git"
expect_exit 2 on a ccsync init --remote "$TEST_DIR/third.git"
expect_contains "$ERR" "already syncs with"
expect_contains "$ERR" "--force"
expect_eq "$(commit_count "$TEST_DIR/third.git")" 0 "commits on the third remote"
echo "passed"
