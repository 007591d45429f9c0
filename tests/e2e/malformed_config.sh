#!/usr/bin/env bash
# A malformed config.json: an error naming file and line, and the file left untouched.
. "$(dirname "$0")/common.sh"
home="$(machine_home a)/.claude-session-sync"
on a ccsync init --machine-id alpha >/dev/null
config="$home/config.json"

step "a syntax error names the file and the line"
printf '{\n  "machine_id": "alpha",\n  "remote": oops\n}\n' > "$config"
sum=$(sha256sum "$config")
expect_exit 1 on a ccsync status
expect_contains "$ERR" "$config:3: malformed JSON: 'oops' is not a value"
expect_contains "$ERR" "(column 13)"
expect_contains "$ERR" "hint:"
expect_not_contains "$ERR" "json.exception"
expect_not_contains "$ERR" "syntax error"
expect_exit 1 on a ccsync init
expect_exit 1 on a ccsync config add-placeholder X=/x
expect_eq "$(sha256sum "$config")" "$sum" "config.json checksum"

step "a wrong type names the key"
printf '{"machine_id": "alpha", "sync_directories": "/not/a/list"}\n' > "$config"
expect_exit 1 on a ccsync config show
expect_contains "$ERR" "$config:1: key 'sync_directories' has the wrong type: it must be a list of strings, not a string"
expect_not_contains "$ERR" "type_error"

step "odd bytes are an error, not a crash"
printf '\xff\xfe\x00{"machine_id"' > "$config"
expect_exit 1 on a ccsync status
expect_contains "$ERR" "malformed JSON: a byte that is not text (0xFF)"

step "unknown keys are warned about and kept"
printf '{"machine_id": "alpha", "remote": "%s", "colour": "blue"}\n' "$home/remote.git" > "$config"
expect_exit 0 on a ccsync status
expect_contains "$ERR" "ccsync: warning:"
expect_contains "$ERR" "unknown key 'colour'"
expect_exit 0 on a ccsync config add-placeholder X=/x
expect_contains "$(cat "$config")" '"colour": "blue"'

step "bad environment values are reported"
CCSYNC_LOCK_TTL_SECONDS=soon expect_exit 1 on a ccsync status
expect_contains "$ERR" "CCSYNC_LOCK_TTL_SECONDS"
echo "passed"
