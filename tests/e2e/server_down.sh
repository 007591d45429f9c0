#!/usr/bin/env bash
# A dead server: a clear error, exit 75, and nothing changed locally.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
config="$(machine_home a)/.claude-session-sync/config.json"

step "init against a closed port fails with 75 and writes no config"
dead_port=$(free_port)
expect_exit 75 on z ccsync init --remote "git://127.0.0.1:$dead_port/sync.git"
expect_contains "$ERR" "ccsync: error: fetching from 'git://127.0.0.1:$dead_port/sync.git'"
expect_contains "$ERR" "hint:"
[ ! -e "$(machine_home z)/.claude-session-sync/config.json" ] || fail "failed init wrote config"

step "a repository the server does not have is no 'try again later' (exit 1, not 75)"
expect_exit 1 on z ccsync init --remote "$GIT_DAEMON_URL/no-such-repository.git"
expect_contains "$ERR" "the remote has no repository at that URL"
[ ! -e "$(machine_home z)/.claude-session-sync/config.json" ] || fail "failed init wrote config"
expect_exit 1 on z ccsync init --remote "gti://127.0.0.1/sync.git"
expect_contains "$ERR" "scheme"

step "with the server stopped, config edits fail with 75 and leave config.json untouched"
on a ccsync init --remote "$url" --machine-id alpha --add-placeholder PROJECTS=/p >/dev/null
sum_before=$(sha256sum "$config")
stop_git_daemon
expect_exit 75 on a ccsync config add-placeholder WORK=/w
expect_contains "$ERR" "ccsync: error:"
expect_eq "$(sha256sum "$config")" "$sum_before" "config.json checksum"
expect_exit 75 on a ccsync config set-path PROJECTS alpha /q
expect_eq "$(sha256sum "$config")" "$sum_before" "config.json checksum"
expect_exit 75 on a ccsync pull

step "offline commands still work"
expect_exit 0 on a ccsync status
expect_exit 0 on a ccsync config show
expect_not_contains "$OUT" "WORK"

step "when the server is back, the edit goes through"
start_git_daemon
on a ccsync config set-path PROJECTS alpha /q >/dev/null 2>&1 && fail "the old port should be gone"
sed -i "s#git://127.0.0.1:[0-9]*/#$GIT_DAEMON_URL/#" "$config"
expect_exit 0 on a ccsync config add-placeholder WORK=/w
expect_contains "$(repo_file "$TEST_DIR/srv/sync.git" shared_placeholders.json)" '"alpha": "/w"'
echo "passed"
