# Shared by the tests/e2e/github_*.sh scenarios (sourced after common.sh): the fake GitHub.
FAKE_GITHUB="${CCSYNC_BUILD_DIR:-}/tests/support/fake_github"
[ -x "$FAKE_GITHUB" ] || skip "the fake GitHub ($FAKE_GITHUB) is not built"
[ -x "$(git --exec-path)/git-http-backend" ] || skip "git http-backend is not installed"
command -v curl >/dev/null || skip "curl is not installed"
TOKEN="ghp_fake$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

# start_fake_github NAME [ARGS...]: starts a fake GitHub whose data lives in $TEST_DIR/NAME;
# sets FAKE_PORT, FAKE_API (its API base URL) and FAKE_ROOT.
start_fake_github() {
  local name=$1; shift
  FAKE_ROOT="$TEST_DIR/$name"
  mkdir -p "$FAKE_ROOT"
  printf '%s\n' "$TOKEN" > "$TEST_DIR/$name.token"
  "$FAKE_GITHUB" --root "$FAKE_ROOT" --token-file "$TEST_DIR/$name.token" --user alice --org team --max-seconds 300 \
    "$@" >"$TEST_DIR/$name.port" 2>"$TEST_DIR/$name.log" &
  BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
  local tries=0
  until [ -s "$TEST_DIR/$name.port" ]; do
    tries=$((tries + 1)); [ "$tries" -lt 200 ] || fail "the fake GitHub did not start"
    sleep 0.05
  done
  FAKE_PORT=$(head -1 "$TEST_DIR/$name.port")
  FAKE_API="http://127.0.0.1:$FAKE_PORT"
}
fake_mode() { curl -sf --max-time 10 -X POST --data "$1" "http://127.0.0.1:$FAKE_PORT/_fake/mode" >/dev/null; }
fake_public_repo() { curl -sf --max-time 10 -X POST --data x "http://127.0.0.1:$FAKE_PORT/_fake/create?repo=$1&private=0"; }

# expect_no_token MACHINE: the token is in no file under the machine's ccsync home.
expect_no_token() {
  if grep -rqF "$TOKEN" "$(machine_home "$1")/.claude-session-sync" 2>/dev/null; then
    grep -rlF "$TOKEN" "$(machine_home "$1")/.claude-session-sync" >&2
    fail "the token was written under the ccsync home of $1"
  fi
}
