#!/usr/bin/env bash
# An encrypted sync repository (issue 24): `init --encrypt` on the first machine; every object of
# the remote but ccsync.json is ciphertext (each one grepped for the sessions' words, paths and
# project names); a machine without the key, or with a wrong one, is refused at init before
# anything is written; `key export` / `init --key-file` let another machine join; push, pull,
# list --remote, memory and CLAUDE.md work the same; 100 appends grow the remote by at most 1.5x
# the appended bytes; `key rotate` seals the tip again, after which the old key is refused;
# `ccsync encrypt` converts a plain repository and warns that history keeps the plaintext.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"
A=$(machine_home alice); B=$(machine_home bob); C=$(machine_home carol)
PROJECT=zanzibarproject
mkdir -p "$A/p/$PROJECT" "$B/q/$PROJECT"
S=5e551011-2222-4333-8444-555555555555
adir="$A/.claude/projects/$(enc "$A/p/$PROJECT")"
bdir="$B/.claude/projects/$(enc "$B/q/$PROJECT")"
mkdir -p "$adir/$S/tool-results" "$adir/memory"
turn=0
pad=$(head -c 1500 /dev/zero | tr '\0' 'w')
say() { # say N [WORD]: N more lines in alice's session
  local i
  for i in $(seq "$1"); do
    turn=$((turn + 1))
    printf '{"type":"user","uuid":"u%d","timestamp":"%sT10:%02d:%02d.000Z","cwd":"%s","sessionId":"%s","message":{"role":"user","content":"%s turn %d %s %s/src/f%d.c"}}\n' \
      "$turn" "$RECENT_DAY" $((turn / 60 % 60)) $((turn % 60)) "$A/p/$PROJECT" "$S" "${2:-quokka}" \
      "$turn" "$pad" "$A/p/$PROJECT" "$turn" >>"$adir/$S.jsonl"
  done
}
# all_objects BARE: every object of the repository, as git stores it uncompressed.
all_objects() { git --git-dir="$1" cat-file --batch-all-objects --batch; }
# no_plaintext WHAT: no object but ccsync.json holds any of the words written on the machines.
no_plaintext() {
  local word
  for word in marmalade-quasar "$PROJECT" "$A/p" '{{P}}' tool-output-zephyr memory-gondola \
    claude-md-oriole quokka '"cwd"' '"title"'; do
    if all_objects "$bare" | grep -aqF -- "$word"; then
      fail "$1: '$word' is readable in the remote"
    fi
  done
}
file_bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

