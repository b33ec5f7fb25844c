#!/usr/bin/env python3
"""The house read as a tree (issue 10's "Done when"), checked on every test run:

- no source file (src/, tests/, fuzz/) over 1000 lines;
- no include/call cycle among src/ files: a file includes a header, a .c file calls a function
  defined in another .c file, and following those arrows never leads back to where it started
  (a private header that includes its public one, as gnome-text-editor's window does, is fine);
- neither src/ui nor src/cli calls the probe (MailProbe) directly: they go through
  MailAccountCheck;
- nothing refers to a path outside the repository (../shared).
"""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
MAX_LINES = 1000

DEFINITION = re.compile(r"^([a-z_][a-z0-9_]*)\s*\(", re.M)
CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(")
INCLUDE = re.compile(r'^#include\s+"([^"]+)"', re.M)


def sources(folders, exts=(".c", ".h")):
    for folder in folders:
        for dirpath, _, names in os.walk(os.path.join(ROOT, folder)):
            for name in sorted(names):
                if name.endswith(exts):
                    yield os.path.join(dirpath, name)


def unit_of(path):
    return os.path.relpath(path, ROOT)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', text)


def find_cycles(graph):
    """Strongly connected components with more than one unit (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def main():
    problems = []

    for path in sources(["src", "tests", "fuzz"]):
        with open(path, encoding="utf-8", errors="replace") as f:
            count = sum(1 for _ in f)
        if count > MAX_LINES:
            problems.append("%s: %d lines (at most %d)"
                            % (os.path.relpath(path, ROOT), count, MAX_LINES))

    texts = {}
    for path in sources(["src"]):
        with open(path, encoding="utf-8", errors="replace") as f:
            texts[path] = f.read()
    header_unit = {}
    for p in texts:
        if p.endswith(".h"):
            header_unit.setdefault(os.path.basename(p), unit_of(p))
    defined_in, local = {}, {}
    for path, text in texts.items():
        if not path.endswith(".c"):
            continue
        lines = strip_comments(text).split("\n")
        for i, line in enumerate(lines):
            match = DEFINITION.match(line)
            if not match or match.group(1) == "main":
                continue
            previous = lines[i - 1] if i > 0 else ""
            if re.match(r"\s*static\b", previous) or line.startswith("static"):
                local.setdefault(unit_of(path), set()).add(match.group(1))
            else:
                defined_in.setdefault(match.group(1), unit_of(path))

    graph = {}
    for path, text in texts.items():
        unit = unit_of(path)
        uses = graph.setdefault(unit, set())
        for header in INCLUDE.findall(text):
            target = header_unit.get(os.path.basename(header))
            if target and target != unit:
                uses.add(target)
        if path.endswith(".c"):
            for name in set(CALL.findall(strip_comments(text))) - local.get(unit, set()):
                target = defined_in.get(name)
                if target and target != unit:
                    uses.add(target)
    for cycle in find_cycles(graph):
        members = set(cycle)
        edges = ["%s -> %s" % (a, b) for a in cycle for b in sorted(graph[a]) if b in members]
        problems.append("files that use each other (a cycle): " + "; ".join(edges))

    for path, text in texts.items():
        rel = os.path.relpath(path, ROOT)
        if rel.startswith(("src/ui", "src/cli")) and re.search(r"\bmail_probe_\w+\s*\(",
                                                               strip_comments(text)):
            problems.append("%s calls the probe directly (use MailAccountCheck)" % rel)

    for dirpath, dirnames, names in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in (".git",) and not d.startswith("build")
                       and d != "subprojects"]
        for name in names:
            path = os.path.join(dirpath, name)
            if os.path.abspath(path) == os.path.abspath(__file__):
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    if "../shared" in f.read():
                        problems.append("%s refers to ../shared, outside the repository"
                                        % os.path.relpath(path, ROOT))
            except (UnicodeDecodeError, OSError):
                pass

    for problem in problems:
        print(problem)
    print("%d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
