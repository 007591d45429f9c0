#!/usr/bin/env python3
"""Proves that each lint rule can fail: runs lint.py on every tree of tests/lint/fixtures/.

usage: check_fixtures.py [--clang-format PATH] [--keep]

fixtures/clean/ must pass every rule. Every other fixture must fail with exactly the lines of its
expected.txt, in order: each expected line is the start of one violation (after "lint: "). A
fixture named after a rule (fixtures/cycles/) must break that rule only; other fixtures
(cycles-folders, front-missing) show a rule's other failures.

A fixture is copied into a temporary directory first: there a file's trailing ".in" is dropped
(the C++ files are stored as x.cpp.in so that the build's glob of tests/*.cpp, `format` and
`check_format`, never sees them), expected.txt is left out, and the repository's .clang-format
is added when the fixture has none. Exits 0 when every fixture behaves, 1 when one does not,
125 (CTest's "skipped") when all is well but clang-format is missing, so `format` went unproven.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

from lint import RULES  # noqa: E402
from lint_format import ToolMissing, find_clang_format  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
REPOSITORY = os.path.normpath(os.path.join(HERE, "..", ".."))


def materialize(fixture, target):
    """Copies a fixture to target, dropping ".in" from names and leaving out expected.txt."""
    for folder, _, names in os.walk(fixture):
        rel = os.path.relpath(folder, fixture)
        for name in names:
            if rel == "." and name == "expected.txt":
                continue
            destination = os.path.join(target, rel, name[: -len(".in")] if name.endswith(".in")
                                       else name)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            shutil.copyfile(os.path.join(folder, name), destination)
    if not os.path.exists(os.path.join(target, ".clang-format")):
        shutil.copyfile(os.path.join(REPOSITORY, ".clang-format"),
                        os.path.join(target, ".clang-format"))


def expected_lines(fixture):
    path = os.path.join(fixture, "expected.txt")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def run_lint(root, clang_format):
    """(exit code, violation lines without "lint: ") of lint.py on root."""
    command = [sys.executable, os.path.join(HERE, "lint.py"), "--root", root]
    if clang_format:
        command += ["--clang-format", clang_format]
    else:
        command += ["--only", ",".join(r for r in RULES if r != "format")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line[len("lint: "):] for line in done.stdout.splitlines()]
    violations = [line for line in lines
                  if line.split(":")[0] in RULES and ": skipped:" not in line]
    return done.returncode, violations, done.stdout + done.stderr


def problems_of(name, code, violations, expected):
    """What is wrong with one fixture's result, as a list of lines (empty when it behaves)."""
    if name == "clean":
        return [] if code == 0 and not violations else [f"expected a pass, got exit {code}"]
    problems = [] if code == 1 else [f"expected exit 1, got {code}"]
    if not expected:
        problems.append("has no expected.txt")
    if name in RULES and any(e.split(":")[0] != name for e in expected):
        problems.append(f"expected.txt names a rule other than {name}")
    for i in range(max(len(expected), len(violations))):
        want = expected[i] if i < len(expected) else "(nothing)"
        got = violations[i] if i < len(violations) else "(nothing)"
        if i >= len(expected) or i >= len(violations) or not got.startswith(want):
            problems.append(f"line {i + 1}: expected '{want}', got '{got}'")
    return problems


def check(name, clang_format, keep):
    """Runs one fixture; returns its problems, or None when it was skipped."""
    if name == "format" and not clang_format:
        return None
    fixture = os.path.join(FIXTURES, name)
    target = tempfile.mkdtemp(prefix=f"lint-{name}-")
    try:
        materialize(fixture, target)
        code, violations, output = run_lint(target, clang_format)
        problems = problems_of(name, code, violations, expected_lines(fixture))
        if problems:
            problems.append("lint said:\n" + output.rstrip())
        return problems
    finally:
        if keep:
            print(f"check_fixtures: {name}: kept in {target}")
        else:
            shutil.rmtree(target, ignore_errors=True)


def main(argv):
    parser = argparse.ArgumentParser(prog="check_fixtures.py", description=__doc__.split("\n")[0])
    parser.add_argument("--clang-format", help="the clang-format program (default: from PATH)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary trees")
    args = parser.parse_args(argv)
    try:
        clang_format = find_clang_format(args.clang_format)
    except ToolMissing as missing:
        clang_format = None
        print(f"check_fixtures: format fixture skipped: {missing}")
    names = sorted(os.listdir(FIXTURES))
    failed = [f"no fixture for the rule {r}" for r in RULES if r not in names]
    failed += [] if "clean" in names else ["no clean fixture"]
    for name in names:
        problems = check(name, clang_format, args.keep)
        status = "skipped" if problems is None else "ok" if not problems else "FAILED"
        print(f"check_fixtures: {name}: {status}")
        failed += [f"{name}: {p}" for p in problems or []]
    for problem in failed:
        print(f"check_fixtures: {problem}")
    if failed:
        return 1
    return 125 if clang_format is None else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
