#!/usr/bin/env bash
# The key of an encrypted repository in the desktop session's keychain (issue 24): a real Secret
# Service (GNOME Keyring, unlocked, on a session bus of its own) takes the key at init, no key file
# is left behind, the keychain gives it back to push, pull and `key export` (secret-tool, libsecret's
# own CLI, is the independent oracle), a rotation replaces it there; a locked keychain and a
# machine without a session bus are refused with exit 4 at once, never a hang.
. "$(dirname "$0")/common.sh"
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (Debian: dbus, gnome-keyring, libsecret-tools)"
done
if [ -z "${E2E_KEYCHAIN_SESSION:-}" ]; then
  # The test runs again inside a session bus of its own, with a keyring of its own (in this
  # run's directory); the bus and the keyring end with it.
  mkdir -p "$TEST_DIR/run" && chmod 700 "$TEST_DIR/run"
  status=0
  E2E_KEYCHAIN_SESSION=1 XDG_RUNTIME_DIR="$TEST_DIR/run" XDG_DATA_HOME="$TEST_DIR/xdg" \
    dbus-run-session -- bash "$0" "$@" || status=$?
  exit "$status"
fi
printf 'keyring-password\n' | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
  || skip "gnome-keyring-daemon does not start here"
new_bare sync.git
bare="$TEST_DIR/srv/sync.git"
A=$(machine_home alice); B=$(machine_home bob)
mkdir -p "$A/app"
S=5e551011-2222-4333-8444-555555555555
adir="$A/.claude/projects/$(enc "$A/app")"
mkdir -p "$adir"
printf '{"type":"user","uuid":"u1","timestamp":"%sT10:00:00.000Z","cwd":"%s","sessionId":"%s","message":{"role":"user","content":"pelican-sextant"}}\n' \
  "$RECENT_DAY" "$A/app" "$S" >"$adir/$S.jsonl"
lookup() { secret-tool lookup ccsync_home "$1/.claude-session-sync"; }

step "init --encrypt with a keychain: the key goes there, no key file is left"
expect_exit 0 on alice ccsync init --remote "$bare" --machine-id alice --encrypt
expect_contains "$OUT" "keychain"
[ ! -e "$A/.claude-session-sync/key" ] || fail "a key file was left beside the keychain"
recovery=$(lookup "$A")
expect_contains "$recovery" "ccsync-key-1-"
expect_exit 0 on alice ccsync key export
expect_eq "$OUT" "$recovery" "key export against the keychain's entry"

step "push and pull take the key from the keychain"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S  new"
expect_exit 0 on alice ccsync list --remote
expect_contains "$OUT" "pelican-sextant"
git --git-dir="$bare" cat-file --batch-all-objects --batch | grep -aq pelican-sextant \
  && fail "the remote holds plaintext"

step "a machine without a session bus keeps its key in the key file"
printf '%s\n' "$recovery" >"$TEST_DIR/alice.key"
expect_exit 0 env -u DBUS_SESSION_BUS_ADDRESS HOME="$B" CCSYNC_HOME="$B/.claude-session-sync" \
  CLAUDE_CONFIG_DIR="$B/.claude" "$CCSYNC_BIN" init --remote "$bare" --machine-id bob \
  --key-file "$TEST_DIR/alice.key"
expect_eq "$(cat "$B/.claude-session-sync/key")" "$recovery" "bob's key file"

step "key rotate replaces the keychain's entry; the old one no longer opens the repository"
expect_exit 0 on alice ccsync key rotate
expect_contains "$OUT" "keychain"
[ "$(lookup "$A")" != "$recovery" ] || fail "the keychain still holds the old key"
[ ! -e "$A/.claude-session-sync/key" ] && [ ! -e "$A/.claude-session-sync/key.next" ] \
  || fail "rotate left a key file beside the keychain"
expect_exit 0 on alice ccsync pull
expect_exit 4 env -u DBUS_SESSION_BUS_ADDRESS HOME="$B" CCSYNC_HOME="$B/.claude-session-sync" \
  CLAUDE_CONFIG_DIR="$B/.claude" "$CCSYNC_BIN" pull

step "no session bus, or a locked keychain: exit 4 at once, never a hang"
start=$(date +%s)
expect_exit 4 env -u DBUS_SESSION_BUS_ADDRESS HOME="$A" CCSYNC_HOME="$A/.claude-session-sync" \
  CLAUDE_CONFIG_DIR="$A/.claude" "$CCSYNC_BIN" pull
expect_contains "$ERR" "this machine has no key"
(secret-tool lock --collection=login >/dev/null 2>&1) 2>/dev/null || true # it may crash on exit
expect_exit 4 on alice ccsync pull
elapsed=$(($(date +%s) - start))
echo "refused in $elapsed s"
[ "$elapsed" -le 15 ] || fail "a locked keychain held the command for $elapsed s"
