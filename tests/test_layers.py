"""The import order of awscompat's layers (docs/architecture.md), enforced on the source.

Every module under src/awscompat is parsed with `ast`; every `import` / `from ... import` of
awscompat counts, wherever it is written (module level, inside a function, under
`if TYPE_CHECKING:`): a dependency hidden in a function is still a dependency. Each module is
mapped to a layer (LAYERS, the longest matching prefix wins) and the test fails on

- an import of a module in a higher layer (same-layer imports are allowed), and
- an import cycle between modules (a strongly connected component of more than one module),
  whatever the layers.

KNOWN_CYCLES lists the cycles left on purpose, each with the reason; the test also fails when one of
them is gone or has grown (so the list stays true). Nothing here imports awscompat: the test reads
source text only.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Low to high. A module belongs to the layer of the longest prefix that names it ("awscompat" names
# only the package's __init__, the public API: a new top-level module must be placed explicitly).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("results", ("awscompat.results", "awscompat.version", "awscompat.userfiles")),
    ("spec", ("awscompat.spec",)),
    ("case-format", ("awscompat.catalog.case", "awscompat.catalog.casefile", "awscompat.catalog.features")),
    ("engine", ("awscompat.engine",)),
    ("catalog", ("awscompat.catalog", "awscompat.families", "awscompat.scenarios", "awscompat.cases")),
    ("run", ("awscompat.engine.runner", "awscompat.engine.workers", "awscompat.engine.distributed",
             "awscompat.faults", "awscompat.providers")),
    ("judge", ("awscompat.ratings", "awscompat.reports", "awscompat.diffing", "awscompat.advisor",
               "awscompat.market.model", "awscompat.market.report")),
    ("execution", ("awscompat.execution",)),
    ("front", ("awscompat", "awscompat.__main__", "awscompat.api", "awscompat.cli", "awscompat.service",
               "awscompat.market")),
]
RANK = {name: n for n, (name, _) in enumerate(LAYERS)}

# Cycles left on purpose: frozenset of modules -> why. Each must exist exactly as listed
# (docs/architecture.md, "Import order").
KNOWN_CYCLES: dict[frozenset[str], str] = {
    frozenset({"awscompat.engine.transport", "awscompat.engine.jsdriver"}):
        "the JS driver reads transport's thread-local call state (_active, _sink); breaking it moves that "
        "state into a module of its own, a change inside transport.py (restructured by another change)",
    frozenset({"awscompat.engine.runner", "awscompat.engine.workers", "awscompat.engine.distributed.pool",
               "awscompat.engine.distributed.app"}):
        "the runner creates its process and broker pools, which run a Runner (and runner._result) in their "
        "processes; breaking it injects the pool into the runner or moves per-case execution out of runner.py",
}


def modules(src: Path = SRC) -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in sorted((src / "awscompat").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return out


def _owner(name: str, mods: dict) -> str:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name


def import_graph(src: Path = SRC) -> dict[str, dict[str, int]]:
    """module -> {imported awscompat module: line of the first such import}."""
    mods = modules(src)
    graph: dict[str, dict[str, int]] = defaultdict(dict)
    for mod, (path, is_pkg) in mods.items():
        package = mod if is_pkg else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.split(".")[0] == "awscompat"]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
                if base.split(".")[0] != "awscompat":
                    continue
                # `from pkg import name`: the submodule pkg.name when there is one, else pkg itself
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for target in targets:
                owner = _owner(target, mods)
                if owner and owner != mod:
                    graph[mod].setdefault(owner, node.lineno)
    return graph


def layer_of(mod: str) -> str:
    best, best_len = "", -1
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            inside = mod == prefix or (prefix != "awscompat" and mod.startswith(prefix + "."))
            if inside and len(prefix) > best_len:
                best, best_len = name, len(prefix)
    return best


def upward_imports(graph: dict[str, dict[str, int]]) -> list[str]:
    out = []
    for mod, targets in sorted(graph.items()):
        for target, line in sorted(targets.items()):
            low, high = layer_of(mod), layer_of(target)
            if low and high and RANK[high] > RANK[low]:  # unmapped ones: test_every_module_has_a_layer
                out.append(f"{mod}:{line} imports {target} ({low} < {high})")
    return out


def cycles(graph: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    nodes = sorted(set(graph) | {t for ts in graph.values() for t in ts})
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, {}))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, {})))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp.add(member)
                    if member == node:
                        break
                if len(comp) > 1:
                    found.append(frozenset(comp))
    return found


def describe(comp: frozenset[str], graph: dict[str, dict[str, int]]) -> str:
    edges = [f"{a}:{graph[a][b]} -> {b}" for a in sorted(comp) for b in sorted(graph.get(a, {})) if b in comp]
    return "cycle: " + "; ".join(edges)


def test_every_module_has_a_layer():
    unmapped = [m for m in modules() if not layer_of(m)]
    assert not unmapped, f"modules outside every layer (add them to LAYERS and docs/architecture.md): {unmapped}"


def test_no_import_of_a_higher_layer():
    bad = upward_imports(import_graph())
    assert not bad, "imports of a higher layer:\n" + "\n".join(bad)


def test_no_import_cycles():
    graph = import_graph()
    found = cycles(graph)
    new = [describe(c, graph) for c in found if c not in KNOWN_CYCLES]
    gone = [sorted(c) for c in KNOWN_CYCLES if c not in found]
    assert not new, "import cycles:\n" + "\n".join(new)
    assert not gone, f"listed in KNOWN_CYCLES but no longer a cycle (remove them): {gone}"


def test_results_imports_nothing_else_of_awscompat():
    graph = import_graph()
    leaks = [f"{m} -> {t}" for m, ts in graph.items() if m.startswith("awscompat.results")
             for t in ts if not t.startswith(("awscompat.results", "awscompat.spec"))]
    assert not leaks, leaks


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "awscompat" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_checks_see_hidden_imports(tmp_path):
    """The graph catches imports inside functions and under TYPE_CHECKING, relative imports, and
    `from pkg import module`; the cycle finder and the layer check report them."""
    src = _write(tmp_path, {
        "__init__.py": "",
        "results/__init__.py": "",
        "results/a.py": "def f():\n    from awscompat.engine import b\n",
        "engine/__init__.py": "",
        "engine/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..results.a import f\n",
        "engine/c.py": "import os\n",
    })
    graph = import_graph(src)
    assert graph["awscompat.results.a"] == {"awscompat.engine.b": 2}
    assert graph["awscompat.engine.b"] == {"awscompat.results.a": 3}
    assert cycles(graph) == [frozenset({"awscompat.results.a", "awscompat.engine.b"})]
    assert upward_imports(graph) == ["awscompat.results.a:2 imports awscompat.engine.b (results < engine)"]
