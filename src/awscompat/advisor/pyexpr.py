"""Expressions of the Python analysis: what each expression evaluates to (abstract values),
calls to the module's own functions and classes (parameters bound from call sites, return
values), and `getattr`. Mixed into the module analyzer (pysource.py)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from awscompat.advisor import pymodels as pm
from awscompat.advisor.pycalls import CallSemantics, Values, consts, source_of

_FuncNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Func:
    key: str
    node: _FuncNode
    cls: str | None
    parent: str | None
    local_defs: dict[str, str] = field(default_factory=dict)


@dataclass
class Frame:
    func: Func | None
    locals: dict[str, Values]
    parent: Frame | None = None
    global_names: set[str] = field(default_factory=set)


class Expressions(CallSemantics):
    """Needs the module tables (globals, attrs, params, returns, funcs, classes...) and
    qualname / method_of / bind from the analyzer."""

    imports: dict[str, str]
    funcs: dict[str, Func]
    top_funcs: dict[str, str]
    classes: dict[str, dict[str, str]]
    bases: dict[str, list[str]]
    globals: dict[str, Values]
    attrs: dict[tuple[str, str], Values]
    params: dict[tuple[str, str], Values]
    returns: dict[str, Values]

    def qualname(self, node: ast.AST) -> str | None:
        raise NotImplementedError

    def method_of(self, cls: str, name: str, seen: frozenset[str] = frozenset()) -> Func | None:
        raise NotImplementedError

    def bind(self, target: ast.expr, values: Values, value_node: ast.expr | None, frame: Frame) -> None:
        raise NotImplementedError

    def lookup(self, name: str, frame: Frame) -> Values:
        scope: Frame | None = frame
        while scope is not None:
            if name in scope.locals and name not in scope.global_names:
                return scope.locals[name]
            scope = scope.parent
        return self.globals.get(name, set())

    def ev(self, node: ast.expr, frame: Frame) -> Values:
        if isinstance(node, ast.Constant):
            return {pm.Const(node.value)} if isinstance(node.value, str) else set()
        if isinstance(node, ast.Name):
            return set(self.lookup(node.id, frame))
        if isinstance(node, ast.Attribute):
            return self.ev_attribute(node, frame)
        if isinstance(node, ast.Call):
            return self.ev_call(node, frame)
        if isinstance(node, ast.Await):
            return self.ev(node.value, frame)
        if isinstance(node, ast.IfExp):
            self.ev(node.test, frame)
            return self.ev(node.body, frame) | self.ev(node.orelse, frame)
        if isinstance(node, ast.BoolOp):
            return set().union(*(self.ev(v, frame) for v in node.values))
        if isinstance(node, ast.NamedExpr):
            values = self.ev(node.value, frame)
            self.bind(node.target, values, node.value, frame)
            return values
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            for gen in node.generators:
                self.bind(gen.target, self.iter_items(self.ev(gen.iter, frame)), None, frame)
                for cond in gen.ifs:
                    self.ev(cond, frame)
            for part in (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,):
                self.ev(part, frame)
            return set()
        for child in _children(node):
            self.ev(child, frame)
        return set()

    def ev_attribute(self, node: ast.Attribute, frame: Frame) -> Values:
        if self.qualname(node):
            return set()
        out: Values = set()
        base = self.ev(node.value, frame)
        for v in base:
            if isinstance(v, pm.Resource):
                out |= self.resource_attribute(v, node.attr, node)
            elif isinstance(v, pm.Meta) and node.attr == "client":
                out.add(pm.Client(v.service, v.conf))
            elif isinstance(v, pm.Instance):
                for cls in [v.cls, *self.bases.get(v.cls, [])]:
                    out |= self.attrs.get((cls, node.attr), set())
            elif isinstance(v, pm.Client):
                op = self.names.method_map(v.service).get(node.attr)
                if op:  # a bound method handed to something else (executor.submit(client.put_object, ...))
                    self.record(v.service, op, v.conf, node, node.attr)
        if not base and isinstance(node.value, ast.Name):
            out |= self.attrs.get((f"var:{node.value.id}", node.attr), set())
        return out

    def ev_call(self, node: ast.Call, frame: Frame) -> Values:
        args = [self.ev(a.value if isinstance(a, ast.Starred) else a, frame) for a in node.args]
        kwargs = {k.arg: self.ev(k.value, frame) for k in node.keywords if k.arg}
        for k in node.keywords:
            if not k.arg:
                self.ev(k.value, frame)
        func = node.func
        qualified = self.qualname(func)
        if qualified:
            if qualified in pm.CLIENT_FACTORIES:
                return self.make_client(node, args, kwargs)
            if qualified in pm.RESOURCE_FACTORIES:
                return self.make_client(node, args, kwargs, kind="resource")
            if qualified in pm.SESSION_FACTORIES:
                return {pm.Session()}
            return set()
        if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
            return self._getattr(node, args, frame)
        if isinstance(func, ast.Attribute):
            receivers = self.ev(func.value, frame)
            clients = [r for r in receivers if isinstance(r, pm.Client)]
            if len(clients) > 1:  # a parameter bound to several clients: those with this method
                having = {c for c in clients if func.attr in self.names.method_map(c.service)}
                if having:
                    receivers = (receivers - set(clients)) | having
            out: Values = set()
            for recv in receivers:
                if isinstance(recv, pm.Instance):
                    method = self.method_of(recv.cls, func.attr)
                    if method is not None:
                        out |= self.call_local(method, node, args, kwargs, bound=True)
                else:
                    out |= self.call_method(recv, func.attr, node, args, kwargs)
            if not receivers:
                if func.attr in ("enter_context", "enter_async_context") and args:
                    return args[0]
                self._unknown_receiver(func, node)
            return out
        if isinstance(func, ast.Name):
            key = self._local_def(func.id, frame)
            if key:
                return self.call_local(self.funcs[key], node, args, kwargs)
            if func.id in self.classes:
                return self.call_class(func.id, node, args, kwargs)
            return set()
        self.ev(func, frame)
        return set()

    def _local_def(self, name: str, frame: Frame) -> str | None:
        scope: Frame | None = frame
        while scope is not None:
            if scope.func is not None and name in scope.func.local_defs:
                return scope.func.local_defs[name]
            if scope.func is not None and scope.func.parent:
                parent = self.funcs[scope.func.parent]
                if name in parent.local_defs:
                    return parent.local_defs[name]
            scope = scope.parent
        return self.top_funcs.get(name)

    def call_local(self, func: Func, node: ast.Call, args: list[Values], kwargs: dict[str, Values],
                   bound: bool = False, skip_first: bool | None = None) -> Values:
        params = [a.arg for a in [*func.node.args.posonlyargs, *func.node.args.args]]
        if skip_first if skip_first is not None else (bound and func.cls and not is_static(func.node)):
            params = params[1:]
        names = {a.arg for a in [*func.node.args.posonlyargs, *func.node.args.args, *func.node.args.kwonlyargs]}
        for param, values in zip(params, args, strict=False):
            self.params.setdefault((func.key, param), set()).update(pm.demote(v) for v in values)
        for name, values in kwargs.items():
            if name in names:
                self.params.setdefault((func.key, name), set()).update(pm.demote(v) for v in values)
        return {pm.demote(v) for v in self.returns.get(func.key, set())}

    def call_class(self, cls: str, node: ast.Call, args: list[Values], kwargs: dict[str, Values]) -> Values:
        init = self.method_of(cls, "__init__")
        if init is not None:
            self.call_local(init, node, args, kwargs, skip_first=True)
        return {pm.Instance(cls)}

    def _getattr(self, node: ast.Call, args: list[Values], frame: Frame) -> Values:
        names = consts(args[1])
        for recv in args[0]:
            if not isinstance(recv, pm.Client):
                continue
            if not names:
                self.unresolve(node, f"{recv.service} operation chosen at run time: {source_of(node)}")
            for name in names:
                op = self.names.method_map(recv.service).get(name)
                if op:
                    self.record(recv.service, op, recv.conf, node, f"getattr(client, {name!r})")
                elif name not in pm.CLIENT_NON_OPERATIONS:
                    self.unresolve(node, f"{recv.service} client has no operation for method {name!r}")
        return set()

    def _unknown_receiver(self, func: ast.Attribute, node: ast.Call) -> None:
        if not self.recording or not self.services_seen:
            return
        candidates = sorted(s for s in self.services_seen if func.attr in self.names.method_map(s))
        if candidates:
            self.unresolve(node, f"{source_of(func)}() names an operation of {', '.join(candidates)} "
                                 "but its receiver is unknown here", candidates=candidates)


def _children(node: ast.expr) -> list[ast.expr]:
    """The sub-expressions of an expression (fast paths for the common nodes)."""
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, ast.Subscript):
        return [node.value, node.slice]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return node.elts
    if isinstance(node, ast.JoinedStr):
        return node.values
    if isinstance(node, ast.FormattedValue | ast.Starred):
        return [node.value]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Dict):
        return [k for k in node.keys if k is not None] + node.values
    return [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]


def is_static(node: _FuncNode) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
