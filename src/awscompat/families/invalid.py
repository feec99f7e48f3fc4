"""Families that send invalid input and expect a 4xx validation error in the protocol's envelope:
`required/<Member>` (a required member omitted), `constraint/<Member>/<kind>` (a declared enum,
length, range or pattern violated) and `type/<Member>` (a value of the wrong type on the wire).

Severity: advisory. AWS does not enforce every constraint its models declare (docs/contract.md),
so these are claims of the model, not of recorded AWS behaviour.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from awscompat.catalog.case import Case, docs, model
from awscompat.engine.context import CaseContext
from awscompat.families import wire
from awscompat.families.common import baseline, expect_client_error, send, validation_codes
from awscompat.spec import is_mutating
from awscompat.spec.model import ServiceSpec
from awscompat.spec.protocols import protocol_for

MAX_LENGTH_VIOLATION = 65536
SQS_API = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/"
EMPTY_BATCH = frozenset({"AWS.SimpleQueueService.EmptyBatchRequest", "EmptyBatchRequest"})
_BAD_STRINGS = ("awscompat invalid!*<>", "\u00a7\u00a7\u00a7", "", "-", " ")


def _case(svc: ServiceSpec, op: str, family: str, suffix: str, payload, run, prov: str) -> Case:
    return Case(
        id=f"{svc.name}/{op}/{family}/{suffix}", service=svc.name, operations=(op,), family=f"{family}",
        feature=f"{svc.name}/contract", severity="advisory", provenance=model(prov), mutating=is_mutating(op),
        run=run, payload=payload, timeout=60.0,
    )


# -- required --------------------------------------------------------------------------------
def required(svc: ServiceSpec) -> Iterator[Case]:
    for op in svc.operation_names:
        members, req = svc.raw_input(op)
        for member in req:
            ref = members.get(member, {})
            if ref.get("location") == "uri" or ref.get("hostLabel"):
                continue  # without the label the request names another route: no validation claim
            case = _case(svc, op, "required", member, member, run_required,
                         f"{svc.name}.{op}: input member {member} is required")
            if svc.name == "sqs" and member == "Entries":
                # A batch without entries is an empty batch: AWS answers EmptyBatchRequest (the
                # operation's documented error; the sqs empty-batch scenarios), accepted too (rev 2).
                case.provenance = docs(f"{SQS_API}API_{op}.html", "a batch request without Entries is an empty "
                                       "batch: EmptyBatchRequest, or a validation error, is accepted")
                case.revision = 2
            yield case


def run_required(ctx: CaseContext) -> None:
    op, params, maker = baseline(ctx, ctx.case.operations[0])
    member = ctx.case.payload
    params.pop(member, None)
    extra = EMPTY_BATCH if (ctx.case.service, member) == ("sqs", "Entries") else frozenset()
    _send_invalid(ctx, maker, params, f"request without required member {member}", extra=extra)


# -- constraint ------------------------------------------------------------------------------
def constraint(svc: ServiceSpec) -> Iterator[Case]:
    shapes = svc.raw["shapes"]
    for op in svc.operation_names:
        members, _ = svc.raw_input(op)
        checksum = svc.raw["operations"][op].get("httpChecksum", {}).get("requestAlgorithmMember")
        for member, ref in members.items():
            shape = shapes[ref["shape"]]
            label = ref.get("location") == "uri" or ref.get("hostLabel")
            for kind in _violations(shape):
                if member == checksum and kind == "enum":
                    continue  # botocore itself refuses to send an unknown checksum algorithm
                if label and (kind == "min-length" and shape["min"] <= 1 or kind == "pattern" and
                              not _pattern_violation(shape["pattern"], shape.get("min", 0), shape.get("max", 1 << 20))):
                    continue  # an empty URI label names another route: no validation claim
                yield _case(svc, op, "constraint", f"{member}/{kind}", (member, kind), run_constraint,
                            f"{svc.name}.{op}: {member} declares {kind.replace('-', ' ')} {_bound(shape, kind)}")


def _bound(shape: dict, kind: str):
    return {"enum": "values", "pattern": shape.get("pattern")}.get(kind, shape.get(kind.split("-")[0]))


def _violations(shape: dict) -> list[str]:
    kind = shape["type"]
    out = []
    if kind == "string" and "enum" in shape:
        out.append("enum")
    sized = kind in ("string", "list", "map", "blob")
    numeric = kind in ("integer", "long", "float", "double")
    if "min" in shape and ((sized and shape["min"] >= 1) or numeric):
        out.append("min-length" if sized else "min-value")
    if "max" in shape and ((sized and shape["max"] < MAX_LENGTH_VIOLATION) or numeric):
        out.append("max-length" if sized else "max-value")
    if kind == "string" and "pattern" in shape and "enum" not in shape and \
            _pattern_violation(shape["pattern"], shape.get("min", 0), shape.get("max", 1 << 20)) is not None:
        out.append("pattern")
    return out


@cache
def _pattern_violation(pattern: str, lo: int, hi: int) -> str | None:
    try:
        rx = re.compile(pattern)
    except re.error:
        return None  # a dialect Python cannot read: no claim can be made
    for cand in _BAD_STRINGS:
        if lo <= len(cand) <= hi and rx.fullmatch(cand) is None:
            return cand
    return None


def violating_value(shape, kind: str, maker, name: str, service: str):
    meta = shape.metadata
    if kind == "enum":
        return "AWSCOMPAT_NOT_IN_ENUM"
    if kind == "pattern":
        return _pattern_violation(meta["pattern"], meta.get("min", 0), meta.get("max", 1 << 20))
    if kind in ("min-value", "max-value"):
        bound = meta["min"] if kind == "min-value" else meta["max"]
        step = -1 if kind == "min-value" else 1
        return bound + step if shape.type_name in ("integer", "long") else float(bound) + step
    n = meta["min"] - 1 if kind == "min-length" else meta["max"] + 1
    if shape.type_name == "string":
        return "x" * n
    if shape.type_name == "blob":
        return b"x" * n
    if shape.type_name == "map":
        return {f"k{i}": maker.value(shape.value, "Value", service, 2) for i in range(n)}
    return [maker.value(shape.member, name, service, 2) for _ in range(n)]


def run_constraint(ctx: CaseContext) -> None:
    op, params, maker = baseline(ctx, ctx.case.operations[0])
    member, kind = ctx.case.payload
    shape = op.input_shape.members[member]
    params[member] = violating_value(shape, kind, maker, member, ctx.case.service)
    _send_invalid(ctx, maker, params, f"{member} violating its declared {kind}")


# -- type ------------------------------------------------------------------------------------
_WRONG = {"integer": "awscompat-not-a-number", "long": "awscompat-not-a-number", "float": "awscompat-nan",
          "double": "awscompat-nan", "boolean": "awscompat-not-a-boolean", "timestamp": "awscompat-not-a-time",
          "list": "awscompat-scalar", "map": "awscompat-scalar", "structure": "awscompat-scalar"}


def type_family(svc: ServiceSpec) -> Iterator[Case]:
    if not protocol_for(svc).mutable_body:
        return  # wire mutation is implemented for JSON bodies, forms, query strings and headers
    shapes = svc.raw["shapes"]
    for op in svc.operation_names:
        members, _ = svc.raw_input(op)
        for member, ref in members.items():
            kind = shapes[ref["shape"]]["type"]
            location = ref.get("location")
            if kind not in _WRONG or location == "uri" or (location and kind in ("list", "map", "structure")):
                continue
            yield _case(svc, op, "type", member, member, run_type,
                        f"{svc.name}.{op}: {member} is of type {kind}")


def run_type(ctx: CaseContext) -> None:
    service = ctx.case.service
    op, params, maker = baseline(ctx, ctx.case.operations[0])
    member = ctx.case.payload
    shape = op.input_shape.members[member]
    params[member] = maker.value(shape, member, service, 1)
    wrong = _WRONG[shape.type_name]
    ser = shape.serialization
    wire_name = ser.get("name", member)
    form_name = protocol_for(op.service_model).form_name(wire_name, ser)
    if ser.get("location") in ("querystring", "header"):
        fn = wire.set_location_member(ser["location"], wire_name, wrong)
    elif form_name is not None:
        fn = wire.set_form_member(form_name, wrong)
    else:
        fn = wire.set_json_member(wire_name, wrong)
    client = ctx.client(service)
    with wire.mutating(client, fn):
        _send_invalid(ctx, maker, params, f"{member} sent as {wrong!r} (not a {shape.type_name})", client=client)


def _send_invalid(ctx: CaseContext, maker, params: dict, what: str, client=None,
                  extra: frozenset[str] = frozenset()) -> None:
    service, operation = ctx.case.service, ctx.case.operations[0]
    reply = send(ctx, maker, params, client=client)
    if service == "s3" and reply.code == "NoSuchBucket":
        # S3 resolves the bucket before it validates most members; the generated bucket does not
        # exist, so this answer decides nothing about validation.
        ctx.skip("S3 answered NoSuchBucket before validating: the request names no existing bucket")
    expect_client_error(ctx, reply, validation_codes(service, operation) | extra, what)
