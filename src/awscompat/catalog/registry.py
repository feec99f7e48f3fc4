"""Scenarios: hand-written cases declared in code with explicit IDs."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable

from awscompat.catalog.case import SEVERITIES, Case, Provenance
from awscompat.catalog.features import check_feature

_SCENARIO_ID = re.compile(r"^[a-z0-9-]+/scenario/[a-z0-9-]+/[a-z0-9][a-z0-9._-]*$")
_registry: dict[str, Case] = {}
_loaded = False


def scenario(
    *,
    id: str,
    feature: str,
    operations: Iterable[str],
    provenance: Provenance,
    severity: str = "required",
    mutating: bool = True,
    timeout: float = 30.0,
    revision: int = 1,
) -> Callable:
    """Declare a scenario. The ID is explicit so that a refactor cannot change it."""

    def register(fn: Callable) -> Callable:
        if not _SCENARIO_ID.match(id):
            raise ValueError(f"scenario id {id!r} must look like <service>/scenario/<feature>/<name>")
        service, _, feat_part, _ = id.split("/", 3)
        if feature != f"{service}/{feat_part}":
            raise ValueError(f"scenario {id}: feature {feature!r} does not match its id")
        check_feature(feature)
        if severity not in SEVERITIES:
            raise ValueError(f"scenario {id}: severity {severity!r}")
        if id in _registry and _registry[id].run is not fn:
            raise ValueError(f"duplicate scenario id {id}")
        _registry[id] = Case(
            id=id,
            service=service,
            operations=tuple(operations),
            family="scenario",
            feature=feature,
            severity=severity,  # type: ignore[arg-type]
            provenance=provenance,
            mutating=mutating,
            run=fn,
            timeout=timeout,
            revision=revision,
            description=(fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "",
            source=_source_of(fn),
        )
        return fn

    return register


def _source_of(fn: Callable) -> str:
    code = getattr(fn, "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else ""


def register_case(case: Case) -> None:
    """Register a scenario built elsewhere (a case file's declaration, awscompat.scenarios._cases)."""
    if not _SCENARIO_ID.match(case.id):
        raise ValueError(f"scenario id {case.id!r} must look like <service>/scenario/<feature>/<name>")
    check_feature(case.feature)
    if case.id in _registry and _registry[case.id] is not case:
        raise ValueError(f"duplicate scenario id {case.id} ({case.source} and {_registry[case.id].source})")
    _registry[case.id] = case


def load_scenarios() -> list[Case]:
    """Import every module under awscompat.scenarios and return the declared cases."""
    global _loaded
    if not _loaded:
        import awscompat.scenarios as root

        for info in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
            importlib.import_module(info.name)
        _loaded = True
    return sorted(_registry.values(), key=lambda c: c.id)
