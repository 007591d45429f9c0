#!/usr/bin/env bash
# init --github refusals on a fake GitHub: a public repository, a bad token (exit 4, nothing
# written), no token at all, the rate limit (exit 75 with the reset time), a server error (75).
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/github_common.sh"
start_fake_github gh
home_of() { echo "$(machine_home "$1")/.claude-session-sync"; }
expect_nothing_written() { # no configuration, no repository cache, no install id
  local home
  home=$(home_of "$1")
  [ ! -e "$home/config.json" ] || fail "$1: config.json was written"
  [ ! -e "$home/repo.git" ] || fail "$1: the repository cache was created"
  [ ! -e "$home/install-id" ] || fail "$1: install-id was written"
}
init_as() { # init_as MACHINE TOKEN ARGS...
  local machine=$1 token=$2; shift 2
  on "$machine" env GH_TOKEN="$token" "$CCSYNC_BIN" init --github-api-url "$FAKE_API" "$@"
}

step "a public repository is refused unless --allow-public"
fake_public_repo alice/open
expect_exit 1 init_as a "$TOKEN" --github alice/open
expect_contains "$ERR" "the GitHub repository alice/open is public"
expect_contains "$ERR" "--allow-public"
expect_nothing_written a
expect_eq "$(commit_count "$FAKE_ROOT/alice/open.git")" 0 "commits in the public repository"
expect_exit 0 init_as a "$TOKEN" --github alice/open --allow-public
expect_eq "$(commit_count "$FAKE_ROOT/alice/open.git")" 1 "commits in the public repository"

step "a bad token: exit 4 with a scopes hint, nothing written, nothing created"
expect_exit 4 init_as b "ghp_wrong" --github alice/private
expect_contains "$ERR" "401 (Bad credentials)"
expect_contains "$ERR" "hint:"
expect_contains "$ERR" "'repo' scope"
expect_nothing_written b
[ ! -e "$FAKE_ROOT/alice/private.git" ] || fail "a repository was created with a bad token"
! grep -rqF "ghp_wrong" "$(home_of b)" || fail "the bad token was written under the ccsync home"

step "no token anywhere: exit 4 and how to give one"
expect_exit 4 on c env PATH=/usr/bin:/bin "$CCSYNC_BIN" init --github alice/private \
  --github-api-url "$FAKE_API"
expect_contains "$ERR" "no GitHub token found"
expect_nothing_written c

step "the rate limit: exit 75 and when it resets"
fake_mode ratelimit
expect_exit 75 init_as d "$TOKEN" --github alice/private
expect_contains "$ERR" "rate limit is used up until 20"
expect_contains "$ERR" "(in about 30 min)"
expect_nothing_written d

step "a server error: exit 75"
fake_mode error
expect_exit 75 init_as e "$TOKEN" --github alice/private
expect_contains "$ERR" "GitHub answered 503"
expect_nothing_written e
fake_mode normal
expect_exit 0 init_as e "$TOKEN" --github alice/private
expect_exit 0 on e ccsync config show
expect_not_contains "$OUT" "$TOKEN"
expect_no_token e
echo "passed"
