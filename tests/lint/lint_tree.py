"""The source tree as lint sees it: which files exist, their code without comments and strings,
their comments, and the include graph of src/ over components and folders."""

import bisect
import functools
import os
import re
import subprocess
from dataclasses import dataclass, field

CPP_EXTENSIONS = (".cpp", ".hpp", ".h")
# Trees that are data, not sources: lint's own fixtures (whole trees that break rules on purpose)
# and the test fixtures (user files, transcripts).
DATA_DIRS = ("tests/lint/fixtures/", "tests/fixtures/")
SKIPPED_WALK_DIRS = {".git", "node_modules", ".cache"}

# One token of C++ that hides code: a comment, a (raw) string or character literal, or a number
# (so that a digit separator, 1'000, is not taken for a character literal).
_CPP_TOKEN = re.compile(
    r"""(?P<line>//[^\n]*)
      | (?P<block>/\*.*?(?:\*/|\Z))
      | (?P<raw>(?<!\w)(?:u8|[uUL])?R"(?P<delim>[^()\\\s"]{0,16})\(.*?\)(?P=delim)")
      | (?P<str>(?:(?<!\w)(?:u8|[uUL]))?"(?:\\.|[^"\\\n])*")
      | (?P<chr>(?:(?<!\w)[uUL])?'(?:\\.|[^'\\\n])+')
      | (?P<num>(?<![\w.])\.?\d(?:[eEpP][+-]|[\w.'])*)""",
    re.S | re.X,
)
_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]', re.M)
_HEREDOC = re.compile(r"(?<!<)<<-?(?!<)\s*(['\"]?)([A-Za-z_]\w*)\1")


@dataclass
class Violation:
    """One broken rule, printed as `lint: <rule>: <file>:<line>: <what> (<fix>)`."""

    file: str
    line: int
    what: str
    fix: str


@dataclass
class Include:
    line: int
    quoted: bool  # "..." rather than <...>
    name: str


@dataclass
class Source:
    """One file, lexed: `code` has comments blanked and literals emptied, line numbers kept."""

    path: str  # relative to the root, with forward slashes
    text: str
    code: str = ""
    comments: list = field(default_factory=list)  # (line, text), one per physical line
    includes: list = field(default_factory=list)

    @property
    def line_count(self):
        return self.text.count("\n") + (0 if self.text.endswith("\n") or not self.text else 1)


def _newlines(text):
    """The offsets of the newlines of text, for _line_of."""
    return [m.start() for m in re.finditer("\n", text)]


def _line_of(newlines, offset):
    """The line number (from 1) of an offset."""
    return bisect.bisect_left(newlines, offset) + 1


def lex_cpp(path, text):
    """Splits C++ into code (comments and literal contents removed) and comments."""
    newlines = _newlines(text)
    code, comments, last = [], [], 0
    for token in _CPP_TOKEN.finditer(text):
        kind, body = token.lastgroup, token.group()
        if kind == "num":
            continue
        code.append(text[last : token.start()])
        last = token.end()
        blank_lines = "\n" * body.count("\n")
        if kind in ("line", "block"):
            first = _line_of(newlines, token.start())
            comments += [(first + i, part) for i, part in enumerate(body.split("\n"))]
            code.append(" " + blank_lines)
        else:
            quote = '"' if kind in ("raw", "str") else "'"
            code.append(quote + quote + blank_lines)
    code.append(text[last:])
    source = Source(path, text, "".join(code), comments)
    code_lines = source.code.split("\n")
    for match in _INCLUDE.finditer(text):
        line = _line_of(newlines, match.start())
        if code_lines[line - 1].lstrip().startswith("#"):
            source.includes.append(Include(line, match.group(1) == '"', match.group(2).strip()))
    return source


