"""botocore's endpoint rules, evaluated as botocore evaluates them, without redoing what cannot change.

Every botocore call evaluates its service's endpoint ruleset (a tree of conditions, each a call of a
pure function of the ruleset library). For S3 that is most of a call's CPU: close to a
millisecond, for every call, because the rules read the bucket name and every generated case names
a bucket of its own. Two exact shortcuts, both resting on the rules being pure functions of their
inputs:

- `EndpointMemo` remembers a result by the input parameters that evaluation actually read. It
  holds for every later call whose parameters agree on those (for most services with a custom
  endpoint: Endpoint, Region and the FIPS/dual-stack flags, not the resource names the call
  carries).
- When it misses, the rules are evaluated again by botocore's own rule objects, but a condition
  that cannot depend on the call's own parameters (the inputs without a built-in, set per call
  from the operation: Bucket, Key, Prefix, CopySource, ResourceArn, ...) is not recomputed: its value
  was computed under the same other inputs before. Which conditions those are is decided once per
  ruleset by following every assignment: a name assigned from a condition that reads a resource
  parameter (or such a name) is itself tainted, wherever it is assigned. Only the tainted
  conditions (isSet(Bucket), the S3 Express and access-point suffix tests, parseArn(Bucket),
  uriEncode(Bucket), ...) and the chosen endpoint's templates are computed per call.

Anything unusual (no rule matched, an error rule) goes to botocore's own resolve_endpoint, which
raises as it always does. tests/test_lean_path.py checks the answers against botocore's for the
operations of several services and S3 buckets of every kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from botocore.exceptions import EndpointResolutionError

_TEMPLATE = re.compile(r"\{([^}#]+)")
_KEEP = 64  # read-sets, and sets of the other inputs, remembered per memo
_RESULTS = 512  # results remembered per read-set


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def _refs(node: Any) -> set[str]:
    """The names a condition (or any rule expression) reads: refs, and names in templates."""
    found: set[str] = set()
    if isinstance(node, dict):
        if "ref" in node:
            found.add(node["ref"])
        for key, value in node.items():
            if key != "assign":
                found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    elif isinstance(node, str):
        found.update(_TEMPLATE.findall(node))
    return found


def _conditions(rules: list) -> list[dict]:
    out: list[dict] = []
    for rule in rules:
        out += rule.conditions
        out += _conditions(getattr(rule, "rules", []))
    return out


def _compile(lib: Any, node: Any) -> Callable[[dict], Any]:
    """A function of the scope computing what botocore's lib.resolve_value(node, scope) computes
    (the same library functions, arguments resolved in the same order, the same assignment rule),
    with the function lookup and the argument kinds decided once instead of at every call."""
    if isinstance(node, dict) and "fn" in node:
        fn = getattr(lib, lib.convert_func_name(node["fn"]))
        args = [_compile(lib, arg) for arg in node["argv"]]
        assign = node.get("assign")

        def call(scope: dict) -> Any:
            result = fn(*[arg(scope) for arg in args])
            if assign is not None:
                if assign in scope:
                    raise EndpointResolutionError(msg=f"Assignment {assign} already exists in scoped variables "
                                                  "and cannot be overwritten")
                scope[assign] = result
            return result
        return call
    if isinstance(node, dict) and "ref" in node:
        name = node["ref"]
        return lambda scope: scope.get(name)
    if lib.is_template(node):
        return lambda scope: lib.resolve_template_string(node, scope)
    return lambda scope: node


class _Evaluation:
    """The rule library one evaluation sees: conditions run compiled; a condition that reads no
    call parameter answers what it answered before under the same other inputs (see the module
    contract); every input a condition or the chosen endpoint reads is noted in `reads`."""

    def __init__(self, memo: EndpointMemo, known: dict[int, Any]) -> None:
        self.memo, self.known, self.reads = memo, known, set()

    def call_function(self, signature: dict, scope: dict) -> Any:
        key = id(signature)
        memo = self.memo
        self.reads |= memo.reads_of[key]
        if key not in memo.stable:
            return memo.compiled[key](scope)
        if key not in self.known:
            self.known[key] = memo.compiled[key](scope)  # assigns, as botocore does
            return self.known[key]
        result = self.known[key]
        if "assign" in signature:
            if signature["assign"] in scope:  # botocore's own refusal, kept
                return memo.compiled[key](scope)
            scope[signature["assign"]] = result
        return result

    def resolve_value(self, value: Any, scope: dict) -> Any:  # the chosen endpoint's url, headers, properties
        self.reads |= _refs(value) & self.memo.inputs
        return self.memo.lib.resolve_value(value, scope)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.memo.lib, name)


class EndpointMemo:
    """botocore's resolve_endpoint for one client, with the two shortcuts of the module contract."""

    def __init__(self, provider: Any) -> None:
        self.provider = provider
        self.ruleset = provider.ruleset
        params = self.ruleset.parameters
        self.inputs = frozenset(params)
        self.by_reads: dict[tuple[str, ...], dict[tuple, Any]] = {}
        self.hits = self.misses = 0
        # resource parameters: an input with no built-in (set per call from the operation's members)
        tainted = {name for name, spec in params.items() if spec.builtin is None}
        conditions = _conditions(self.ruleset.rules)
        changed = True
        while changed:  # a name assigned from a tainted condition is tainted, everywhere
            changed = False
            for cond in conditions:
                if "assign" in cond and cond["assign"] not in tainted and _refs(cond) & tainted:
                    tainted.add(cond["assign"])
                    changed = True
        self.resource = frozenset(tainted & self.inputs)
        self.others = tuple(sorted(self.inputs - self.resource))
        self.lib = self.ruleset.rule_lib
        self.stable = {id(c) for c in conditions if not _refs(c) & tainted}
        self.reads_of = {id(c): frozenset(_refs(c) & self.inputs) for c in conditions}
        self.compiled = {id(c): _compile(self.lib, c) for c in conditions}
        self.known: dict[tuple, dict[int, Any]] = {}

    def __call__(self, **given: Any) -> Any:
        # as botocore's cached _resolve_endpoint sees them: lists as tuples
        params = {k: _frozen(v) for k, v in given.items() if k not in self.provider._excluded_params}
        self.ruleset.process_input_parameters(params)
        for names, results in self.by_reads.items():
            found = results.get(tuple(params.get(n) for n in names))
            if found is not None:
                self.hits += 1
                return found
        self.misses += 1
        key = tuple(params.get(n) for n in self.others)
        known = self.known.get(key)
        if known is None:
            known = {} if len(self.known) >= _KEEP else self.known.setdefault(key, {})
        evaluation = _Evaluation(self, known)
        for rule in self.ruleset.rules:
            result = rule.evaluate(dict(params), evaluation)
            if result is not None:
                break
        else:
            return self.provider.resolve_endpoint(**params)  # raises botocore's own error
        names = tuple(sorted(evaluation.reads))
        if names in self.by_reads or len(self.by_reads) < _KEEP:
            results = self.by_reads.setdefault(names, {})
            if len(results) >= _RESULTS:  # bounded, oldest first (S3: one entry per bucket name)
                results.pop(next(iter(results)))
            results[tuple(params.get(n) for n in names)] = result
        return result


def memoise_endpoints(client: Any) -> None:
    """Give client's endpoint resolution an EndpointMemo (a no-op for a client without rules)."""
    resolver = getattr(client, "_ruleset_resolver", None)
    provider = getattr(resolver, "_provider", None)
    if provider is not None and hasattr(provider, "ruleset"):
        resolver._provider = _MemoProvider(provider)


class _MemoProvider:
    """The provider botocore's resolver calls, with resolve_endpoint memoised (rest unchanged)."""

    def __init__(self, provider: Any) -> None:
        self._inner = provider
        self.resolve_endpoint = EndpointMemo(provider)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
