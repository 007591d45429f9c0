#!/bin/sh
# Installs ccsync: the Debian packages it needs, a Release build, the binary and its alias
# claude-session-sync in PREFIX/bin, then (unless --no-setup) `ccsync init` on the embedded
# default when this user has not set ccsync up yet, `ccsync install-hooks` (Claude Code's hooks
# in this user's settings) and `ccsync status`. Safe to run again.
#
# usage: install/install.sh [--prefix DIR] [--no-setup] [--no-hooks]
#   --prefix DIR  where to install (default: /usr/local as root, ~/.local otherwise)
#   --no-setup    install only; do not run `ccsync init` / `install-hooks` / `status`
#   --no-hooks    do not register Claude Code's hooks (use the plugin, or install-hooks later)
set -eu
source_dir=$(cd "$(dirname "$0")/.." && pwd)
. "$source_dir/install/common.sh"

prefix=""
setup=yes
hooks=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }
              prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --no-setup) setup=no; shift ;;
    --no-hooks) hooks=no; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$prefix" ]; then
  if [ "$(id -u)" -eq 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi

install_missing $BUILD_PACKAGES

build_dir="$source_dir/build/release"
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCCSYNC_BUILD_TESTS=OFF \
  -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$build_dir" -j "$(build_jobs)"
if mkdir -p "$prefix/bin" 2>/dev/null && [ -w "$prefix/bin" ]; then
  cmake --install "$build_dir" >/dev/null
else
  as_root cmake --install "$build_dir" >/dev/null
fi
ccsync="$prefix/bin/ccsync"
echo "ccsync install: installed $("$ccsync" --version) as $ccsync and $prefix/bin/claude-session-sync"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "ccsync install: note: $prefix/bin is not on PATH" ;; esac

[ "$setup" = yes ] || exit 0
config="${CCSYNC_HOME:-$HOME/.claude-session-sync}/config.json"
if [ ! -e "$config" ]; then
  "$ccsync" init
fi
if [ "$hooks" = yes ]; then
  "$ccsync" install-hooks ||
    echo "ccsync install: the hooks are not registered (see above); fix that, then run '$ccsync install-hooks'" >&2
fi
"$ccsync" status
