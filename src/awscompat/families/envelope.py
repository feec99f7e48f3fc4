"""`envelope`: an error response carries the protocol's error envelope and a request id.

The envelopes are the protocols' own definitions (Smithy's AWS protocol specifications):
query https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization,
ec2 https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html#operation-error-serialization,
json https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization,
rest-json https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization,
rest-xml https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html#error-response-serialization,
smithy-rpc-v2-cbor https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html#operation-error-serialization.

The error to inspect: the generated request (required members only, naming run-owned resources
that do not exist) first. When it succeeds (ListUsers, CreateUser, GetSessionToken...: a well-formed
request that AWS also answers 200), the case sends the operation again made invalid by its model,
which AWS documents as a 400 validation error for every operation of these protocols (e.g. IAM's
and STS's common errors MissingParameter, ValidationError, InvalidParameterValue:
https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html,
https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html): a required member left
out, else a member's declared constraint broken (families/invalid.py). Only an operation with no
member to make invalid, or a provider that accepts the invalid request too, leaves the case
skipped (nothing to inspect). The evidence says which request was inspected.
"""

from __future__ import annotations

from collections.abc import Iterator

from awscompat.catalog.case import Case, protocol
from awscompat.engine.context import CaseContext, screen
from awscompat.families.common import baseline, send
from awscompat.spec import get_spec, is_mutating
from awscompat.spec.model import ServiceSpec
from awscompat.spec.protocols import PROTOCOLS, by_name, protocol_for

SPEC_URL = {p.name: p.envelope_spec for p in PROTOCOLS}  # by protocol name (spec/protocols.py)
# Constraint violations in the order AWS is likeliest to refuse them (an empty string may be read
# as an absent member; a value outside an enum or a numeric range is refused).
STRONGEST = ("enum", "min-value", "max-value", "max-length", "pattern", "min-length")


def envelope_problems(proto: str, method: str, headers: dict, body: bytes | None) -> list[str]:
    """What is missing from an error response, by the rules of the protocol named proto (empty
    list: fine); the rules are the protocol's class (spec/protocols.py)."""
    return by_name(proto).envelope_problems(method, headers, body)


def envelope(svc: ServiceSpec) -> Iterator[Case]:
    proto = protocol_for(svc)
    for op in svc.operation_names:
        yield Case(
            id=f"{svc.name}/{op}/envelope", service=svc.name, operations=(op,), family="envelope",
            feature=f"{svc.name}/contract", severity="required",
            provenance=protocol(f"{proto.name} error envelope: {proto.envelope_spec}"),
            mutating=is_mutating(op), run=run_envelope, timeout=60.0,
        )


def invalid_variant(ctx: CaseContext, op, params: dict, maker) -> tuple[dict, str] | None:
    """The generated request made invalid by the operation's model: a required member left out,
    else the first declared constraint broken (None: the operation has no member to make invalid)."""
    from awscompat.families.invalid import _violations, violating_value

    svc = get_spec().service(ctx.case.service)
    members, required = svc.raw_input(op.name)
    for member in required:
        ref = members.get(member, {})
        if member in params and not (ref.get("location") == "uri" or ref.get("hostLabel")):
            return {k: v for k, v in params.items() if k != member}, f"without its required member {member}"
    shapes = svc.raw["shapes"]
    found = [(STRONGEST.index(kind), member, kind) for member, ref in members.items()
             if not (ref.get("location") in ("uri", "header") or ref.get("hostLabel"))
             for kind in _violations(shapes[ref["shape"]])]
    for _, member, kind in sorted(found):
        value = violating_value(op.input_shape.members[member], kind, maker, member, ctx.case.service)
        if value is not None:
            return {**params, member: value}, f"with {member} violating its declared {kind}"
    return None


def run_envelope(ctx: CaseContext) -> None:
    op, params, maker = baseline(ctx, ctx.case.operations[0])
    reply = send(ctx, maker, params)
    screen(reply)
    if reply.ok:
        variant = invalid_variant(ctx, op, params, maker)
        if variant is None:
            ctx.skip("the generated request succeeded and the operation has no member to make invalid: no error "
                     "response to inspect")
        params, how = variant
        reply = send(ctx, maker, params)
        screen(reply)
        if reply.ok:
            ctx.skip(f"the generated request succeeded, and so did the request {how} (AWS answers it with a "
                     "validation error; the required/constraint cases judge that): no error response to inspect")
    if reply.status >= 500:
        ctx.fail(f"server error: {reply.describe()}", observed=reply.describe(), reply=reply)
    ex = reply.exchange
    proto = protocol_for(op.service_model)
    problems = proto.envelope_problems(ex.method, ex.response_headers, ex.response_body)
    if problems:
        ctx.fail("error response: " + "; ".join(problems), expected=f"the {proto.name} "
                 "error envelope with a request id", observed=reply.describe(), reply=reply)
