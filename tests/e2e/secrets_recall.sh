#!/usr/bin/env bash
# The scanner's recall and false positives, measured as a user meets them (issue 24): 64 kinds of
# fake credentials in 10 shapes (plain, JSON-escaped once to three times, URL-encoded, URL-encoded
# JSON, wrapped by a terminal, coloured, as a flag, in a config file a tool read) and 52 harmless
# lines, pushed with the default policy; every object of the remote is searched for every
# secret (secrets_recall.py). Fails when recall falls under its floor or false positives rise.
. "$(dirname "$0")/common.sh"
command -v python3 >/dev/null || skip "python3 is not installed"
new_bare sync.git
bare="$TEST_DIR/srv/sync.git"
A=$(machine_home alice)
mkdir -p "$A/app"
on alice ccsync init --remote "file://$bare" --machine-id alice >/dev/null
dir="$A/.claude/projects/$(enc "$A/app")"
mkdir -p "$dir"
id=5ec7e75a-0000-4000-8000-000000000024
recall="$(dirname "$0")/secrets_recall.py"
python3 "$recall" gen "$dir/$id.jsonl" "$TEST_DIR/cases.json" "$A/app" "$id"

step "push with the default policy (redact)"
expect_exit 0 on alice ccsync push
git --git-dir="$bare" cat-file --batch-all-objects --batch >"$TEST_DIR/objects"
repo_transcript "$bare" "$id" >"$TEST_DIR/stored"
[ -s "$TEST_DIR/stored" ] || fail "the session is not in the repository"

step "recall and false positives"
python3 "$recall" check "$TEST_DIR/cases.json" "$TEST_DIR/objects" "$TEST_DIR/stored" \
  "${RECALL_FLOOR:-94}" "${FALSE_POSITIVE_CEILING:-1}" || fail "the scanner fell under its measured figures"
echo "passed"