def _shell_comment(line):
    """The comment of one line of shell (a `#` that starts a word, outside quotes), or None."""
    quote, previous = None, " "
    for i, c in enumerate(line):
        if quote:
            if c == quote and (quote == "'" or previous != "\\"):
                quote = None
        elif c in "'\"" and previous != "\\":
            quote = c
        elif c == "#" and (previous.isspace() or previous in ";&|("):
            return line[i:]
        previous = "" if previous == "\\" and c == "\\" else c
    return None


def lex_shell(path, text):
    """Collects the comments of a shell script, skipping the #! line and here-documents."""
    source, heredoc = Source(path, text, text), None
    for number, line in enumerate(text.split("\n"), 1):
        if heredoc:
            if line.strip() == heredoc:
                heredoc = None
            continue
        if number == 1 and line.startswith("#!"):
            continue
        comment = _shell_comment(line)
        if comment is not None:
            source.comments.append((number, comment))
        code = line if comment is None else line[: len(line) - len(comment)]
        opened = _HEREDOC.search(code)
        heredoc = opened.group(2) if opened else None
    return source


def component_of(src_path):
    """src/git/repository_impl.hpp -> git/repository."""
    path = src_path[len("src/") :]
    stem = os.path.splitext(path)[0]
    return stem[: -len("_impl")] if stem.endswith("_impl") else stem


def folder_of(src_path):
    """The folder of a file under src/, relative to src/: "sync/store", or "." for src/ itself."""
    return os.path.dirname(src_path[len("src/") :]) or "."


class Tree:
    """The files under a root and, lazily, their lexed contents and the include graph of src/."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.known, self.files = self._list_files()

    def _list_files(self):
        """Returns (every tracked-or-present path, the present ones) relative to the root."""
        if os.path.isdir(os.path.join(self.root, ".git")):
            listed = subprocess.run(
                ["git", "-C", self.root, "ls-files", "-z", "--cached", "--others",
                 "--exclude-standard"],
                capture_output=True, check=False)
            if listed.returncode == 0:
                known = sorted({p for p in listed.stdout.decode().split("\0") if p})
                present = [p for p in known if os.path.isfile(os.path.join(self.root, p))]
                return known, present
        present = []
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_WALK_DIRS
                             and not (folder == self.root and d.startswith("build")))
            rel = os.path.relpath(folder, self.root)
            present += [n if rel == "." else rel + "/" + n for n in sorted(names)]
        return present, present

    def read(self, path):
        with open(os.path.join(self.root, path), encoding="utf-8", errors="replace") as f:
            return f.read()

    def exists(self, path):
        return os.path.isfile(os.path.join(self.root, path))

    def select(self, folders, extensions):
        """Present files under any of the folders ("" for the root) with one of the extensions."""
        return [p for p in self.files
                if p.endswith(extensions) and not p.startswith(DATA_DIRS)
                and any(p.startswith(f) for f in folders)]

    @functools.lru_cache(maxsize=None)
    def source(self, path):
        if path.endswith(".sh"):
            return lex_shell(path, self.read(path))
        return lex_cpp(path, self.read(path))

    @functools.cached_property
    def src_sources(self):
        """Every C++ file under src/ (not generated ones: version.hpp is made in the build tree)."""
        return self.select(["src/"], CPP_EXTENSIONS)

    @functools.cached_property
    def src_set(self):
        return set(self.src_sources)

    def resolve(self, include):
        """The file under src/ a quoted include names, or None (generated or third-party)."""
        candidate = "src/" + include.name
        return candidate if candidate in self.src_set else None

    @functools.cached_property
    def edges(self):
        """Include edges between files of src/: {file: [(line, included file)]}."""
        graph = {}
        for path in self.src_sources:
            targets = []
            for include in self.source(path).includes:
                target = self.resolve(include) if include.quoted else None
                if target:
                    targets.append((include.line, target))
            graph[path] = targets
        return graph

    @functools.cached_property
    def components_with_cpp(self):
        return {component_of(p) for p in self.src_sources if p.endswith(".cpp")}
