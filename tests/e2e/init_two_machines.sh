#!/usr/bin/env bash
# Two machines on one git daemon remote: create, join, duplicate id, foreign repository, --force.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"

step "machine A creates the repository"
expect_exit 0 on a ccsync init --remote "$url" --machine-id alpha --add-placeholder PROJECTS=/home/alice/projects
expect_contains "$OUT" "Created the sync repository"
expect_eq "$(commit_count "$bare")" 1

step "machine B joins it"
expect_exit 0 on b ccsync init --remote "$url" --machine-id beta --add-placeholder PROJECTS=/Users/bob/code
expect_contains "$OUT" "Joined the sync repository"
expect_contains "$OUT" "2 machines registered"
expect_eq "$(commit_count "$bare")" 2
table=$(repo_file "$bare" shared_placeholders.json)
expect_contains "$table" '"alpha": "/home/alice/projects"'
expect_contains "$table" '"beta": "/Users/bob/code"'
expect_exit 0 on a ccsync pull
expect_exit 0 on a ccsync status
expect_contains "$OUT" "machines:    2"
expect_contains "$OUT" "beta"

step "a third home may not take an id that is in use"
expect_exit 1 on c ccsync init --remote "$url" --machine-id alpha
expect_contains "$ERR" "machine id 'alpha' is already registered"
expect_contains "$ERR" "--machine-id"
expect_eq "$(commit_count "$bare")" 2 "commits after a refused init"
[ ! -e "$(machine_home c)/.claude-session-sync/config.json" ] || fail "refused init wrote config"

step "--force takes the id over"
expect_exit 0 on c ccsync init --remote "$url" --machine-id alpha --force
expect_contains "$(repo_file "$bare" machines/alpha.json)" "\"home\": \"$(machine_home c)\""

step "a repository that is not ccsync's is refused"
git init -q "$TEST_DIR/foreign-work"
echo "hello" > "$TEST_DIR/foreign-work/README"
git -C "$TEST_DIR/foreign-work" add README
git -C "$TEST_DIR/foreign-work" commit -qm "someone else's project"
git clone -q --bare "$TEST_DIR/foreign-work" "$TEST_DIR/srv/foreign.git"
before=$(git --git-dir="$TEST_DIR/srv/foreign.git" rev-parse main)
expect_exit 1 on d ccsync init --remote "$GIT_DAEMON_URL/foreign.git"
expect_contains "$ERR" "not empty and is not a ccsync repository"
expect_eq "$(git --git-dir="$TEST_DIR/srv/foreign.git" rev-parse main)" "$before" "foreign main"
[ ! -e "$(machine_home d)/.claude-session-sync/config.json" ] || fail "refused init wrote config"

step "a bare repository given by path works too"
git init -q --bare -b main "$TEST_DIR/by-path.git"
expect_exit 0 on e ccsync init --remote "$TEST_DIR/by-path.git" --machine-id epsilon
expect_eq "$(commit_count "$TEST_DIR/by-path.git")" 1
expect_exit 0 on f ccsync init --remote "file://$TEST_DIR/by-path.git" --machine-id phi
expect_eq "$(commit_count "$TEST_DIR/by-path.git")" 2
echo "passed"
