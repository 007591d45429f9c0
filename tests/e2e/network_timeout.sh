#!/usr/bin/env bash
# A server that accepts connections and never answers: every network command fails with exit 75
# within network_timeout_seconds plus a margin, instead of hanging (libgit2 1.5 alone waits forever).
. "$(dirname "$0")/common.sh"
command -v perl >/dev/null || skip "perl is not installed"
export CCSYNC_NETWORK_TIMEOUT_SECONDS=2
margin=5 # seconds allowed beyond the timeout (process start-up, sanitizers)

# start_silent_listener: accepts on 127.0.0.1 and holds every connection open without a byte,
# for at most 120 s; sets SILENT_PORT.
start_silent_listener() {
  perl -MIO::Socket::INET -e '
    $SIG{ALRM} = sub { exit 0 }; alarm 120;
    my $s = IO::Socket::INET->new(Listen => 16, LocalAddr => "127.0.0.1", LocalPort => 0,
                                  ReuseAddr => 1) or die "$!";
    $| = 1; print $s->sockport, "\n";
    my @held; while (my $c = $s->accept) { push @held, $c }' > "$TEST_DIR/silent.port" &
  BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
  local tries=0
  until [ -s "$TEST_DIR/silent.port" ]; do
    tries=$((tries + 1)); [ "$tries" -lt 100 ] || fail "the silent listener did not start"
    sleep 0.05
  done
  SILENT_PORT=$(cat "$TEST_DIR/silent.port")
}

# expect_timeout NAME ARGS...: ccsync ARGS as machine NAME exits 75 within the timeout + margin.
expect_timeout() {
  local name=$1; shift
  local start end
  start=$(date +%s%N)
  expect_exit 75 on "$name" timeout 60 "$CCSYNC_BIN" "$@"
  end=$(date +%s%N)
  local ms=$(((end - start) / 1000000))
  echo "    failed after ${ms} ms: $*"
  [ "$ms" -ge 1500 ] || fail "gave up after ${ms} ms, before the 2 s timeout"
  [ "$ms" -le $(((2 + margin) * 1000)) ] || fail "took ${ms} ms, more than 2 s + ${margin} s"
}

start_silent_listener
step "git:// to a silent server"
expect_timeout a init --remote "git://127.0.0.1:$SILENT_PORT/x.git"
expect_contains "$ERR" "ccsync: error: fetching from 'git://127.0.0.1:$SILENT_PORT/x.git'"
expect_contains "$ERR" "no answer from 127.0.0.1 within 2 s"
[ ! -e "$(machine_home a)/.claude-session-sync/config.json" ] || fail "failed init wrote config"

step "http:// to a silent server"
expect_timeout b init --remote "http://127.0.0.1:$SILENT_PORT/x.git"
expect_contains "$ERR" "no answer from 127.0.0.1 within 2 s"

step "https:// to a silent server (TLS handshake never answered)"
expect_timeout c init --remote "https://localhost:$SILENT_PORT/x.git"
expect_contains "$ERR" "within 2 s"

step "GitHub API on a silent server"
GH_TOKEN=not-checked expect_timeout d init --github alice/sessions --github-api-url "http://127.0.0.1:$SILENT_PORT"
expect_contains "$ERR" "GitHub API"

step "ssh:// to a silent server: the deadline shuts the connection down, the command fails with 75"
expect_timeout e init --remote "ssh://git@127.0.0.1:$SILENT_PORT/x.git"
expect_contains "$ERR" "no progress for 2 s"
[ ! -e "$(machine_home e)/.claude-session-sync/config.json" ] || fail "failed init wrote config"

step "pull on an initialised machine whose server went silent"
start_git_daemon
new_bare sync.git
expect_exit 0 on f ccsync init --remote "$GIT_DAEMON_URL/sync.git" --machine-id phi
config="$(machine_home f)/.claude-session-sync/config.json"
sed -i "s#git://127.0.0.1:[0-9]*/#git://127.0.0.1:$SILENT_PORT/#" "$config"
expect_timeout f pull
echo "passed"
