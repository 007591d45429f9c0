#!/usr/bin/env python3
"""ccsync's lint: the rules that CI checks (issue 21, item 6).

usage: lint.py [--root DIR] [--clang-format PATH] [--only RULE,...] [--times]

Prints one line per violation, `lint: <rule>: <file>:<line>: <what> (<how to fix>)`, and exits 1;
exits 0 with a one-line summary when the tree is clean. When clang-format is not installed the
other rules still run: lint exits 1 if they find something, else 125 (CTest's "skipped").
Each rule's docstring (lint_graph.py, lint_text.py, lint_format.py) says why the rule exists;
tests/lint/check_fixtures.py proves that each rule can fail.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import argparse  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

from lint_format import ToolMissing, rule_format  # noqa: E402
from lint_graph import rule_cycles, rule_front, rule_layers  # noqa: E402
from lint_text import (rule_catch, rule_citations, rule_exit, rule_includes_git2,  # noqa: E402
                       rule_length)
from lint_tree import Tree  # noqa: E402

RULES = {
    "format": rule_format,
    "cycles": rule_cycles,
    "layers": rule_layers,
    "length": rule_length,
    "catch": rule_catch,
    "exit": rule_exit,
    "citations": rule_citations,
    "front": rule_front,
    "includes-git2": rule_includes_git2,
}
EXIT_VIOLATIONS, EXIT_SKIPPED = 1, 125


def parse_args(argv):
    default_root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "..", ".."))
    parser = argparse.ArgumentParser(prog="lint.py", description="Checks ccsync's source rules.")
    parser.add_argument("--root", default=default_root, help="the tree to check (the repository)")
    parser.add_argument("--clang-format", help="the clang-format program (default: from PATH)")
    parser.add_argument("--only", help="comma-separated rules to run: " + ",".join(RULES))
    parser.add_argument("--times", action="store_true", help="print each rule's run time")
    args = parser.parse_args(argv)
    args.rules = list(RULES)
    if args.only:
        args.rules = [r.strip() for r in args.only.split(",") if r.strip()]
        unknown = [r for r in args.rules if r not in RULES]
        if unknown:
            parser.error(f"unknown rule {', '.join(unknown)} (rules: {', '.join(RULES)})")
    if not os.path.isdir(args.root):
        parser.error(f"no such directory: {args.root}")
    return args


def run_rule(name, tree, args):
    """(violation lines, skip message or None) of one rule."""
    try:
        found = list(RULES[name](tree, args))
    except ToolMissing as missing:
        return [], f"lint: {name}: skipped: {missing}"
    return [f"lint: {name}: {v.file}:{v.line}: {v.what} ({v.fix})" for v in found], None


def main(argv):
    args = parse_args(argv)
    started = time.monotonic()
    tree = Tree(args.root)
    if args.times:
        print(f"lint: time: listing files {time.monotonic() - started:.2f} s", file=sys.stderr)
    failed, skipped = [], []
    for name in args.rules:
        rule_started = time.monotonic()
        lines, skip = run_rule(name, tree, args)
        for line in lines:
            print(line)
        failed += [name] * len(lines)
        skipped += [skip] if skip else []
        if args.times:
            print(f"lint: time: {name} {time.monotonic() - rule_started:.2f} s", file=sys.stderr)
    for skip in skipped:
        print(skip)
    seconds = time.monotonic() - started
    if failed:
        rules = ", ".join(f"{r} {failed.count(r)}" for r in dict.fromkeys(failed))
        count = f"{len(failed)} violation" + ("" if len(failed) == 1 else "s")
        print(f"lint: {count} ({rules}) in {seconds:.1f} s")
        return EXIT_VIOLATIONS
    if skipped:
        print(f"lint: no violations in the rules that ran, {len(skipped)} skipped "
              f"({seconds:.1f} s)")
        return EXIT_SKIPPED
    rules = f"{len(args.rules)} rule" + ("" if len(args.rules) == 1 else "s")
    print(f"lint: ok: {rules}, {len(tree.files)} files ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
