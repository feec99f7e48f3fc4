"""Python source -> AWS operations, by reading the syntax tree (`ast`); nothing is executed.

The analysis follows boto3 objects (sessions, clients, resources, collections, paginators,
waiters) through one module: local and global variables, attributes (`self.s3`, `app.table`),
function and method parameters (from the module's own call sites), return values, `with` /
`async with`, loops over collections and boto3-stubs annotations. It runs passes to a fixed
point; the records of the last pass are the result. Anything it cannot name for certain is
reported as unresolved (a client whose service is a variable, `getattr(client, name)`, a method
that is no operation).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from awscompat.advisor import pymodels as pm
from awscompat.advisor.names import Names, get_names
from awscompat.advisor.pycalls import Values
from awscompat.advisor.pyexpr import Expressions, Frame, Func, is_static

MAX_PASSES = 6


@dataclass
class PythonResult:
    sightings: list[dict[str, Any]]
    unresolved: list[dict[str, Any]]


class ModuleAnalyzer(Expressions):
    def __init__(self, tree: ast.Module, path: str, names: Names | None = None, text: str | None = None) -> None:
        self.tree, self.path, self.names = tree, path, names or get_names()
        self.lines = text.splitlines() if text is not None else None
        self._segments: dict[str, set[str]] = {}
        self.recording = False
        self.sightings: dict[tuple, dict[str, Any]] = {}
        self.unresolved: dict[tuple, dict[str, Any]] = {}
        self.services_seen: set[str] = set()
        self.imports: dict[str, str] = {}
        self.funcs: dict[str, Func] = {}
        self.top_funcs: dict[str, str] = {}
        self.classes: dict[str, dict[str, str]] = {}  # class -> {method: func key}
        self.bases: dict[str, list[str]] = {}
        self.globals: dict[str, Values] = {}
        self.attrs: dict[tuple[str, str], Values] = {}
        self.params: dict[tuple[str, str], Values] = {}
        self.returns: dict[str, Values] = {}
        self.closures: dict[str, dict[str, Values]] = {}
        self._collect_imports()
        self._collect(tree.body, None, None, "")
        self.parents = {f.parent for f in self.funcs.values() if f.parent}

    # -- structure ------------------------------------------------------------------------
    def _collect_imports(self) -> None:
        for node in _statements(self.tree.body):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    self.imports[alias.asname or top] = alias.name if alias.asname else top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def _collect(self, body: list[ast.stmt], cls: str | None, parent: Func | None, prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                key = f"{prefix}{node.name}"
                func = Func(key, node, cls, parent.key if parent else None)
                self.funcs[key] = func
                if parent is not None:
                    parent.local_defs[node.name] = key
                elif cls is not None:
                    self.classes[cls][node.name] = key
                else:
                    self.top_funcs[node.name] = key
                self._collect(node.body, None, func, f"{key}.<locals>.")
            elif isinstance(node, ast.ClassDef):
                self.classes.setdefault(node.name, {})
                self.bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
                self._collect(node.body, node.name, parent, f"{prefix}{node.name}.")
            elif isinstance(node, ast.If | ast.Try | ast.With | ast.AsyncWith):
                for block in _blocks(node):
                    self._collect(block, cls, parent, prefix)

    def qualname(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self.imports.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def method_of(self, cls: str, name: str, seen: frozenset[str] = frozenset()) -> Func | None:
        key = self.classes.get(cls, {}).get(name)
        if key:
            return self.funcs[key]
        for base in self.bases.get(cls, []):
            if base not in seen:
                found = self.method_of(base, name, seen | {cls})
                if found:
                    return found
        return None

    # -- driver ---------------------------------------------------------------------------
    def run(self) -> PythonResult:
        """Passes until what is known stops growing; the last pass's records are the result
        (a pass that learnt nothing new saw everything there is to see)."""
        self.recording = True
        for _ in range(MAX_PASSES):
            before = self._size()
            self.sightings, self.unresolved = {}, {}
            self._pass()
            if self._size() == before:
                break
        return PythonResult(sorted(self.sightings.values(), key=_sighting_key),
                            sorted(self.unresolved.values(), key=lambda u: (u["line"], u["reason"])))

    def _size(self) -> int:
        tables = (self.globals, self.attrs, self.params, self.returns)
        return sum(len(v) for t in tables for v in t.values()) + sum(
            len(v) for c in self.closures.values() for v in c.values())

    def _pass(self) -> None:
        module = Frame(None, self.globals)
        self.exec_block(self.tree.body, module)
        relevant = self._relevance()
        bound = {key for (key, _), v in self.params.items() if v}
        for func in self.funcs.values():
            if relevant is None or func.key in bound or not relevant.isdisjoint(self._identifiers(func)):
                self.exec_function(func)

    def _relevance(self) -> set[str] | None:
        """The identifiers through which a function can touch what the analysis follows (SDK
        imports, names and attributes holding values, local functions returning them, classes,
        operation method names of the services seen); a function whose source names none of them
        is skipped in this pass (most functions of a module have nothing to do with AWS)."""
        if self.lines is None:
            return None
        words = {a for a, q in self.imports.items() if "boto" in q}
        words |= {n for n, v in self.globals.items() if v}
        words |= {n for c in self.closures.values() for n, v in c.items() if v}
        for (owner, attr), v in self.attrs.items():
            if v:
                words.add(attr)
                if owner.startswith("var:"):
                    words.add(owner[4:])
        words |= {key.rsplit(".", 1)[-1] for key, v in self.returns.items() if v}
        words |= set(self.classes) | {"getattr"}
        for service in self.services_seen:
            words.update(self.names.method_map(service))
        return words

    def _identifiers(self, func: Func) -> set[str]:
        """The identifiers in a function's source text (decorators included)."""
        found = self._segments.get(func.key)
        if found is None:
            assert self.lines is not None
            node = func.node
            start = min([node.lineno, *[d.lineno for d in node.decorator_list]]) - 1
            found = set(_IDENTIFIER.findall("\n".join(self.lines[start:node.end_lineno])))
            self._segments[func.key] = found
        return found

    def exec_function(self, func: Func) -> None:
        parent = Frame(None, self.closures.get(func.parent, {})) if func.parent else None
        frame = Frame(func, {}, parent)
        args = func.node.args
        positional = [*args.posonlyargs, *args.args]
        defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        module = Frame(None, self.globals)
        for i, (arg, default) in enumerate(zip([*positional, *args.kwonlyargs],
                                               [*defaults, *args.kw_defaults], strict=True)):
            values = set(self.params.get((func.key, arg.arg), set()))
            if default is not None:  # a default string is a guess at what callers pass: not used
                values |= {v for v in self.ev(default, module) if not isinstance(v, pm.Const)}
            values |= self.annotation_value(self.qualname(arg.annotation) if arg.annotation else None)
            if i == 0 and func.cls and not is_static(func.node):
                values.add(pm.Instance(func.cls))
            frame.locals[arg.arg] = values
        self.exec_block(func.node.body, frame)
        if func.key in self.parents:
            merged = self.closures.setdefault(func.key, {})
            for name, values in frame.locals.items():
                merged.setdefault(name, set()).update(values)

    # -- statements -----------------------------------------------------------------------
    def exec_block(self, body: list[ast.stmt], frame: Frame) -> None:
        for stmt in body:
            self.exec_stmt(stmt, frame)

    def _branches(self, blocks: list[list[ast.stmt]], frame: Frame) -> None:
        if frame.func is None:  # module level: globals only grow
            for block in blocks:
                self.exec_block(block, frame)
            return
        start = {k: set(v) for k, v in frame.locals.items()}
        merged: dict[str, Values] = {}
        for block in blocks:
            frame.locals = {k: set(v) for k, v in start.items()}
            self.exec_block(block, frame)
            for k, v in frame.locals.items():
                merged.setdefault(k, set()).update(v)
        for k, v in start.items():
            merged.setdefault(k, set()).update(v)
        frame.locals = merged

    def exec_stmt(self, stmt: ast.stmt, frame: Frame) -> None:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            return
        if isinstance(stmt, ast.ClassDef):
            for item in stmt.body:
                if isinstance(item, ast.Assign | ast.AnnAssign) and item.value is not None:
                    values = self.ev(item.value, frame)
                    for target in item.targets if isinstance(item, ast.Assign) else [item.target]:
                        if isinstance(target, ast.Name):
                            self.attrs.setdefault((stmt.name, target.id), set()).update(values)
            return
        if isinstance(stmt, ast.Assign):
            values = self.ev(stmt.value, frame)
            for target in stmt.targets:
                self.bind(target, values, stmt.value, frame)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.bind(stmt.target, self.ev(stmt.value, frame), stmt.value, frame)
            elif isinstance(stmt.target, ast.Name):
                frame.locals.setdefault(stmt.target.id, set()).update(
                    self.annotation_value(self.qualname(stmt.annotation)))
        elif isinstance(stmt, ast.For | ast.AsyncFor):
            self.bind(stmt.target, self.iter_items(self.ev(stmt.iter, frame)), None, frame)
            self._branches([stmt.body, stmt.body, stmt.orelse], frame)
        elif isinstance(stmt, ast.While | ast.If):
            self.ev(stmt.test, frame)
            self._branches([stmt.body, stmt.orelse], frame)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            for item in stmt.items:
                values = self.ev(item.context_expr, frame)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, values, None, frame)
            self.exec_block(stmt.body, frame)
        elif isinstance(stmt, ast.Try | ast.TryStar):
            self._branches([stmt.body, *[h.body for h in stmt.handlers], stmt.orelse], frame)
            self.exec_block(stmt.finalbody, frame)
        elif isinstance(stmt, ast.Match):
            self.ev(stmt.subject, frame)
            self._branches([c.body for c in stmt.cases], frame)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                values = self.ev(stmt.value, frame)
                if frame.func is not None:
                    self.returns.setdefault(frame.func.key, set()).update(values)
        elif isinstance(stmt, ast.Global):
            frame.global_names.update(stmt.names)
        else:
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, ast.expr):
                    self.ev(child, frame)

    def bind(self, target: ast.expr, values: Values, value_node: ast.expr | None, frame: Frame) -> None:
        if isinstance(target, ast.Name):
            if frame.func is None or target.id in frame.global_names:
                self.globals.setdefault(target.id, set()).update(values)
            else:
                frame.locals[target.id] = set(values)
        elif isinstance(target, ast.Attribute):
            owners = [v.cls for v in self.ev(target.value, frame) if isinstance(v, pm.Instance)]
            if not owners and isinstance(target.value, ast.Name):
                owners = [f"var:{target.value.id}"]
            for owner in owners:
                self.attrs.setdefault((owner, target.attr), set()).update(values)
        elif isinstance(target, ast.Tuple | ast.List):
            elts = value_node.elts if isinstance(value_node, ast.Tuple | ast.List) else None
            for i, elt in enumerate(target.elts):
                if elts is not None and len(elts) == len(target.elts):
                    self.bind(elt, self.ev(elts[i], frame), elts[i], frame)
                else:
                    self.bind(elt, set(), None, frame)



_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included (imports are statements: no need to walk expressions)."""
    for stmt in body:
        yield stmt
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(stmt, name, None)
            if inner:
                yield from _statements(inner)


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    if isinstance(node, ast.If):
        return [node.body, node.orelse]
    if isinstance(node, ast.Try):
        return [node.body, *[h.body for h in node.handlers], node.orelse, node.finalbody]
    return [node.body]  # type: ignore[attr-defined]


def _sighting_key(s: dict[str, Any]) -> tuple:
    return (s["service"], s["operation"], s["where"]["line"], s["where"]["call"])


def analyze_python(text: str, path: str, names: Names | None = None) -> PythonResult:
    """Raises SyntaxError (or ValueError for NUL bytes) when the source does not parse."""
    return ModuleAnalyzer(ast.parse(text, filename=path), path, names, text).run()
