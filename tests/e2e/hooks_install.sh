#!/usr/bin/env bash
# install-hooks / uninstall-hooks with the real binary in a hermetic CLAUDE_CONFIG_DIR (and a
# project file through --settings): the four entries, idempotence, backup, mode, a malformed file
# left untouched, --dry-run, exact removal. Then the real Claude Code CLI runs what was registered,
# in both forms (settings entries, and the plugin: --plugin-dir and a marketplace install): a
# stand-in `ccsync` logs each call (argv, the payload line on stdin).
. "$(dirname "$0")/common.sh"
: "${CCSYNC_BUILD_DIR:?}" "${CCSYNC_SOURCE_DIR:?}"

# json FILE PERL_EXPR: PERL_EXPR evaluated with $j = the decoded JSON of FILE (core perl only).
json() {
  perl -MJSON::PP -0777 -e 'my $j = JSON::PP->new->decode(<STDIN>); my $r = eval $ARGV[0];
    die $@ if $@; print ref($r) ? JSON::PP->new->canonical->encode($r) : ($r // "null"), "\n"' \
    "$2" <"$1"
}
mode_of() { stat -c %a "$1"; }
sum_of() { sha256sum "$1" | cut -d' ' -f1; }
binary=$(readlink -f "$CCSYNC_BIN")
A=$(machine_home alice)
settings="$A/.claude/settings.json"

step "a fresh machine: the four entries, exec form, absolute path, timeouts"
expect_exit 0 on alice ccsync install-hooks
expect_contains "$OUT" "Installed ccsync's Claude Code hooks in $settings"
expect_contains "$OUT" "Restart running Claude Code sessions"
expect_not_contains "$OUT" "kept as"
expect_eq "$(json "$settings" 'join " ", keys %{$j->{hooks}}' | tr ' ' '\n' | sort | tr '\n' ' ')" \
  "SessionEnd SessionStart Stop UserPromptSubmit " "events"
for pair in SessionStart:session-start:15 UserPromptSubmit:user-prompt-submit:5 Stop:stop:5 \
            SessionEnd:session-end:5; do
  IFS=: read -r event arg timeout <<<"$pair"
  expect_eq "$(json "$settings" "scalar @{\$j->{hooks}{$event}}")" 1 "$event groups"
  entry=$(json "$settings" "\$j->{hooks}{$event}[0]{hooks}")
  expect_eq "$entry" "[{\"args\":[\"hook\",\"$arg\"],\"command\":\"$binary\",\"timeout\":$timeout,\"type\":\"command\"}]" "$event entry"
done
expect_eq "$(json "$settings" '$j->{hooks}{SessionStart}[0]{matcher}')" \
  "startup|resume|clear|compact|fork" "SessionStart matcher"
expect_eq "$(mode_of "$settings")" 600 "mode of a new settings file"
expect_eq "$(mode_of "$A/.claude")" 700 "mode of a new Claude directory"

step "run again: nothing added, nothing written"
sum=$(sum_of "$settings")
expect_exit 0 on alice ccsync install-hooks
expect_contains "$OUT" "already installed"
expect_eq "$(sum_of "$settings")" "$sum" "settings checksum"
[ ! -e "$settings.ccsync-backup" ] || fail "a backup was written although nothing changed"

step "a rich file: other keys and hooks kept in order, the old entry replaced, mode 0640 kept"
cat >"$settings" <<'EOF'
{
  "model": "opus",
  "hooks": {
    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "audit.sh"}]}],
    "Stop": [{"hooks": [{"type": "command", "command": "/old/place/ccsync", "args": ["hook", "stop"]},
                        {"type": "command", "command": "notify-send done"}]}]
  },
  "permissions": {"allow": ["Bash(ls:*)"]}
}
EOF
chmod 0640 "$settings"
original=$(sum_of "$settings")
expect_exit 0 on alice ccsync install-hooks
expect_contains "$OUT" "Updated ccsync's Claude Code hooks"
expect_contains "$OUT" "kept as $settings.ccsync-backup"
expect_eq "$(mode_of "$settings")" 640 "mode kept"
expect_eq "$(mode_of "$settings.ccsync-backup")" 640 "backup mode"
expect_eq "$(sum_of "$settings.ccsync-backup")" "$original" "backup content"
expect_eq "$(grep -o '^  "[a-zA-Z]*"' "$settings" | tr -d ' "' | tr '\n' ' ')" "model hooks permissions " \
  "top-level key order"
expect_eq "$(json "$settings" '$j->{hooks}{PreToolUse}[0]{hooks}[0]{command}')" audit.sh "other hook"
expect_eq "$(json "$settings" '$j->{hooks}{Stop}[0]{hooks}')" \
  '[{"command":"notify-send done","type":"command"}]' "shared group keeps the other hook"
