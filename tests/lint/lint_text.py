"""Rules on the text of single files: length, catch, exit, citations and includes-git2."""

import re

from lint_tree import Violation

MAX_LINES = 400
CATCH_FILE = "tests/lint/catch_allowlist.txt"
EXIT_HOME = "src/platform/process.cpp"

_CATCH = re.compile(r"\bcatch\s*\(")
_EXIT = re.compile(r"(?<![\w.>])(?:std::|::)?(exit|_exit|_Exit|quick_exit|abort)\s*\(")
_ENTRY = re.compile(r"^(?P<path>\S+)\s+(?P<count>\d+)\s*(?:#\s*(?P<reason>.*?))?\s*$")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*")
_CITED = re.compile(r"(?<![\w./~<-])([\w./-]*[\w-]\.(?:md|hpp|cpp|h|sh|cmake|py))(?![\w-]|\.\w)")
_USER_FILES = {"CLAUDE.md", "MEMORY.md"}
_PLACEHOLDER = re.compile(r"(^|/)[A-Z][A-Z0-9_]*/")

# (what, the include names it covers, where it may be included): each library has one home.
LIBRARY_HOMES = [
    ("<git2.h>", re.compile(r"^git2(\.h$|/)"), ("src/git/",)),
    ("<httplib.h>", re.compile(r"^httplib\.h$"), ("src/github/", "tests/support/")),
    ("<curses.h>", re.compile(r"^(n?curses)"), ("src/cli/picker.cpp",)),
    ("<libsecret/secret.h>", re.compile(r"^(libsecret/|glib|gio/)"), ("src/crypto/keychain.cpp",)),
]


def plural(count, word):
    return f"{count} {word}" + ("" if count == 1 else "s")


def cpp_sources(tree):
    return tree.select(["src/"], (".cpp", ".hpp"))


def rule_length(tree, args):
    """A source file of src/ has at most 400 lines: a longer one holds more than one idea, and
    one idea per file is what lets a reader (or a model) find and change it."""
    for path in cpp_sources(tree):
        count = tree.source(path).line_count
        if count > MAX_LINES:
            yield Violation(path, MAX_LINES + 1, f"{count} lines, more than {MAX_LINES}",
                            "split it by idea into files of at most 400 lines")


def catch_lines(source):
    code = source.code
    return [code.count("\n", 0, m.start()) + 1 for m in _CATCH.finditer(code)]


