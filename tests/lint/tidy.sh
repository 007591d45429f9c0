#!/bin/sh
# clang-tidy 14 with the repository's .clang-tidy over every source file of src/ (issue 21, item
# 6): fails on any warning. Headers of src/ are checked through the files that include them
# (HeaderFilterRegex); a warning in a header is listed once, not once per file including it.
# Every core is used: about 23 minutes of CPU time, 11 to 12 minutes on 2 idle cores.
# usage: tidy.sh BUILD_DIR SOURCE_DIR   (BUILD_DIR holds the build's compile_commands.json)
# Exits 125 (CTest's "skipped") when clang-tidy 14 is not installed (Debian: clang-tidy).
set -eu
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)

runner=$(command -v run-clang-tidy-14 || true)
tidy=$(command -v clang-tidy-14 || true)
if [ -z "$runner" ] || [ -z "$tidy" ]; then
  echo "tidy: skipped: clang-tidy 14 is not installed (apt-get install clang-tidy)"
  exit 125
fi
if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "tidy: no compile_commands.json in $build_dir (configure it with CMake first)" >&2
  exit 1
fi

out=$(mktemp)
trap 'rm -f "$out" "$out.found"' EXIT
jobs=$(nproc 2>/dev/null || echo 2)
# The files are a regular expression on the compile database's absolute paths: src/ of this tree.
pattern="^$(printf '%s' "$source_dir" | sed 's/[].[^$*+?(){}|\\]/\\&/g')/src/.*\\.cpp\$"
started=$(date +%s)
status=0
"$runner" -clang-tidy-binary "$tidy" -p "$build_dir" -j "$jobs" -quiet "$pattern" >"$out" 2>&1 ||
  status=$?
seconds=$(($(date +%s) - started))

# One line per diagnostic, colours off, headers reached through the build's front-include links
# (src/CMakeLists.txt) named by their place in src/, each diagnostic once.
sed 's/\x1b\[[0-9;]*m//g' "$out" |
  grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' |
  sed "s|^$build_dir/src/front-include/|$source_dir/src/|; s|^$source_dir/||" |
  sort -u >"$out.found" || true
count=$(wc -l <"$out.found")
files=$(grep -c "\"file\": \"$source_dir/src/.*\\.cpp\"" "$build_dir/compile_commands.json" || true)

if [ "$count" -gt 0 ]; then
  cat "$out.found"
  echo "tidy: warnings per check:"
  sed -n 's/.*\[\([^]]*\)\]$/\1/p' "$out.found" | sort | uniq -c | sort -rn
  echo "tidy: FAIL: $count warnings in src/ ($files files, ${seconds} s); fix the code, or see" \
    ".clang-tidy for when a check may be turned off"
  exit 1
fi
if [ "$status" -ne 0 ]; then
  cat "$out"
  echo "tidy: FAIL: run-clang-tidy exited $status" >&2
  exit 1
fi
echo "tidy: ok: no warnings in src/ ($files files, ${seconds} s with $jobs jobs)"