expect_eq "$(json "$settings" '$j->{hooks}{Stop}[1]{hooks}[0]{command}')" "$binary" "new Stop entry"
expect_eq "$(grep -c '"/old/place/ccsync"' "$settings" || true)" 0 "old entry gone"
sum=$(sum_of "$settings")
expect_exit 0 on alice ccsync install-hooks
expect_contains "$OUT" "already installed"
expect_eq "$(sum_of "$settings")" "$sum" "second install changes nothing"

step "uninstall removes exactly ours, then has nothing to remove"
expect_exit 0 on alice ccsync uninstall-hooks --dry-run
expect_contains "$OUT" "-            \"command\": \"$binary\","
expect_eq "$(sum_of "$settings")" "$sum" "dry run changes nothing"
expect_exit 0 on alice ccsync uninstall-hooks
expect_contains "$OUT" "Removed 4 ccsync hook entries from $settings"
expect_contains "$OUT" "restarted"
expect_eq "$(mode_of "$settings")" 640 "mode kept by uninstall"
expect_eq "$(grep -c 'ccsync' "$settings" || true)" 0 "no ccsync entry left"
expect_eq "$(json "$settings" '[sort keys %{$j->{hooks}}]')" '["PreToolUse","Stop"]' "other events"
expect_eq "$(json "$settings" '$j->{model} . " " . $j->{permissions}{allow}[0]')" "opus Bash(ls:*)"
cp "$settings" "$TEST_DIR/clean.json"
expect_exit 0 on alice ccsync install-hooks
expect_exit 0 on alice ccsync uninstall-hooks
cmp "$settings" "$TEST_DIR/clean.json" || fail "install then uninstall did not give the file back"
expect_exit 0 on alice ccsync uninstall-hooks
expect_contains "$OUT" "nothing to remove"
cmp "$settings" "$TEST_DIR/clean.json" || fail "uninstall with nothing to remove changed the file"

step "--dry-run prints the diff and changes nothing"
sum=$(sum_of "$settings")
cp "$settings.ccsync-backup" "$TEST_DIR/backup-before"
expect_exit 0 on alice ccsync install-hooks --dry-run
expect_contains "$OUT" "--- $settings"
expect_contains "$OUT" "@@ -"
expect_contains "$OUT" "+            \"args\": ["
expect_contains "$OUT" "Dry run: $settings was not changed."
expect_eq "$(sum_of "$settings")" "$sum" "settings after --dry-run"
cmp "$settings.ccsync-backup" "$TEST_DIR/backup-before" || fail "--dry-run touched the backup"

step "a malformed file: exit 1 naming file and line, left untouched"
printf '{\n  "model": "opus",\n  "hooks": {,}\n}\n' >"$settings"
sum=$(sum_of "$settings")
expect_exit 1 on alice ccsync install-hooks
expect_contains "$ERR" "ccsync: error: $settings:3: malformed JSON"
expect_contains "$ERR" "hint: fix the file; ccsync left it untouched"
expect_exit 1 on alice ccsync uninstall-hooks
expect_exit 1 on alice ccsync install-hooks --dry-run
printf '{"hooks": ["not", "an object"]}\n' >"$TEST_DIR/list.json"
expect_exit 1 on alice ccsync install-hooks --settings "$TEST_DIR/list.json"
expect_contains "$ERR" "list.json:1: \"hooks\" must be an object"
expect_eq "$(sum_of "$settings")" "$sum" "malformed settings checksum"

step "--settings: a project's file (relative path, missing directory), and a symbolic link"
proj="$A/projects/app"
mkdir -p "$proj"
cd "$proj"
expect_exit 0 on alice ccsync install-hooks --settings .claude/settings.json
cd - >/dev/null
expect_contains "$OUT" "Installed ccsync's Claude Code hooks in $proj/.claude/settings.json"
expect_eq "$(json "$proj/.claude/settings.json" '$j->{hooks}{Stop}[0]{hooks}[0]{args}[1]')" stop
mkdir -p "$A/dotfiles"
printf '{"theme": "dark"}\n' >"$A/dotfiles/settings.json"
ln -sfn "$A/dotfiles/settings.json" "$settings"
expect_exit 0 on alice ccsync install-hooks
[ -L "$settings" ] || fail "the settings link was replaced by a file"
expect_eq "$(json "$A/dotfiles/settings.json" '$j->{theme}')" dark "linked file keeps its keys"
expect_eq "$(json "$A/dotfiles/settings.json" 'scalar keys %{$j->{hooks}}')" 4 "linked file's events"
expect_exit 0 on alice ccsync uninstall-hooks
expect_exit 0 on alice ccsync uninstall-hooks --settings "$proj/.claude/settings.json"
rm "$settings"

