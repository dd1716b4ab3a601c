"""The import graph of `specgen`'s modules, read with `ast` (nothing is imported), and its cycles.

`python tests/import_graph.py` prints the cycles: those made of module-level imports (which can break start-up),
then those that also go through imports inside functions (which run later, but still tie modules together).
`TYPE_CHECKING` imports are left out: they never run.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(sys.argv[1]) if len(sys.argv) > 1 and __name__ == "__main__" else Path(__file__).resolve().parents[1] / "src"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path, modules: set[str], lazy: bool) -> set[str]:
    """The specgen modules `path` imports: at module level only, or (`lazy`) anywhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt], top: bool) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _type_checking(node):
                continue
            if isinstance(node, ast.Import) and (top or lazy):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and (top or lazy):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                    )
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
            in_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)  # runs later, when called
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list) and children and isinstance(children[0], ast.stmt | ast.ExceptHandler):
                    visit(children, top and not in_function)  # type: ignore[arg-type]

    visit(tree.body, True)
    # importing a.b.c runs a/__init__ and a/b/__init__ first
    found |= {".".join(m.split(".")[:i]) for m in found for i in range(1, m.count(".") + 1)}
    return {m for m in found if m in modules and m != me}


def graph(lazy: bool) -> dict[str, set[str]]:
    paths = sorted((SRC / "specgen").rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports(p, modules, lazy) for p in paths}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            strong(v)
    return sorted(out)


if __name__ == "__main__":
    for lazy in (False, True):
        found = cycles(graph(lazy))
        label = "module-level imports" if not lazy else "all imports, inside functions too"
        print(f"{label}: {len(found)} cycle(s)")
        for c in found:
            print("  " + " <-> ".join(c))
