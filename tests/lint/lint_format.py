"""The format rule: clang-format over the C++ of src/ and tests/, in parallel batches."""

import os
import re
import shutil
import subprocess

from lint_tree import Violation

# clang-format --dry-run --Werror: "src/x.cpp:12:3: error: code should be clang-formatted [...]"
_DIFFERENCE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):\d+: (?:error|warning): code should be "
                         r"clang-formatted", re.M)


class ToolMissing(Exception):
    """A rule needs a program that is not installed."""


def find_clang_format(requested):
    """The clang-format to run: --clang-format PATH, else clang-format or clang-format-14."""
    for name in ([requested] if requested else ["clang-format", "clang-format-14"]):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(f"{requested or 'clang-format'} not found; install/test.sh installs the "
                      "Debian package clang-format (apt-get install clang-format)")


def batches(files, count):
    """Splits files into at most count lists of about equal size."""
    return [files[i::count] for i in range(count) if files[i::count]]


def run_batches(program, root, files):
    """Runs clang-format --dry-run --Werror on the files, one process per CPU; their stderr."""
    jobs = max(1, min(os.cpu_count() or 2, 8))
    processes = [subprocess.Popen([program, "--dry-run", "--Werror", *batch], cwd=root,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for batch in batches(files, jobs)]
    outputs = []
    for process in processes:
        _, err = process.communicate()
        outputs.append((process.returncode, err.decode(errors="replace")))
    return outputs


def rule_format(tree, args):
    """The C++ of src/ and tests/ is exactly as clang-format (14, the repository's .clang-format)
    writes it: one layout for everyone means diffs show changes, not taste."""
    program = find_clang_format(args.clang_format)
    files = tree.select(["src/", "tests/"], (".cpp", ".hpp"))
    differences = {}
    for code, err in run_batches(program, tree.root, files):
        found = list(_DIFFERENCE.finditer(err))
        for match in found:
            file = match.group("file")
            first, count = differences.get(file, (int(match.group("line")), 0))
            differences[file] = (first, count + 1)
        if code != 0 and not found:
            message = err.strip().split("\n")[0] if err.strip() else f"exit code {code}"
            yield Violation(".clang-format", 1, f"clang-format failed: {message}",
                            "run clang-format by hand on one of the files to see why")
    for file, (first, count) in sorted(differences.items()):
        places = "1 place differs" if count == 1 else f"{count} places differ"
        yield Violation(file, first, f"{places} from .clang-format", f"run clang-format -i {file}")
