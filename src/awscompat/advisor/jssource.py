"""JavaScript and TypeScript source -> AWS operations, read with tree-sitter's grammars (the
`tree-sitter-javascript` and `tree-sitter-typescript` wheels); nothing is executed.

What is followed, within one module (names in jsnames.py):

- SDK v3: imports and `require`s of `@aws-sdk/client-*` (named, aliased, namespace and
  destructured), `new XCommand(...)` (the operation X of that package's service), `paginateX`,
  `waitUntilX`, the aggregated clients' methods (`new S3().putObject(...)`),
  `@aws-sdk/lib-dynamodb`'s commands and `DynamoDBDocument` methods, and `@aws-sdk/lib-storage`'s
  `new Upload(...)` (PutObject, or a multipart upload for a large body);
- SDK v2: `require('aws-sdk')` / `import AWS from 'aws-sdk'` / `aws-sdk/clients/<svc>`, service
  objects `new AWS.S3()`, `new AWS.DynamoDB.DocumentClient()`, and their methods
  (`s3.putObject(...).promise()`), `getSignedUrl('getObject', ...)`, `waitFor('bucketExists')`,
  `s3.upload(...)`;
- values through variables and destructuring anywhere in the module, `this.x = ...` / `obj.x =
  ...` and class fields (by property name), `await`, parentheses and TypeScript casts.

A v2 request (`x.putObject(...).promise()`) on a value the module does not know, named like an
operation of a v2 service the module uses, is reported unresolved (as Python does for a client
handed in from another module).

Confidence: `high` for a method of a service object held in the module and for a command passed
straight to `.send(...)`; `medium` for a command built elsewhere than inside `.send(...)` (sent
through a variable or a helper) and for PutObject of an upload; `low` for the multipart
operations of an upload. Unresolved (never guessed): a command, paginator or waiter a package
does not have, a v2 method that is no operation, a computed method name on a service object
(`s3[name](...)`), a v2 service class the models do not know, a presigned POST.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from awscompat.advisor import jsnames as jn
from awscompat.advisor.pymodels import HIGH, LOW, MEDIUM, stronger

Value = tuple
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
SDK_MARKERS = (b"aws-sdk",)
_WRAPPERS = {"await_expression", "parenthesized_expression", "as_expression", "non_null_expression",
             "satisfies_expression", "type_assertion"}
_V2_ROOT_NON_SERVICES = {"config", "Credentials", "Endpoint", "SharedIniFileCredentials", "EnvironmentCredentials",
                         "util", "Request", "Response", "Service", "events", "EventListeners", "HttpClient",
                         "CredentialProviderChain", "ChainableTemporaryCredentials", "TemporaryCredentials",
                         "WebIdentityCredentials", "CognitoIdentityCredentials", "Config", "VERSION",
                         "Signers", "Token", "ECSCredentials", "EC2MetadataCredentials", "ProcessCredentials",
                         "SsoCredentials", "TokenFileWebIdentityCredentials", "MetadataService", "XML", "HttpRequest",
                         "HttpResponse", "Protocol", "ParamValidator", "SequentialExecutor", "AWS", "apiLoader"}
MAX_PASSES = 4


@dataclass
class JsResult:
    sightings: list[dict[str, Any]]
    unresolved: list[dict[str, Any]]


@cache
def _parser(suffix: str) -> Any:
    from tree_sitter import Language, Parser

    if suffix == ".tsx":
        import tree_sitter_typescript as ts
        return Parser(Language(ts.language_tsx()))
    if suffix in (".ts", ".mts", ".cts"):
        import tree_sitter_typescript as ts
        return Parser(Language(ts.language_typescript()))
    import tree_sitter_javascript as js
    return Parser(Language(js.language()))


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


class JsAnalyzer:
    def __init__(self, source: bytes, path: str, suffix: str) -> None:
        self.src, self.path = source, path
        self.tree = _parser(suffix).parse(source)
        self.nodes = list(_walk(self.tree.root_node))
        self.env: dict[str, set[Value]] = {}
        self.attrs: dict[str, set[Value]] = {}
        self.sightings: dict[tuple, dict[str, Any]] = {}
        self.unresolved: dict[tuple, dict[str, Any]] = {}

    def text(self, node: Any) -> str:
        return self.src[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def syntax_errors(self) -> int:
        return sum(1 for n in self.nodes if n.type == "ERROR")

    # -- values -----------------------------------------------------------------------------
    def module(self, name: str) -> set[Value]:
        if name == "aws-sdk":
            return {("v2root",)}
        if (svc := jn.v2_module_service(name)) is not None:
            return {("v2class", svc)}
        if (svc := jn.v3_package_service(name)) is not None:
            return {("v3mod", svc)}
        if name == "@aws-sdk/lib-dynamodb":
            return {("v3docmod",)}
        if name == "@aws-sdk/lib-storage":
            return {("storagemod",)}
        return set()

    def member(self, values: set[Value], prop: str, node: Any = None) -> set[Value]:
        out: set[Value] = set()
        for v in values:
            kind = v[0]
            if kind == "v2root":
                if prop == "DynamoDB":
                    out.add(("v2class", "dynamodb"))
                elif (svc := jn.v2_class_service(prop)) is not None:
                    out.add(("v2class", svc))
                elif prop not in _V2_ROOT_NON_SERVICES and prop[:1].isupper() and node is not None:
                    self.unresolve(node, f"aws-sdk v2 has no service class the models know: {prop}")
            elif kind == "v2class" and v[1] == "dynamodb" and prop == "DocumentClient":
                out.add(("v2docclass",))
            elif kind == "v3mod":
                out |= self._v3_export(v[1], prop, node)
            elif kind == "v3docmod":
                if prop in jn.DOCUMENT_COMMANDS:
                    out.add(("v3cmd", "dynamodb", jn.DOCUMENT_COMMANDS[prop]))
                elif prop in jn.DOCUMENT_PAGINATORS:
                    out.add(("v3paginate", "dynamodb", jn.DOCUMENT_PAGINATORS[prop]))
                elif prop in ("DynamoDBDocumentClient", "DynamoDBDocument"):
                    out.add(("v3docclass",))
            elif kind == "storagemod" and prop == "Upload":
                out.add(("upload",))
        return out

    def _v3_export(self, svc: str, name: str, node: Any) -> set[Value]:
        if name.endswith("Command") and name != "Command":
            op = jn.operation(svc, name[:-len("Command")])
            if op:
                return {("v3cmd", svc, op)}
            if node is not None:
                self.unresolve(node, f"@aws-sdk/client for {svc} has no command {name}")
            return set()
        for prefix, kind in (("paginate", "v3paginate"), ("waitUntil", "v3wait")):
            if name.startswith(prefix) and len(name) > len(prefix):
                rest = name[len(prefix):]
                op = jn.operation(svc, rest) if kind == "v3paginate" else jn.waiter_operation(svc, rest)
                if op:
                    return {(kind, svc, op)}
                if node is not None:
                    self.unresolve(node, f"@aws-sdk/client for {svc} has no {prefix} function {name}")
                return set()
        if name.endswith("Client") or jn.v2_class_service(name) == svc:
            return {("v3class", svc)}
        return set()

    def ev(self, node: Any) -> set[Value]:
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            return set(self.env.get(self.text(node), ()))
        if t in _WRAPPERS:
            inner = [c for c in node.named_children if c.type not in ("type_identifier", "type_annotation")]
            return self.ev(inner[0]) if inner else set()
        if t == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if obj is None or prop is None:
                return set()
            values = self.ev(obj)
            if not values:
                return set(self.attrs.get(self.text(prop), ()))
            return self.member(values, self.text(prop))
        if t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            out: set[Value] = set()
            for v in self.ev(ctor) if ctor is not None else ():
                made = {"v2class": "v2client", "v3class": "v3client"}.get(v[0])
                if made:
                    out.add((made, v[1]))
                elif v[0] == "v2docclass":
                    out.add(("v2doc",))
                elif v[0] == "v3docclass":
                    out.add(("v3doc",))
            return out
        if t == "call_expression":
            func, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            if func is None:
                return set()
            if func.type in ("identifier", "import") and self.text(func) in ("require", "import") and args:
                name = self._string(args.named_children[0]) if args.named_children else None
                return self.module(name) if name else set()
            if func.type == "member_expression":
                prop = func.child_by_field_name("property")
                obj = func.child_by_field_name("object")
                if prop is not None and obj is not None and self.text(prop) == "from" and (
                        ("v3docclass",) in self.ev(obj)):
                    return {("v3doc",)}
            return set()
        if t in ("binary_expression", "ternary_expression"):
            out = set()
            for c in node.named_children[1:] if t == "ternary_expression" else node.named_children:
                out |= self.ev(c)
            return out
        return set()

    def _string(self, node: Any) -> str | None:
        if node.type == "string":
            return "".join(self.text(c) for c in node.named_children if c.type == "string_fragment")
        if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
            return self.text(node)[1:-1]
        return None

    # -- bindings -----------------------------------------------------------------------------
    def _bind(self, name: str, values: set[Value], table: dict[str, set[Value]] | None = None) -> None:
        if values:
            (self.env if table is None else table).setdefault(name, set()).update(values)

    def _bind_pattern(self, pattern: Any, values: set[Value]) -> None:
        if pattern.type == "identifier":
            self._bind(self.text(pattern), values)
        elif pattern.type == "object_pattern":
            for c in pattern.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    self._bind(self.text(c), self.member(values, self.text(c)))
                elif c.type == "pair_pattern":
                    key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
                    if key is not None and value is not None:
                        self._bind_pattern(value, self.member(values, self.text(key)))

    def collect(self) -> None:
        for _ in range(MAX_PASSES):
            before = sum(len(v) for v in self.env.values()) + sum(len(v) for v in self.attrs.values())
            for node in self.nodes:
                t = node.type
                if t == "import_statement":
                    self._import(node)
                elif t == "variable_declarator":
                    name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                    if name is not None and value is not None:
                        self._bind_pattern(name, self.ev(value))
                elif t == "assignment_expression":
                    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                    if left is None or right is None:
                        continue
                    if left.type == "identifier":
                        self._bind(self.text(left), self.ev(right))
                    elif left.type == "member_expression" and (prop := left.child_by_field_name("property")):
                        self._bind(self.text(prop), self.ev(right), self.attrs)
                elif t in ("public_field_definition", "field_definition"):
                    name = node.child_by_field_name("name") or node.child_by_field_name("property")
                    value = node.child_by_field_name("value")
                    if name is not None and value is not None:
                        self._bind(self.text(name), self.ev(value), self.attrs)
            after = sum(len(v) for v in self.env.values()) + sum(len(v) for v in self.attrs.values())
            if after == before:
                break

    def _import(self, node: Any) -> None:
        source = node.child_by_field_name("source")
        name = self._string(source) if source is not None else None
        values = self.module(name) if name else set()
        if not values:
            return
        for clause in (c for c in node.named_children if c.type == "import_clause"):
            for c in clause.named_children:
                if c.type == "identifier":  # default import
                    self._bind(self.text(c), values)
                elif c.type == "namespace_import":
                    for ident in (x for x in c.named_children if x.type == "identifier"):
                        self._bind(self.text(ident), values)
                elif c.type == "named_imports":
                    for spec in (x for x in c.named_children if x.type == "import_specifier"):
                        imported, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                        if imported is not None:
                            self._bind(self.text(alias or imported), self.member(values, self.text(imported), spec))

    # -- recording ----------------------------------------------------------------------------
    def record(self, service: str, operation: str, conf: str, node: Any, call: str) -> None:
        line = node.start_point[0] + 1
        key = (service, operation, line)
        known = self.sightings.get(key)
        if known is None:
            self.sightings[key] = {"service": service, "operation": operation, "confidence": conf,
                                   "where": {"source": "javascript", "file": self.path, "line": line, "call": call}}
        else:
            known["confidence"] = stronger(known["confidence"], conf)

    def unresolve(self, node: Any, reason: str) -> None:
        line = node.start_point[0] + 1
        self.unresolved[(line, reason)] = {"source": "javascript", "file": self.path, "line": line, "reason": reason}

    def _upload(self, node: Any, call: str) -> None:
        self.record("s3", "PutObject", MEDIUM, node, call)
        for op in jn.S3_MULTIPART:
            self.record("s3", op, LOW, node, call)

    def scan(self) -> None:
        for node in self.nodes:
            if node.type == "new_expression":
                self._new(node)
            elif node.type == "call_expression":
                self._call(node)

    def _new(self, node: Any) -> None:
        ctor = node.child_by_field_name("constructor")
        if ctor is None:
            return
        values = self.ev(ctor)
        if not values and ctor.type == "member_expression" and (obj := ctor.child_by_field_name("object")) and (
                ("v2root",) in self.ev(obj)):
            prop = ctor.child_by_field_name("property")
            name = self.text(prop) if prop is not None else ""
            if name not in _V2_ROOT_NON_SERVICES:
                self.unresolve(node, f"aws-sdk v2 has no service class the models know: AWS.{name}")
        for v in values:
            if v[0] == "v3cmd":
                self.record(v[1], v[2], HIGH if self._sent(node) else MEDIUM, node, f"new {self.text(ctor)}()")
            elif v[0] == "upload":
                self._upload(node, f"new {self.text(ctor)}()")

    def _sent(self, node: Any) -> bool:
        args = node.parent
        call = args.parent if args is not None and args.type == "arguments" else None
        func = call.child_by_field_name("function") if call is not None else None
        prop = func.child_by_field_name("property") if func is not None and func.type == "member_expression" else None
        return prop is not None and self.text(prop) == "send"

    def _call(self, node: Any) -> None:
        func = node.child_by_field_name("function")
        if func is None:
            return
        for v in self.ev(func):
            if v[0] in ("v3paginate", "v3wait"):
                self.record(v[1], v[2], HIGH, node, f"{self.text(func)}()")
        if func.type == "subscript_expression":
            obj = func.child_by_field_name("object")
            if obj is not None and any(v[0] in ("v2client", "v2doc", "v3client", "v3doc") for v in self.ev(obj)):
                self.unresolve(node, f"computed method name on a service object: {self.text(func)[:60]}")
            return
        if func.type != "member_expression":
            return
        obj, prop = func.child_by_field_name("object"), func.child_by_field_name("property")
        if obj is None or prop is None:
            return
        method = self.text(prop)
        values = self.ev(obj)
        if not values and self._promised(node):
            self._unknown_receiver(method, node)
        for v in values:
            if v[0] == "v2client":
                self._v2_method(v[1], method, node)
            elif v[0] in ("v2doc", "v3doc"):
                if method in jn.DOCUMENT_CLIENT_METHODS:
                    self.record("dynamodb", jn.DOCUMENT_CLIENT_METHODS[method], HIGH, node, f"{method}()")
                elif v[0] == "v2doc" and method not in jn.V2_HELPERS:
                    self.unresolve(node, f"DocumentClient has no method {method}")
            elif v[0] == "v3client" and (op := jn.operation(v[1], method)) and method[:1].islower():
                self.record(v[1], op, HIGH, node, f"{method}()")

    def _promised(self, call: Any) -> bool:
        """`x.method(...).promise()`: the SDK v2 way of awaiting a request."""
        parent = call.parent
        prop = parent.child_by_field_name("property") if parent is not None and parent.type == "member_expression" \
            else None
        return prop is not None and self.text(prop) == "promise"

    def _unknown_receiver(self, method: str, node: Any) -> None:
        """An SDK v2 request on a value the module does not know (a service object handed in from
        another module): named like an operation of a v2 service the module uses -> unresolved."""
        held = {v for vals in (*self.env.values(), *self.attrs.values()) for v in vals}
        services = sorted({v[1] for v in held if v[0] in ("v2client", "v2class")})
        if any(v[0] in ("v2doc", "v2docclass") for v in held) and method in jn.DOCUMENT_CLIENT_METHODS:
            services.append("dynamodb (DocumentClient)")
        named = [svc for svc in services if svc.endswith(")") or jn.operation(svc, method)]
        if named:
            self.unresolve(node, f"{method}(...).promise() on a value the module does not know; named like an "
                                 f"operation of {', '.join(named)}")

    def _v2_method(self, svc: str, method: str, node: Any) -> None:
        first = self._first_string(node)
        if method in ("getSignedUrl", "getSignedUrlPromise"):
            op = jn.operation(svc, first) if first else None
            if op:
                self.record(svc, op, HIGH, node, f"{method}({first!r})")
            else:
                self.unresolve(node, f"presigned URL for an operation that is not a literal or not of {svc}")
        elif method == "waitFor":
            op = jn.waiter_operation(svc, first) if first else None
            if op:
                self.record(svc, op, HIGH, node, f"waitFor({first!r})")
            else:
                self.unresolve(node, f"waiter name is not a literal or not a waiter of {svc}")
        elif method == "upload" and svc == "s3":
            self._upload(node, "upload()")
        elif method == "createPresignedPost":
            self.unresolve(node, "presigned POST: the form's upload is not an API operation call")
        elif (op := jn.operation(svc, method)) and method[:1].islower():
            self.record(svc, op, HIGH, node, f"{method}()")
        elif method not in jn.V2_HELPERS:
            self.unresolve(node, f"{method} is no operation of {svc}")

    def _first_string(self, call: Any) -> str | None:
        args = call.child_by_field_name("arguments")
        if args is None or not args.named_children:
            return None
        return self._string(args.named_children[0])

    def run(self) -> JsResult:
        self.collect()
        self.unresolved = {}  # names met while values were still growing are re-checked below
        self.collect()
        self.scan()
        return JsResult(sorted(self.sightings.values(), key=lambda s: (s["service"], s["operation"],
                                                                       s["where"]["line"])),
                        sorted(self.unresolved.values(), key=lambda u: (u["line"], u["reason"])))


def analyze_js(source: bytes, path: str, suffix: str) -> JsResult:
    return JsAnalyzer(source, path, suffix).run()


def js_file(path: str) -> dict[str, Any]:
    """The result of one file, as collect.py merges it (never raises on bad input)."""
    try:
        raw = open(path, "rb").read()
    except OSError as exc:
        return {"file": path, "problem": f"cannot read: {exc.strerror or exc}"}
    if b"\0" in raw[:8192]:
        return {"file": path, "problem": "binary file (NUL bytes), not JavaScript or TypeScript source"}
    if not any(marker in raw for marker in SDK_MARKERS):
        return {"file": path, "sightings": [], "unresolved": [], "sdk": False}
    suffix = "." + path.rsplit(".", 1)[-1].lower()
    try:
        result = analyze_js(raw, path, suffix)
    except (ValueError, RecursionError) as exc:
        return {"file": path, "problem": f"cannot parse: {exc}"}
    return {"file": path, "sightings": result.sightings, "unresolved": result.unresolved, "sdk": True}
