"""The Case type and its metadata (DESIGN 3.1-3.2).

Contract: a Case is plain data plus `run`, the callable the engine calls with its case context
(engine/context.py CaseContext); this module names no engine type, so the results package stays
at the bottom of the layers (docs/architecture.md). `digest_line` is the case's line in the
suite digest (results/digest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["required", "advisory"]
SEVERITIES = ("required", "advisory")
# aws-smoke-test: a smoke test in AWS's Smithy models (families/smoke.py, data/aws_smoke_tests.json).
# smithy-protocol-test: a Smithy AWS protocol compliance test (families/smithy.py,
# data/smithy_protocol_tests.json).
PROVENANCE_KINDS = ("recorded-aws", "aws-docs", "model", "protocol", "aws-smoke-test", "smithy-protocol-test")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an expectation comes from.

    kind: recorded-aws (ref = reference file, key = test node id, step = recorded step),
    aws-docs (ref = URL), model (ref = member or trait of the botocore model),
    protocol (ref = the wire-protocol rule), aws-smoke-test (ref = repository@commit:model
    path#operation shape, key = the smoke test's id), smithy-protocol-test (ref =
    smithy-lang/smithy@commit:model file#test shape, key = the protocol test's id).
    """

    kind: str
    ref: str
    key: str = ""
    step: str = ""
    note: str = ""  # why the expectation is what it is, or why the case is advisory (unsettled truth)

    def __post_init__(self) -> None:
        if self.kind not in PROVENANCE_KINDS:
            raise ValueError(f"provenance kind must be one of {PROVENANCE_KINDS}, not {self.kind!r}")
        if not self.ref:
            raise ValueError("provenance needs a reference (file, URL, member or rule)")

    def to_dict(self) -> dict[str, str]:
        out = {"kind": self.kind, "ref": self.ref}
        if self.key:
            out["key"] = self.key
        if self.step:
            out["step"] = self.step
        if self.note:
            out["note"] = self.note
        return out


# The recorded AWS responses cases cite (`recorded-aws` provenance) are the snapshots of
# LocalStack's parity tests, at the commit the project's reference data was taken from; a
# provenance `ref` such as `s3/test_s3.snapshot.json` is relative to this public location.
RECORDED_SOURCE = ("https://github.com/localstack/localstack/blob/8b9a79f05846835cf4dff63ab7eefdde9df83783/"
                   "tests/aws/services/")


def recorded_url(ref: str) -> str:
    """The public address of a recorded-aws reference file."""
    return RECORDED_SOURCE + ref.lstrip("/")


def recorded(file: str, key: str, step: str = "") -> Provenance:
    """A recorded AWS response: `file` relative to RECORDED_SOURCE (the `aws-recorded` reference
    data: responses real AWS returned to LocalStack's parity tests), `key` the recording test's
    node id, `step` its step name."""
    return Provenance("recorded-aws", file, key, step)


def docs(url: str, note: str = "") -> Provenance:
    return Provenance("aws-docs", url, note=note)


def model(ref: str) -> Provenance:
    return Provenance("model", ref)


def protocol(rule: str) -> Provenance:
    return Provenance("protocol", rule)


@dataclass(slots=True, eq=False)
class Case:
    id: str
    service: str
    operations: tuple[str, ...]
    family: str
    feature: str
    severity: Severity
    provenance: Provenance
    mutating: bool
    run: Callable[[Any], Any]  # called with the engine's CaseContext
    timeout: float = 30.0
    revision: int = 1
    description: str = ""
    payload: Any = field(default=None, repr=False)
    protocol: str = ""  # the wire protocol the case's requests use (generated cases)
    protocol_choice: str = ""  # why, when the model lists several (e.g. CBOR first, JSON as alternative)
    source: str = ""  # "<file>:<line>" where a scenario is declared (case files and Python scenarios)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "service": self.service,
            "operations": list(self.operations),
            "family": self.family,
            "feature": self.feature,
            "severity": self.severity,
            "provenance": self.provenance.to_dict(),
            "mutating": self.mutating,
            **({"protocol": self.protocol} if self.protocol else {}),
            **({"protocol_choice": self.protocol_choice} if self.protocol_choice else {}),
        }

    @property
    def digest_line(self) -> str:
        return f"{self.id}@{self.revision}"
