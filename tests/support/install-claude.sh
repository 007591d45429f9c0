#!/usr/bin/env bash
# Installs the real Claude Code CLI (@anthropic-ai/claude-code from npm) into DIR for conformance and
# end-to-end tests: DIR/node_modules/.bin/claude. Idempotent: an install that already answers
# `--version` is kept. Exits non-zero (with a reason on stderr) when npm or the install fails.
# Usage: install-claude.sh DIR [VERSION]   (VERSION defaults to "latest")
set -eu

if [ $# -lt 1 ] || [ -z "$1" ]; then
  echo "usage: install-claude.sh DIR [VERSION]" >&2
  exit 2
fi
dir=$1
version=${2:-latest}
claude="$dir/node_modules/.bin/claude"

if [ -x "$claude" ] && "$claude" --version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-claude.sh: npm not found" >&2
  exit 1
fi
mkdir -p "$dir"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
     "@anthropic-ai/claude-code@$version" >&2; then
  echo "install-claude.sh: npm install of @anthropic-ai/claude-code@$version into $dir failed" >&2
  exit 1
fi
if ! "$claude" --version >/dev/null 2>&1; then
  echo "install-claude.sh: $claude does not run after install" >&2
  exit 1
fi