step "init --encrypt: a key kept 0600, ccsync.json says so and holds a key check, never the key"
expect_exit 0 on alice ccsync init --remote "$url" --machine-id alice --add-placeholder "P=$A/p" --encrypt
expect_contains "$OUT" "The sync repository is encrypted"
key_file="$A/.claude-session-sync/key"
expect_eq "$(stat -c %a "$key_file")" "600" "the key file's mode"
marker=$(repo_file "$bare" ccsync.json)
expect_contains "$marker" '"format_version": 3'
expect_contains "$marker" '"key_check"'
key_hex=$(cut -d- -f4 "$key_file")
[ ${#key_hex} -eq 64 ] || fail "the key file holds no 256-bit key"
all_objects "$bare" | grep -aqF "$key_hex" && fail "the key is in the remote's objects"

step "a session, a sidecar, memory and CLAUDE.md pushed: nothing readable in any object"
say 3 marmalade-quasar
printf 'tool-output-zephyr\n' >"$adir/$S/tool-results/out.txt"
printf 'memory-gondola notes\n' >"$adir/memory/MEMORY.md"
printf 'claude-md-oriole rules\n' >"$A/.claude/CLAUDE.md"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$S  new"
no_plaintext "after the first push"
expect_eq "$(git --git-dir="$bare" ls-tree -r --name-only main | grep -c "$PROJECT" || true)" "0" \
  "tree names holding the project's name"
expect_exit 0 on alice ccsync list --remote
expect_contains "$OUT" "marmalade-quasar"
git --git-dir="$bare" fsck --strict >/dev/null || fail "the remote repository is damaged"
expect_exit 0 on alice ccsync status
expect_contains "$OUT" " encrypted"
on alice ccsync doctor >/dev/null || true
expect_contains "$(on alice ccsync doctor --format json)" "this machine's key opens the repository"
expect_not_contains "$(git --git-dir="$bare" log --format=%B main)" "$PROJECT" "commit messages"

step "no key, or a wrong key: init refused (exit 4) before anything is written"
commits=$(commit_count "$bare")
expect_exit 4 on bob ccsync init --remote "$url" --machine-id bob --add-placeholder "P=$B/q"
expect_contains "$ERR" "encrypted and this machine has no key"
expect_contains "$ERR" "ccsync key export"
[ ! -e "$B/.claude-session-sync/config.json" ] || fail "a refused init wrote config.json"
[ ! -e "$B/.claude-session-sync/key" ] || fail "a refused init wrote a key file"
new_bare other.git
expect_exit 0 on carol ccsync init --remote "$TEST_DIR/srv/other.git" --machine-id carol --encrypt
expect_exit 0 on carol ccsync key export
printf '%s\n' "$OUT" >"$TEST_DIR/wrong.key"
expect_exit 4 on bob ccsync init --remote "$url" --machine-id bob --add-placeholder "P=$B/q" \
  --key-file "$TEST_DIR/wrong.key"
expect_contains "$ERR" "does not open the sync repository (nothing was written)"
expect_exit 4 env CCSYNC_KEY="$(cat "$TEST_DIR/wrong.key")" HOME="$B" \
  CCSYNC_HOME="$B/.claude-session-sync" CLAUDE_CONFIG_DIR="$B/.claude" \
  "$CCSYNC_BIN" init --remote "$url" --machine-id bob
[ ! -e "$B/.claude-session-sync/config.json" ] || fail "a wrong key's init wrote config.json"
[ ! -e "$B/.claude-session-sync/key" ] || fail "a wrong key's init wrote a key file"
expect_eq "$(commit_count "$bare")" "$commits" "commits after refused inits"
echo "not a key" >"$TEST_DIR/garbage.key"
expect_exit 2 on bob ccsync init --remote "$url" --machine-id bob --key-file "$TEST_DIR/garbage.key"
expect_contains "$ERR" "holds no ccsync recovery string"

step "key export on alice, init --key-file on bob: bob pulls the session, memory and CLAUDE.md"
expect_exit 0 on alice ccsync key export
expect_contains "$ERR" "keep it like a password"
printf '%s\n' "$OUT" >"$TEST_DIR/alice.key"
expect_eq "$(cat "$TEST_DIR/alice.key")" "$(cat "$key_file")" "the exported recovery string"
expect_exit 0 on bob ccsync init --remote "$url" --machine-id bob --add-placeholder "P=$B/q" \
  --key-file "$TEST_DIR/alice.key"
expect_contains "$OUT" "Joined the sync repository"
expect_exit 0 on bob ccsync pull
sed "s#$A/p#$B/q#g" "$adir/$S.jsonl" | cmp - "$bdir/$S.jsonl" || fail "bob's transcript differs"
expect_eq "$(cat "$bdir/$S/tool-results/out.txt")" "tool-output-zephyr" "bob's sidecar"
expect_eq "$(cat "$bdir/memory/MEMORY.md")" "memory-gondola notes" "bob's memory"
expect_eq "$(cat "$B/.claude/CLAUDE.md")" "claude-md-oriole rules" "bob's CLAUDE.md"

step "bob appends and pushes; alice pulls it; locks work on the encrypted lock refs"
printf '{"type":"user","uuid":"b1","timestamp":"%sT11:00:00.000Z","cwd":"%s","sessionId":"%s","message":{"role":"user","content":"quokka from bob"}}\n' \
  "$RECENT_DAY" "$B/q/$PROJECT" "$S" >>"$bdir/$S.jsonl"
expect_exit 0 on bob ccsync push
expect_contains "$OUT" "$S  appended"
expect_exit 0 on alice ccsync pull
expect_contains "$(tail -n 1 "$adir/$S.jsonl")" "quokka from bob"
expect_exit 0 on bob ccsync lock acquire "$S"
expect_exit 0 on alice ccsync lock show
expect_contains "$OUT" "bob"
lock_blob=$(git --git-dir="$bare" rev-parse "refs/ccsync/locks/$S:lock.json")
expect_contains "$(git --git-dir="$bare" cat-file -p "$lock_blob" | head -c 5)" "CCSE1"
expect_exit 0 on bob ccsync lock release "$S"
no_plaintext "after bob's push and lock"

step "resume on the encrypted repository: pull, lock, Claude (a stand-in), push, release"
fake="$TEST_DIR/fake-claude"
cat >"$fake" <<'FAKE'
#!/bin/sh
file=$(ls "$CLAUDE_CONFIG_DIR"/projects/*/"$2.jsonl")
printf '{"type":"user","cwd":"%s","sessionId":"%s","timestamp":"2030-01-01T00:00:00.000Z","message":{"role":"user","content":"quokka resumed"}}\n' \
  "$(pwd)" "$2" >>"$file"
FAKE
chmod +x "$fake"
expect_exit 0 on bob env CCSYNC_CLAUDE="$fake" "$CCSYNC_BIN" resume "$S" </dev/null
expect_exit 0 on alice ccsync pull
expect_contains "$(tail -n 1 "$adir/$S.jsonl")" "quokka resumed"
expect_exit 0 on alice ccsync lock show
expect_not_contains "$OUT" "bob" "the locks after resume"
no_plaintext "after resume"

step "100 appends, a push after each: the remote grows by at most 1.5x the appended bytes"
before=$(file_bytes "$bare"); size=$(stat -c %s "$adir/$S.jsonl")
for _ in $(seq 100); do
  say 1
  on alice ccsync push >/dev/null || fail "an append push failed"
done
appended=$(($(stat -c %s "$adir/$S.jsonl") - size))
growth=$(($(file_bytes "$bare") - before))
echo "appended $appended bytes in 100 pushes; the remote's files grew by $growth bytes" \
  "($(awk -v g="$growth" -v a="$appended" 'BEGIN { printf "%.2f", g / a }')x)"
[ $((growth * 2)) -le $((appended * 3)) ] || fail "the remote grew by $growth for $appended appended"
no_plaintext "after 100 appends"

step "key rotate: the tip sealed again; bob's old key is refused until he imports the new one"
expect_exit 0 on alice ccsync key rotate
expect_contains "$OUT" "history still holds"
[ "$(cat "$key_file")" != "$(cat "$TEST_DIR/alice.key")" ] || fail "rotate kept the key"
expect_exit 0 on alice ccsync pull
expect_exit 0 on alice ccsync list --remote
expect_contains "$OUT" "marmalade-quasar"
expect_exit 4 on bob ccsync pull
expect_contains "$ERR" "does not open the sync repository"
on bob ccsync doctor >/dev/null && fail "doctor passed with a key that does not open the repository"
expect_contains "$(on bob ccsync doctor)" "ccsync key import"
expect_exit 0 on alice ccsync key export
printf '%s\n' "$OUT" | on bob ccsync key import -
expect_exit 0 on bob ccsync pull
expect_exit 0 on bob ccsync push
no_plaintext "after the rotation"

step "a rotation killed after pushing main, before its key became the key file: nothing is lost"
# The state that kill leaves: the new key only in key.next, the old one still in key.
cp "$key_file" "$TEST_DIR/new.key"
mv "$key_file" "$key_file.next"
cp "$TEST_DIR/alice.key" "$key_file"
expect_exit 0 on alice ccsync pull
expect_exit 0 on alice ccsync list --remote
expect_contains "$OUT" "marmalade-quasar"
expect_eq "$(cat "$key_file")" "$(cat "$TEST_DIR/new.key")" "the key file after the repair"
expect_eq "$(cat "$key_file.prev")" "$(cat "$TEST_DIR/alice.key")" "the old key, kept as key.prev"
[ ! -e "$key_file.next" ] || fail "key.next is still there"
expect_exit 0 on alice ccsync key export
expect_eq "$OUT" "$(cat "$TEST_DIR/new.key")" "key export after the repair"

step "a held lock survives a rotation; a memory file named '@...' stays where it is"
expect_exit 0 on alice ccsync lock acquire "$S"
printf 'at-file\n' >"$adir/memory/@notes.md"
expect_exit 0 on alice ccsync key rotate
expect_exit 0 on alice ccsync lock show
expect_contains "$OUT" "alice"
expect_exit 0 on alice ccsync pull
expect_exit 0 on alice ccsync push
expect_eq "$(cat "$adir/memory/@notes.md")" "at-file" "the '@' memory file after pull and push"
expect_exit 0 on alice ccsync lock release "$S"
expect_exit 0 on alice ccsync key export
printf '%s\n' "$OUT" | on bob ccsync key import -

step "ccsync.json stripped of its record by someone with write access: refused, nothing plaintext"
work="$TEST_DIR/attacker"
git clone -q "$bare" "$work"
perl -0pi -e 's/,\s*"encryption": \{.*?\n  \}//s; s/"format_version": 3/"format_version": 2/' "$work/ccsync.json"
expect_not_contains "$(cat "$work/ccsync.json")" "key_check"
git -C "$work" -c user.name=t -c user.email=t@t commit -qam "strip the encryption record"
git -C "$work" push -q origin main
say 1 quokka
commits=$(commit_count "$bare")
expect_exit 1 on alice ccsync push
expect_contains "$ERR" "no longer says so"
expect_eq "$(commit_count "$bare")" "$commits" "commits after the refused push"
no_plaintext "after the stripped ccsync.json"
git -C "$work" -c user.name=t -c user.email=t@t revert --no-edit HEAD >/dev/null
git -C "$work" push -q origin main
expect_exit 0 on alice ccsync push

step "ccsync encrypt converts a plain repository, warning that history keeps the plaintext"
new_bare plain.git
D=$(machine_home dave); mkdir -p "$D/work"
ddir="$D/.claude/projects/$(enc "$D/work")"; mkdir -p "$ddir/memory"
printf '{"type":"user","uuid":"d1","timestamp":"%sT10:00:00.000Z","cwd":"%s","sessionId":"%s","message":{"role":"user","content":"marmalade-quasar plain"}}\n' \
  "$RECENT_DAY" "$D/work" "$S" >"$ddir/$S.jsonl"
printf 'memory-gondola plain\n' >"$ddir/memory/MEMORY.md"
expect_exit 0 on dave ccsync init --remote "$TEST_DIR/srv/plain.git" --machine-id dave
expect_exit 2 on dave ccsync init --remote "$TEST_DIR/srv/plain.git" --machine-id dave --encrypt
expect_contains "$ERR" "ccsync encrypt"
expect_exit 0 on dave ccsync push
expect_exit 0 on dave ccsync lock acquire "$S"
expect_exit 0 on dave ccsync encrypt
expect_contains "$ERR" "history still holds every earlier commit in plaintext"
expect_contains "$(repo_file "$TEST_DIR/srv/plain.git" ccsync.json)" '"key_check"'
for path in $(git --git-dir="$TEST_DIR/srv/plain.git" ls-tree -r --name-only main); do
  [ "$path" = ccsync.json ] && continue
  head=$(git --git-dir="$TEST_DIR/srv/plain.git" show "main:$path" | head -c 5)
  expect_eq "$head" "CCSE1" "the tip's $path"
done
git --git-dir="$TEST_DIR/srv/plain.git" ls-tree -r --name-only main | grep -q "work" \
  && fail "a tree name still holds the project's folder name after encrypt"
lock=$(git --git-dir="$TEST_DIR/srv/plain.git" show "refs/ccsync/locks/$S:lock.json" | head -c 5)
expect_eq "$lock" "CCSE1" "the lock record after encrypt"
expect_exit 0 on dave ccsync lock release "$S"
rm -rf "$ddir/memory"
expect_exit 0 on dave ccsync pull
expect_eq "$(cat "$ddir/memory/MEMORY.md")" "memory-gondola plain" "dave's memory after encrypt"
expect_exit 0 on dave ccsync push
expect_contains "$OUT" "0 sessions"
expect_exit 2 on dave ccsync encrypt
expect_contains "$ERR" "encrypted already"

step "a passphrase repository: Argon2id's salt and limits in ccsync.json; a wrong passphrase refused"
new_bare pass.git
pass() { env CCSYNC_PASSPHRASE="$2" HOME="$(machine_home "$1")" \
  CCSYNC_HOME="$(machine_home "$1")/.claude-session-sync" \
  CLAUDE_CONFIG_DIR="$(machine_home "$1")/.claude" "$CCSYNC_BIN" "${@:3}"; }
expect_exit 2 pass erin "short" init --remote "$TEST_DIR/srv/pass.git" --machine-id erin --passphrase
expect_contains "$ERR" "shorter than 12 characters"
expect_exit 0 pass erin "quartz lantern meadow" init --remote "$TEST_DIR/srv/pass.git" \
  --machine-id erin --passphrase
marker=$(repo_file "$TEST_DIR/srv/pass.git" ccsync.json)
expect_contains "$marker" '"kdf": "argon2id"'
expect_contains "$marker" '"salt"'
expect_not_contains "$marker" "quartz lantern meadow"
commits=$(commit_count "$TEST_DIR/srv/pass.git")
expect_exit 4 pass frank "quartz lantern meadov" init --remote "$TEST_DIR/srv/pass.git" --machine-id frank
expect_contains "$ERR" "that passphrase does not open the sync repository"
[ ! -e "$(machine_home frank)/.claude-session-sync/config.json" ] || fail "a wrong passphrase wrote config"
expect_eq "$(commit_count "$TEST_DIR/srv/pass.git")" "$commits" "commits after a wrong passphrase"
expect_exit 0 pass frank "quartz lantern meadow" init --remote "$TEST_DIR/srv/pass.git" --machine-id frank
expect_contains "$OUT" "Joined the sync repository"
expect_exit 0 on frank ccsync status
