#!/bin/sh
# The front library's wall, tried as the build tries it: a file compiled with the front's include
# folder (only the front's headers, src/CMakeLists.txt) compiles while it includes front headers,
# and fails as soon as it includes an engine header such as git/repository.hpp.
# usage: front_build.sh CXX FRONT_INCLUDE_DIR GENERATED_DIR
set -eu
cxx=$1
front_include=$2
generated=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/hook"
compile() { "$cxx" -std=c++20 -fsyntax-only -I"$front_include" -I"$generated" "$1"; }

printf '#include "hook/dispatch.hpp"\nint main() { return 0; }\n' >"$dir/hook/control.cpp"
if ! compile "$dir/hook/control.cpp"; then
  echo "FAIL: a front file including only front headers does not compile" >&2
  exit 1
fi
printf '#include "hook/dispatch.hpp"\n#include "git/repository.hpp"\nint main() { return 0; }\n' \
  >"$dir/hook/planted.cpp"
if compile "$dir/hook/planted.cpp" 2>"$dir/errors"; then
  echo "FAIL: a front file including git/repository.hpp compiled" >&2
  exit 1
fi
if ! grep -q 'git/repository.hpp' "$dir/errors"; then
  echo "FAIL: the planted include failed for another reason:" >&2
  cat "$dir/errors" >&2
  exit 1
fi
echo "front_build: a planted engine include fails to compile, front headers compile"
