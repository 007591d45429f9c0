"""Rules on the include graph of src/: cycles, layers and front."""

import collections
import re

from lint_tree import Violation, component_of, folder_of

LAYERS_FILE = "tests/lint/layers.txt"
# Libraries the front must not reach: they are what the engine links and the front does not.
ENGINE_LIBRARIES = re.compile(r"^(git2\.h$|git2/|httplib\.h$|re2/|sodium\.h$|zlib\.h$|n?curses|CLI/)")
FIX_ENGINE_HEADER = ("stop including it from the front, or add its .cpp to ccsync_front if the "
                     "front may link it; its includes are then checked too")
FIX_ENGINE_LIBRARY = "the front links no engine library: move this include into an engine source"


def strongly_connected(graph):
    """Tarjan's algorithm, iterative: the components of more than one node, each sorted."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter[0]
                    counter[0] += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(sorted(members))
    return sorted(found)


def shortest_cycle(graph, start, members):
    """The shortest path start -> ... -> start inside members (breadth first)."""
    allowed = set(members)
    parent, queue = {}, collections.deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.get(node, ())):
            if successor not in allowed:
                continue
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return list(reversed(path)) + [start]
            if successor not in parent:
                parent[successor] = node
                queue.append(successor)
    return [start, start]


def lifted_graph(tree, key):
    """The include graph with files mapped by key: {a: {b: (file, line) of one such include}}."""
    graph = collections.defaultdict(dict)
    for path, targets in tree.edges.items():
        graph[key(path)]
        for line, target in targets:
            if key(target) != key(path):
                graph[key(path)].setdefault(key(target), (path, line))
    return graph


def report_cycles(graph, kind):
    for members in strongly_connected(graph):
        cycle = shortest_cycle(graph, members[0], members)
        file, line = graph[cycle[0]][cycle[1]]
        what = f"{kind} include cycle: {' -> '.join(cycle)}"
        if len(members) > len(cycle) - 1:
            what += f"; {len(members)} {kind}s are in this knot: {', '.join(members)}"
        yield Violation(file, line, what, "break one of these includes: move what both need into "
                        "a lower component, or split the one that is needed")


def rule_cycles(tree, args):
    """Components (a file's path without extension and _impl) and folders of src/ must form no
    include cycle: a cycle makes a knot that can only be understood, tested and moved as a whole."""
    yield from report_cycles(lifted_graph(tree, component_of), "component")
    yield from report_cycles(lifted_graph(tree, folder_of), "folder")


def read_layers(tree):
    """The folders of tests/lint/layers.txt, bottom first, or a Violation about the file."""
    if not tree.exists(LAYERS_FILE):
        return Violation(LAYERS_FILE, 1, "the module order is missing",
                         "list src/'s folders in it, one a line, bottom first")
    layers = {}
    for number, raw in enumerate(tree.read(LAYERS_FILE).split("\n"), 1):
        folder = raw.split("#", 1)[0].strip().strip("/")
        if not folder:
            continue
        if folder in layers:
            return Violation(LAYERS_FILE, number, f"{folder} is listed twice", "keep one")
        layers[folder] = len(layers)
    return layers


def rule_layers(tree, args):
    """A folder of src/ may include only folders listed at or before it in tests/lint/layers.txt:
    the modules stay a stack, so each can be read, tested and replaced with what is below it."""
    layers = read_layers(tree)
    if isinstance(layers, Violation):
        yield layers
        return
    unlisted = set()
    for path in tree.src_sources:
        folder = folder_of(path)
        if folder not in layers and folder not in unlisted:
            unlisted.add(folder)
            yield Violation(path, 1, f"the folder {folder} has no place in the module order",
                            f"add it to {LAYERS_FILE}")
    for path, targets in tree.edges.items():
        mine = folder_of(path)
        for line, target in targets:
            theirs = folder_of(target)
            if mine in layers and theirs in layers and layers[theirs] > layers[mine]:
                yield Violation(path, line, f"{mine} includes {target[4:]} of {theirs}, which is "
                                f"above it in {LAYERS_FILE}", "include only lower folders: move "
                                "the code down, or pass what it needs in from above")


_CMAKE_CALL = re.compile(r"\b(set|add_library|add_executable|target_sources)\s*\(([^)]*)\)", re.I)
_CMAKE_KEYWORDS = {"STATIC", "SHARED", "OBJECT", "MODULE", "INTERFACE", "PRIVATE", "PUBLIC",
                   "EXCLUDE_FROM_ALL"}
# Where the front's sources are listed: its library, its own sources and its executable.
_FRONT_CALLS = {("add_library", "ccsync_front"), ("target_sources", "ccsync_front"),
                ("add_executable", "ccsync")}


def cmake_words(words, variables):
    """The words of a CMake call with ${VAR} of set() expanded and keywords left out."""
    for word in words:
        variable = re.fullmatch(r"\$\{(\w+)\}", word)
        if variable:
            yield from variables.get(variable.group(1), [])
        elif word not in _CMAKE_KEYWORDS:
            yield word.replace("${CMAKE_CURRENT_SOURCE_DIR}/", "")


def front_sources(tree):
    """The .cpp files of ccsync_front (add_library, target_sources in src/**/CMakeLists.txt,
    with set() variables expanded) and of the ccsync executable; None without ccsync_front."""
    main = "src/CMakeLists.txt"
    if not tree.exists(main):
        return None
    others = [p for p in tree.files if p.startswith("src/") and p.endswith("/CMakeLists.txt")]
    variables, sources, found = {}, [], False
    for cmake in [main] + sorted(set(others) - {main}):
        folder = cmake[: -len("CMakeLists.txt")]
        text = re.sub(r"#[^\n]*", "", tree.read(cmake))
        for call in _CMAKE_CALL.finditer(text):
            command, words = call.group(1).lower(), call.group(2).split()
            if command == "set" and words:
                variables[words[0]] = list(cmake_words(words[1:], variables))
            elif words and (command, words[0]) in _FRONT_CALLS:
                found = found or command == "add_library"
                sources += [folder + w for w in cmake_words(words[1:], variables)
                            if w.endswith(".cpp")]
    return list(dict.fromkeys(sources)) if found else None


def front_closure(tree, sources):
    """Breadth first over the front's includes: {file: (includer, line)} of what it may reach,
    and the engine headers it reaches as (header, includer, line), each once."""
    front = {component_of(s) for s in sources if s.endswith(".cpp")}
    reached = {s: None for s in sources}
    engine, queue = [], collections.deque(sources)
    while queue:
        path = queue.popleft()
        for line, target in tree.edges.get(path, ()):
            if target in reached:
                continue
            component = component_of(target)
            if component in front or component not in tree.components_with_cpp:
                reached[target] = (path, line)
                queue.append(target)
            else:
                reached[target] = (path, line)
                engine.append(target)
    return reached, engine


def chain_to(reached, path):
    chain = [path]
    while reached[chain[-1]] is not None:
        chain.append(reached[chain[-1]][0])
    return " -> ".join(p[4:] for p in reversed(chain))


def rule_front(tree, args):
    """The front (ccsync_front: --version and the hooks) must not include an engine header or an
    engine library's header, even through other headers: the front stays a small binary that
    links neither libgit2, cpp-httplib, RE2, libsodium, ncurses nor CLI11, and starts fast."""
    sources = front_sources(tree)
    if sources is None:
        yield Violation("src/CMakeLists.txt", 1, "no ccsync_front library in src/CMakeLists.txt",
                        "add add_library(ccsync_front STATIC ...) listing the front's sources")
        return
    if not sources:
        yield Violation("src/CMakeLists.txt", 1, "ccsync_front lists no source",
                        "list the front's .cpp files in add_library(ccsync_front STATIC ...)")
    for missing in [s for s in sources if not tree.exists(s)]:
        yield Violation("src/CMakeLists.txt", 1, f"ccsync_front lists {missing[4:]}, which does "
                        "not exist", "fix the list")
    sources = [s for s in sources if tree.exists(s)]
    reached, engine = front_closure(tree, sources)
    for header in engine:
        includer, line = reached[header]
        yield Violation(includer, line, f"the front reaches the engine header {header[4:]}: "
                        f"{chain_to(reached, header)}", FIX_ENGINE_HEADER)
    for path in [p for p in reached if p not in engine]:
        for include in tree.source(path).includes:
            if not include.quoted and ENGINE_LIBRARIES.match(include.name):
                yield Violation(path, include.line, f"the front includes <{include.name}>: "
                                f"{chain_to(reached, path)}", FIX_ENGINE_LIBRARY)