step "the plugin's wrapper exits 0 silently when no ccsync can be found"
if [ -e /usr/local/bin/ccsync ]; then
  echo "(not checked: /usr/local/bin/ccsync exists on this machine)"
else
  got=$(env -i PATH=/nonexistent HOME="$TEST_DIR/nobody" /bin/sh "$CCSYNC_SOURCE_DIR/hooks/ccsync-hook" \
    stop </dev/null 2>&1) || fail "ccsync-hook failed without a binary"
  expect_eq "$got" "" "ccsync-hook output without a binary"
fi
[ -x "$CCSYNC_SOURCE_DIR/hooks/ccsync-hook" ] || fail "hooks/ccsync-hook is not executable"
expect_eq "$(json "$CCSYNC_SOURCE_DIR/.claude-plugin/plugin.json" '$j->{version}')" \
  "$("$CCSYNC_BIN" --version | cut -d' ' -f2)" "plugin.json version"
expect_eq "$(json "$CCSYNC_SOURCE_DIR/.claude-plugin/plugin.json" 'exists $j->{hooks} ? 1 : 0')" 0 \
  "plugin.json declares no hooks"

# ---------------------------------------------------------------------------------------------
# The real Claude Code CLI runs what was registered.
fake="$CCSYNC_BUILD_DIR/tests/support/fake_anthropic"
claude_dir="$CCSYNC_BUILD_DIR/claude-cli"
claude="$claude_dir/node_modules/.bin/claude"
[ -x "$fake" ] || fail "$fake is not built"
if [ ! -x "$claude" ]; then
  bash "$CCSYNC_SOURCE_DIR/tests/support/install-claude.sh" "$claude_dir" ||
    skip "the settings checks passed; the Claude Code CLI is not installed (npm failed), so" \
      "Claude's own reading of them was not checked"
fi
echo "Claude Code $("$claude" --version)"
"$fake" --port-file "$TEST_DIR/port" --requests "$TEST_DIR/requests.jsonl" >"$TEST_DIR/fake.log" 2>&1 &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
for _ in $(seq 100); do [ -s "$TEST_DIR/port" ] && break; sleep 0.1; done
port=$(cat "$TEST_DIR/port")
C=$(machine_home claude)
cwd="$C/work"
mkdir -p "$cwd" "$TEST_DIR/bin"

# The registered binary is $TEST_DIR/bin/ccsync: a copy of the real one while installing, then a
# stand-in that logs "argv <TAB> the payload line <TAB> cwd <TAB> CLAUDE_PLUGIN_ROOT" and exits 0.
log="$TEST_DIR/hooks.log"
cat >"$TEST_DIR/stand-in" <<EOF
#!/bin/sh
IFS= read -r payload || true
printf '%s\t%s\t%s\t%s\n' "\$*" "\$payload" "\$PWD" "\${CLAUDE_PLUGIN_ROOT:-}" >>"$log"
EOF
chmod +x "$TEST_DIR/stand-in"
as_real() { # the program and its engine, side by side as in a build tree
  cp "$CCSYNC_BIN" "$TEST_DIR/bin/ccsync"
  cp "$(dirname "$(readlink -f "$CCSYNC_BIN")")/ccsync-engine" "$TEST_DIR/bin/ccsync-engine"
}
as_stand_in() { cp "$TEST_DIR/stand-in" "$TEST_DIR/bin/ccsync"; }
staged() { as_real; on claude "$TEST_DIR/bin/ccsync" "$@" >/dev/null; as_stand_in; }

run_claude() { # run_claude ARGS...: claude -p hi in $cwd, hermetic; the hooks' log starts empty
  : >"$log"
  (cd "$cwd" && env -i PATH="$PATH" HOME="$C" CLAUDE_CONFIG_DIR="$C/.claude" \
     ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=sk-ccsync-test \
     CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
     CCSYNC_BIN="$TEST_DIR/bin/ccsync" timeout 120 "$claude" "$@") >"$TEST_DIR/claude.out" 2>&1 ||
    { cat "$TEST_DIR/claude.out"; fail "claude $* failed"; }
  expect_contains "$(cat "$TEST_DIR/claude.out")" "fake model" "claude's answer"
}

