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

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from awscompat.catalog.case import Case, protocol
from awscompat.engine.context import CaseContext, screen
from awscompat.families.common import baseline, send
from awscompat.spec import get_spec, is_mutating
from awscompat.spec.model import ServiceSpec

SPEC_URL = {
    "query": "https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization",
    "ec2": "https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html#operation-error-serialization",
    "json": "https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization",
    "rest-json": "https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization",
    "rest-xml": "https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html#error-response-serialization",
    "smithy-rpc-v2-cbor": "https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html",
}
# Constraint violations in the order AWS is likeliest to refuse them (an empty string may be read
# as an absent member; a value outside an enum or a numeric range is refused).
STRONGEST = ("enum", "min-value", "max-value", "max-length", "pattern", "min-length")
REQUEST_ID_HEADERS = ("x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(root: ET.Element, *path: str) -> ET.Element | None:
    node: ET.Element | None = root
    for name in path:
        node = next((child for child in node if _local(child.tag) == name), None) if node is not None else None
    return node


def envelope_problems(proto: str, method: str, headers: dict, body: bytes | None) -> list[str]:
    """What is missing from an error response, by the protocol's rules (empty list: fine)."""
    h = {k.lower(): v for k, v in headers.items()}
    body = body or b""
    problems: list[str] = []
    has_header_id = any(h.get(name) for name in REQUEST_ID_HEADERS)
    if method == "HEAD":  # a HEAD answer has no body: only the request id can be checked
        return [] if has_header_id else ["no request id header (x-amzn-RequestId / x-amz-request-id)"]
    body_id = False
    if proto in ("query", "ec2", "rest-xml"):
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            return ["the error body is not XML"]
        if proto == "query":
            code = _find(root, "Error", "Code")
            body_id = _find(root, "RequestId") is not None
            if _local(root.tag) != "ErrorResponse" or code is None or not (code.text or "").strip():
                problems.append("not <ErrorResponse><Error><Code>")
        elif proto == "ec2":
            code = _find(root, "Errors", "Error", "Code")
            body_id = _find(root, "RequestID") is not None or _find(root, "RequestId") is not None
            if _local(root.tag) != "Response" or code is None or not (code.text or "").strip():
                problems.append("not <Response><Errors><Error><Code>")
        else:
            code = _find(root, "Code") if _local(root.tag) == "Error" else _find(root, "Error", "Code")
            body_id = _find(root, "RequestId") is not None
            if code is None or not (code.text or "").strip():
                problems.append("not <Error><Code> (or <ErrorResponse><Error><Code>)")
    elif proto in ("json", "rest-json"):
        doc: object = {}
        if body.strip():
            try:
                doc = json.loads(body)
            except ValueError:
                return ["the error body is not JSON"]
        if not isinstance(doc, dict):
            return ["the error body is not a JSON object"]
        code = h.get("x-amzn-errortype") or doc.get("__type") or (doc.get("code") if proto == "rest-json" else None)
        if not code:
            problems.append("no error type (__type in the body" + (" or x-amzn-ErrorType header)" if proto ==
                                                                    "rest-json" else ")"))
    elif proto == "smithy-rpc-v2-cbor":
        if h.get("smithy-protocol") != "rpc-v2-cbor":
            problems.append("no smithy-protocol: rpc-v2-cbor header")
    if not (has_header_id or body_id):
        problems.append("no request id (header x-amzn-RequestId / x-amz-request-id, or RequestId in the body)")
    return problems


def envelope(svc: ServiceSpec) -> Iterator[Case]:
    proto = svc.protocol
    for op in svc.operation_names:
        yield Case(
            id=f"{svc.name}/{op}/envelope", service=svc.name, operations=(op,), family="envelope",
            feature=f"{svc.name}/contract", severity="required",
            provenance=protocol(f"{proto} error envelope: {SPEC_URL.get(proto, proto)}"),
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
    problems = envelope_problems(op.service_model.resolved_protocol, ex.method, ex.response_headers,
                                 ex.response_body)
    if problems:
        ctx.fail("error response: " + "; ".join(problems), expected=f"the {op.service_model.resolved_protocol} "
                 "error envelope with a request id", observed=reply.describe(), reply=reply)