def read_allowlist(tree):
    """{path: (count, line)} of tests/lint/catch_allowlist.txt, and the violations of the file."""
    entries, problems = {}, []
    if not tree.exists(CATCH_FILE):
        return entries, problems
    for number, raw in enumerate(tree.read(CATCH_FILE).split("\n"), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        entry = _ENTRY.match(raw.strip())
        if not entry:
            problems.append(Violation(CATCH_FILE, number, f"cannot read the entry '{raw.strip()}'",
                                      "write `src/PATH COUNT  # why these catches are needed`"))
            continue
        path = entry.group("path")
        if not entry.group("reason"):
            problems.append(Violation(CATCH_FILE, number, f"the entry of {path} gives no reason",
                                      "end it with `# why these catches are needed`"))
        if path in entries:
            problems.append(Violation(CATCH_FILE, number, f"{path} is listed twice",
                                      "keep one entry"))
        entries[path] = (int(entry.group("count")), number)
    return entries, problems


def rule_catch(tree, args):
    """Every `catch (` of src/ is counted in tests/lint/catch_allowlist.txt with its reason:
    errors travel to a boundary (the command, the hook, one item of a batch) and are handled
    there once; a catch elsewhere tends to hide a failure, so each one is a decision on record."""
    entries, problems = read_allowlist(tree)
    yield from problems
    for path in cpp_sources(tree):
        lines = catch_lines(tree.source(path))
        allowed, number = entries.get(path, (0, None))
        if len(lines) > allowed:
            where = f"{CATCH_FILE}:{number}" if number else CATCH_FILE
            yield Violation(path, lines[allowed], f"{plural(len(lines), 'catch clause')}, "
                            f"{allowed} allowed",
                            f"let the error reach its boundary, or allow {len(lines)} in {where} "
                            "and say why")
        elif len(lines) < allowed:
            yield Violation(CATCH_FILE, number, f"{path} is allowed "
                            f"{plural(allowed, 'catch clause')} and has {len(lines)}",
                            f"lower the count to {len(lines)}"
                            + (" (remove the entry)" if not lines else ""))
    for path, (allowed, number) in sorted(entries.items()):
        if not tree.exists(path):
            yield Violation(CATCH_FILE, number, f"{path} does not exist",
                            "move the entry to the file's new path, or remove it")


def rule_exit(tree, args):
    """Only src/platform/process.cpp ends the process (exit, _exit, quick_exit, abort): anywhere
    else it would skip destructors, so locks stay taken, files half written and logs unflushed;
    code throws an Error instead and the boundary turns it into the exit code."""
    for path in cpp_sources(tree):
        if path == EXIT_HOME:
            continue
        code = tree.source(path).code
        for match in _EXIT.finditer(code):
            line = code.count("\n", 0, match.start()) + 1
            yield Violation(path, line, f"calls {match.group().rstrip('( ')}()",
                            f"throw an Error to the boundary, or use {EXIT_HOME}")


def known_suffixes(tree):
    """Every path of the repository and each of its tails: cli/front.hpp, front.hpp, ..."""
    suffixes = set()
    for path in tree.known:
        for name in (path, path[: -len(".in")] if path.endswith(".in") else None):
            parts = name.split("/") if name else []
            suffixes.update("/".join(parts[i:]) for i in range(len(parts)))
    return suffixes


def cited_names(comment):
    """The file names a comment cites, minus URLs, <system headers> and user data files."""
    for match in _CITED.finditer(_URL.sub(" ", comment)):
        name = match.group(1)
        while name.startswith(("./", "../")):
            name = name.split("/", 1)[1]
        if name.startswith("/") or name.rsplit("/", 1)[-1] in _USER_FILES:
            continue  # outside the repository (/etc/...), or a user's file
        if name.startswith(("tests/fixtures/", "fixtures/")) or _PLACEHOLDER.search(name):
            continue  # test data, or a path with a placeholder (DIR/bench.md)
        yield name


def citing_sources(tree):
    cpp = (".cpp", ".hpp", ".h", ".hpp.in", ".h.in")
    install = [p for p in tree.select(["install/"], (".sh",)) if p.count("/") == 1]
    return (tree.select(["src/", "tests/"], cpp) + tree.select(["tests/"], (".sh",)) + install)


def rule_citations(tree, args):
    """A comment that names a file (a .md, .hpp, .cpp, .h, .sh, .cmake or .py) names one that is
    in the repository: comments point readers to the design notes and code they depend on, and
    a pointer to a file that was moved, renamed or never committed misleads."""
    suffixes = known_suffixes(tree)
    for path in citing_sources(tree):
        source = tree.source(path)
        lines = source.text.split("\n")
        for line, comment in source.comments:
            if re.match(r"\s*#\s*include\b", lines[line - 1]):
                continue
            for name in dict.fromkeys(cited_names(comment)):
                if name not in suffixes:
                    yield Violation(path, line, f"cites {name}, which is not in the repository",
                                    "point to the file's current path, or drop the citation")


def rule_includes_git2(tree, args):
    """libgit2 is included only under src/git/, cpp-httplib only under src/github/ (and the test
    servers of tests/support/), curses only in src/cli/picker.cpp: each library stays behind the
    one module that wraps it, so replacing it or auditing its use means reading one folder."""
    for path in tree.select(["src/", "tests/"], (".cpp", ".hpp", ".h")):
        for include in tree.source(path).includes:
            if include.quoted:
                continue
            for what, names, homes in LIBRARY_HOMES:
                if names.match(include.name) and not path.startswith(homes):
                    yield Violation(path, include.line, f"includes <{include.name}> outside "
                                    f"{' and '.join(homes)}", f"use {what} only in "
                                    f"{' or '.join(homes)}, through its module's own header")
