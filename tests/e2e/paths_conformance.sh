#!/usr/bin/env bash
# Conformance of ccsync's project-directory encoding with the real Claude Code CLI (issue 4 §1):
# run `claude -p hi` against a loopback fake Anthropic API in directories with odd names (NFC and
# NFD unicode, CJK, emoji, spaces, dots, underscores, more than 200 characters, bytes that are
# not UTF-8) and check that the directory Claude created under projects/ is exactly the name
# `ccsync-paths-tool encode` computes. Needs CCSYNC_BUILD_DIR and CCSYNC_SOURCE_DIR; installs
# Claude into $CCSYNC_BUILD_DIR/claude-cli if it is missing and exits 125 if that fails.
set -eu

: "${CCSYNC_BUILD_DIR:?set CCSYNC_BUILD_DIR to the build directory}"
: "${CCSYNC_SOURCE_DIR:?set CCSYNC_SOURCE_DIR to the source directory}"
tool=$CCSYNC_BUILD_DIR/tests/support/ccsync-paths-tool
fake=$CCSYNC_BUILD_DIR/tests/support/fake_anthropic
claude_dir=$CCSYNC_BUILD_DIR/claude-cli
claude=$claude_dir/node_modules/.bin/claude

for helper in "$tool" "$fake"; do
  if [ ! -x "$helper" ]; then
    echo "paths_conformance: $helper is not built (cmake --build ... --target ccsync-paths-tool fake_anthropic)" >&2
    exit 1
  fi
done
if [ ! -x "$claude" ]; then
  if ! bash "$CCSYNC_SOURCE_DIR/tests/support/install-claude.sh" "$claude_dir"; then
    echo "paths_conformance: skipped: installing @anthropic-ai/claude-code from npm failed" >&2
    exit 125
  fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccsync-paths-conformance.XXXXXX")
server_pid=
passed=no
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$passed" = yes ]; then
    rm -rf "$tmp"
  else
    echo "paths_conformance: FAILED; test directory kept: $tmp" >&2
  fi
}
trap cleanup EXIT

"$fake" --port-file "$tmp/port" --requests "$tmp/requests.jsonl" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  [ -s "$tmp/port" ] && break
  sleep 0.1
done
port=$(cat "$tmp/port")
echo "Claude Code $("$claude" --version) against the fake API on 127.0.0.1:$port"

long_x=$(printf 'x%.0s' $(seq 120))
long_y=$(printf 'y%.0s' $(seq 120))
emoji_run=$(printf '\360\237\230\200%.0s' $(seq 60)) # 240 bytes: a name has at most 255
names=(
  "plain"
  "with space"
  "dots.and_under_scores-dash"
  "UPPER lower"
  "dots..and--dashes"
  $'caf\xc3\xa9'                       # NFC é
  $'cafe\xcc\x81'                      # NFD e + combining acute
  $'\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e'
  $'emoji\xf0\x9f\x98\x80x'
  "$long_x/$long_y"                    # over 200 characters
  "long-emoji-$emoji_run/$emoji_run"   # the 200-unit cut falls among surrogate pairs: one of
  "long-emoji-a$emoji_run/$emoji_run"  # these two cuts a pair in half
  $'not-utf8-\xff\xfe-name'
)

failures=0
i=0
for name in "${names[@]}"; do
  i=$((i + 1))
  dir=$tmp/w$i/$name
  home=$tmp/home$i
  mkdir -p "$dir" "$home"
  cwd=$("$tool" realpath "$dir")
  expected=$("$tool" encode "$cwd")
  if ! (cd "$dir" && env -i PATH="$PATH" HOME="$home" CLAUDE_CONFIG_DIR="$home/.claude" \
          ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=sk-ccsync-test \
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
          timeout 120 "$claude" -p hi >"$tmp/claude$i.log" 2>&1); then
    # Claude decodes a non-UTF-8 cwd with U+FFFD and then cannot find it: no project dir at all.
    if [ "${name#not-utf8}" != "$name" ] && grep -q "Can't access working directory" "$tmp/claude$i.log"; then
      echo "ok   [$i] claude refuses a cwd that is not UTF-8, so no project dir can exist"
      continue
    fi
    echo "FAIL [$i] claude -p failed in '$cwd' (log: $tmp/claude$i.log)"
    failures=$((failures + 1))
    continue
  fi
  actual=$(ls -A "$home/.claude/projects" 2>/dev/null || true)
  if [ "$actual" = "$expected" ] && ls "$home/.claude/projects/$expected"/*.jsonl >/dev/null 2>&1; then
    echo "ok   [$i] ${#expected} chars: $expected"
  else
    echo "FAIL [$i] cwd '$cwd'"
    echo "     ccsync: $expected"
    echo "     claude: $(printf '%s' "$actual" | tr '\n' ' ')"
    failures=$((failures + 1))
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "paths_conformance: $failures of ${#names[@]} names differ"
  exit 1
fi
passed=yes
echo "paths_conformance: all ${#names[@]} names match"