# expect_hook_calls [TIMES]: the log holds the four events in order (each TIMES times in a row),
# each with its payload: the event's name, one session id, the cwd.
expect_hook_calls() {
  local times=${1:-1} want="" arg
  for arg in session-start user-prompt-submit stop session-end; do
    for _ in $(seq "$times"); do want="${want}hook $arg "; done
  done
  expect_eq "$(cut -f1 "$log" | tr '\n' ' ')" "$want" "hooks Claude ran (log: $log)"
  perl -MJSON::PP -F'\t' -lane '
    my %name = ("session-start" => "SessionStart", "user-prompt-submit" => "UserPromptSubmit",
                "stop" => "Stop", "session-end" => "SessionEnd");
    my ($event) = $F[0] =~ /^hook (\S+)$/ or die "argv: $F[0]\n";
    my $p = decode_json($F[1]);
    $p->{hook_event_name} eq $name{$event} or die "payload of $event: $F[1]\n";
    $p->{session_id} =~ /^[0-9a-f-]{36}$/ or die "session id: $F[1]\n";
    $p->{cwd} eq $F[2] or die "cwd: $p->{cwd} vs $F[2]\n";
    $ids{$p->{session_id}} = 1;
    END { keys(%ids) == 1 or die "several session ids\n" }' "$log" ||
    fail "a hook payload is not what Claude sends (log: $log)"
}

step "Claude accepts the registered settings and runs the four hooks with their payloads"
staged install-hooks
expect_eq "$(json "$C/.claude/settings.json" '$j->{hooks}{Stop}[0]{hooks}[0]{command}')" \
  "$(readlink -f "$TEST_DIR/bin/ccsync")" "registered stand-in"
run_claude -p hi
expect_hook_calls
expect_eq "$(cut -f4 "$log" | sort -u)" "" "CLAUDE_PLUGIN_ROOT in a settings hook"
transcript=$(ls "$C"/.claude/projects/*/*.jsonl)
expect_not_contains "$(cat "$transcript")" "hook_non_blocking_error" "transcript"
expect_not_contains "$(cat "$transcript")" "hook_cancelled" "transcript"

step "the same from a project's .claude/settings.json"
staged uninstall-hooks
staged install-hooks --settings "$cwd/.claude/settings.json"
run_claude -p hi
expect_hook_calls
staged uninstall-hooks --settings "$cwd/.claude/settings.json"

step "the plugin form: claude --plugin-dir <this repository>"
plugin_cmd() { on claude env DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
  "$claude" plugin "$@"; }
plugin_cmd validate "$CCSYNC_SOURCE_DIR" >"$TEST_DIR/validate.out" 2>&1 ||
  { cat "$TEST_DIR/validate.out"; fail "claude plugin validate refused the plugin"; }
if ! on claude "$claude" --help | grep -q -- '--plugin-dir'; then
  skip "the settings form passed; this Claude version has no --plugin-dir, so the plugin form" \
    "was not run"
fi
run_claude --plugin-dir "$CCSYNC_SOURCE_DIR" -p hi
expect_hook_calls
expect_eq "$(cut -f4 "$log" | sort -u)" "$CCSYNC_SOURCE_DIR" "CLAUDE_PLUGIN_ROOT"

step "the plugin installed from a marketplace runs from Claude's versioned cache"
market="$TEST_DIR/market"
mkdir -p "$market/.claude-plugin" "$market/ccsync"
cp -R "$CCSYNC_SOURCE_DIR/.claude-plugin" "$CCSYNC_SOURCE_DIR/hooks" "$market/ccsync/"
printf '{"name": "ccsync-test", "owner": {"name": "tests"},
  "plugins": [{"name": "ccsync", "source": "./ccsync", "description": "ccsync"}]}\n' \
  >"$market/.claude-plugin/marketplace.json"
plugin_cmd marketplace add "$market" >"$TEST_DIR/plugin.out" 2>&1 &&
  plugin_cmd install ccsync@ccsync-test >>"$TEST_DIR/plugin.out" 2>&1 ||
  { cat "$TEST_DIR/plugin.out"; fail "installing the plugin from a local marketplace failed"; }
run_claude -p hi
expect_hook_calls
root=$(cut -f4 "$log" | sort -u)
# Claude copies a plugin into its versioned cache, or (some versions, for a marketplace that is
# a local directory) runs it where the marketplace keeps it: never from this checkout.
case "$root" in
  "$C/.claude/plugins/cache/ccsync-test/ccsync/"* | "$market/ccsync") ;;
  *) fail "plugin root: $root" ;;
esac

step "registration and plugin both present: each event runs twice; install-hooks warns"
as_real
expect_exit 0 on claude "$TEST_DIR/bin/ccsync" install-hooks
expect_contains "$ERR" "the ccsync plugin is enabled in $C/.claude/settings.json too"
as_stand_in
run_claude -p hi
expect_hook_calls 2
echo "passed"
