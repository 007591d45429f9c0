#!/usr/bin/env bash
# An ssh:// remote on a loopback sshd with an ed25519 key: an unknown host key is refused with a
# known_hosts hint; with the key in known_hosts two machines create and join; a key the server
# does not accept (an RSA key offered by ssh-agent, refused by OpenSSH >= 8.8) exits 4 with a hint.
. "$(dirname "$0")/common.sh"
sshd=/usr/sbin/sshd
[ -x "$sshd" ] || skip "sshd is not installed (package openssh-server)"
command -v ssh-keygen >/dev/null || skip "ssh-keygen is not installed"
user=$(id -un)
# libgit2 1.5's ssh transport (with libssh2 1.10) leaks a few small blocks on every ssh connection
# (allocated inside git_remote_connect_ext; the sanitizer's fast unwinder sees only the library
# frame): for this script only, leaks allocated directly by those two libraries are suppressed.
supp="$TEST_DIR/lsan.supp"
{ cat "$CCSYNC_SOURCE_DIR/tests/lsan.supp" 2>/dev/null || true; printf 'leak:libgit2.so\nleak:libssh2.so\n'; } \
  > "$supp"
export LSAN_OPTIONS="suppressions=$supp"
srv="$TEST_DIR/sshd"
mkdir -p "$srv" "$TEST_DIR/repos"
ssh-keygen -q -t ed25519 -N '' -f "$srv/host_ed25519"
[ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd

# start_sshd: sshd on 127.0.0.1 and a free port; sets SSH_PORT (skips when it cannot start).
start_sshd() {
  SSH_PORT=$(free_port)
  cat > "$srv/sshd_config" <<CONF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $srv/host_ed25519
PidFile $srv/sshd.pid
AuthorizedKeysFile $srv/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
CONF
  "$sshd" -D -e -f "$srv/sshd_config" 2>"$srv/sshd.log" &
  BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
  wait_for_port "$SSH_PORT" || skip "sshd did not start: $(head -3 "$srv/sshd.log")"
}

# with_key MACHINE TYPE: gives the machine a key pair of TYPE as ~/.ssh/id_<type>.
with_key() {
  local dir
  dir="$(machine_home "$1")/.ssh"
  mkdir -p "$dir"
  ssh-keygen -q -t "$2" -N '' -f "$dir/id_$2"
}
authorize() { cat "$(machine_home "$1")/.ssh/id_$2.pub" >> "$srv/authorized_keys"; }
trust_host() {
  printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$srv/host_ed25519.pub")" \
    >> "$(machine_home "$1")/.ssh/known_hosts"
}

start_sshd
git init -q --bare -b main "$TEST_DIR/repos/sync.git"
url="ssh://$user@127.0.0.1:$SSH_PORT$TEST_DIR/repos/sync.git"
with_key a ed25519
authorize a ed25519

step "an unknown host key is refused, with a known_hosts hint"
expect_exit 75 on a ccsync init --remote "$url" --machine-id alpha
expect_contains "$ERR" "hostkey"
expect_contains "$ERR" "known_hosts"
[ ! -e "$(machine_home a)/.claude-session-sync/config.json" ] || fail "failed init wrote config"

step "with the host key known, the first machine creates the repository"
trust_host a
expect_exit 0 on a ccsync init --remote "$url" --machine-id alpha
expect_contains "$OUT" "Created the sync repository"
expect_eq "$(commit_count "$TEST_DIR/repos/sync.git")" 1

step "a second machine joins; pull works"
with_key b ed25519
authorize b ed25519
trust_host b
expect_exit 0 on b ccsync init --remote "$url" --machine-id beta
expect_contains "$OUT" "2 machines registered"
expect_exit 0 on a ccsync pull

step "a key the server does not accept: exit 4 and a hint about ed25519"
with_key c ed25519
trust_host c
expect_exit 4 on c ccsync init --remote "$url" --machine-id gamma
expect_contains "$ERR" "ed25519"

step "an RSA key from ssh-agent is refused by the server (SHA-1 signatures): exit 4"
command -v ssh-agent >/dev/null || skip "ssh-agent is not installed"
with_key d rsa
authorize d rsa
trust_host d
eval "$(ssh-agent -s)" >/dev/null
BACKGROUND_PIDS="$BACKGROUND_PIDS $SSH_AGENT_PID"
ssh-add -q "$(machine_home d)/.ssh/id_rsa" 2>/dev/null
expect_exit 4 on d ccsync init --remote "$url" --machine-id delta
expect_contains "$ERR" "RSA"
expect_eq "$(commit_count "$TEST_DIR/repos/sync.git")" 2
echo "passed"
