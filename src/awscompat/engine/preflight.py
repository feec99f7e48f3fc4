"""Before any case runs: does each endpoint answer, in an AWS protocol, to these credentials?

A target that is unreachable, hangs, speaks TLS where it should not (or the reverse), answers
with a web page, or rejects the credentials turns every case that uses it into `error` with
the preflight's evidence, and the user gets one clear line, never a traceback.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from awscompat.engine.evidence import Exchange
from awscompat.engine.transport import Transport, TransportFault
from awscompat.spec import get_spec

BAD_CREDENTIAL_CODES = {
    "InvalidAccessKeyId", "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException",
    "AuthFailure", "InvalidSignatureException", "IncompleteSignature", "ExpiredToken", "ExpiredTokenException",
    "InvalidToken", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
}
# A cheap read-only call per service; others use the first argument-less List*/Describe*.
_PROBES = {"s3": "ListBuckets", "sts": "GetCallerIdentity", "ec2": "DescribeRegions", "iam": "ListUsers",
           "sqs": "ListQueues", "dynamodb": "ListTables", "sns": "ListTopics", "kinesis": "ListStreams",
           "lambda": "ListFunctions", "route53": "ListHostedZones", "ecr": "DescribeRepositories",
           "acm": "ListCertificates", "apigateway": "GetRestApis"}


@dataclass
class Verdict:
    endpoint: str
    service: str
    ok: bool
    problem: str = ""
    exchange: Exchange | None = None
    # transport | credentials | protocol: a protocol mismatch is judged service by service.
    # not-sendable: the SDK would not send the probe (ok, unjudged: the cases end as `skip` themselves).
    kind: str = ""


def _header(headers: dict, name: str) -> str:
    name = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == name), "")


def probe_operation(service: str) -> str | None:
    if service in _PROBES:
        return _PROBES[service]
    spec = get_spec().service(service)
    for op in spec.operations():
        if op.name.startswith(("List", "Describe")) and (op.input_shape is None or not op.input_shape.required_members):
            return op.name
    return None


def check_endpoint(transport: Transport, service: str) -> Verdict:
    endpoint = transport.target.endpoint_for(service) or f"AWS ({transport.target.region})"
    op = probe_operation(service)
    if op is None:
        return Verdict(endpoint, service, True)
    try:
        reply = transport.call(service, op, {})
    except TransportFault as fault:
        if fault.kind == "not-sendable":  # the SDK refuses the probe (sendable.py): it proves nothing either way
            return Verdict(endpoint, service, True, f"endpoint {endpoint}: {op} not probed: {fault.detail}",
                           fault.exchange, "not-sendable")
        what = {
            "connection-refused": "nothing is listening there (connection refused)",
            "timeout": f"it accepted the connection but did not answer within {transport.timeout:.0f}s",
            "tls": "TLS failed (an http:// server addressed as https://, or a certificate that does not verify;"
                   " see --no-verify-tls)",
            "connection-reset": "it closed the connection without answering",
            "truncated": "it closed the connection in the middle of an answer",
            "bad-response": "its answer is not HTTP",
        }.get(fault.kind, fault.detail)
        return Verdict(endpoint, service, False, f"endpoint {endpoint}: {what}", fault.exchange, "transport")
    except Exception as exc:  # noqa: BLE001 - botocore refusing the target must not end the run with a traceback
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Verdict(endpoint, service, False, f"endpoint {endpoint}: {op} could not be sent ({detail})",
                       Exchange(service=service, operation=op, fault=f"not sent: {detail}"), "transport")
    if reply.code in BAD_CREDENTIAL_CODES:
        return Verdict(endpoint, service, False,
                       f"endpoint {endpoint} rejected the credentials ({reply.code}); check AWS_ACCESS_KEY_ID /"
                       " AWS_SECRET_ACCESS_KEY / AWS_PROFILE", reply.exchange, "credentials")
    ctype = _header(reply.headers, "content-type") or "no content type"
    # No AWS protocol answers with a web page; an answer outside the protocol's envelope is a
    # mismatch too, unless it is a 404/405 (a server that routes other operations). A 5xx is a
    # server error, whatever its body: the cases judge it.
    # A content type alone does not make a web page (moto labels some JSON answers text/html):
    # the body must not parse in the protocol, or must look like HTML.
    body = (reply.exchange.response_body or b"").lstrip()[:32].lower()
    html_type = ctype.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml")
    web_page = reply.status < 500 and html_type and (bool(reply.parse_error) or body.startswith((b"<!doctype", b"<html")))
    if web_page or (reply.parse_error and reply.status < 500 and reply.status not in (404, 405)):
        what = "a web page" if web_page else "an answer that is not in that protocol"
        return Verdict(endpoint, service, False,
                       f"endpoint {endpoint} does not speak the AWS {get_spec().service(service).protocol} protocol:"
                       f" {op} got HTTP {reply.status} ({ctype}), {what}", reply.exchange, "protocol")
    return Verdict(endpoint, service, True, exchange=reply.exchange)


def preflight(transport: Transport, services: list[str]) -> dict[str, Verdict]:
    """One check per distinct endpoint. A transport fault or rejected credentials is shared by
    every service on that endpoint; a protocol mismatch is judged service by service (an S3-only
    server answers S3 even if it does not speak JSON). A service whose probe the SDK will not send
    (bearer auth over http://, engine/sendable.py) is not judged and judges nothing for the others."""
    by_endpoint: dict[str, list[str]] = {}
    for service in services:
        by_endpoint.setdefault(transport.target.endpoint_for(service) or "aws:" + service, []).append(service)

    def judge(svcs: list[str]) -> dict[str, Verdict]:
        ordered = sorted(svcs, key=lambda s: (s not in ("s3", "sts", "sqs", "dynamodb"), svcs.index(s)))
        out: dict[str, Verdict] = {}
        first: Verdict | None = None
        for service in ordered:
            if first is not None and (first.ok or first.kind != "protocol"):
                out[service] = first
                continue
            verdict = out[service] = check_endpoint(transport, service)
            if verdict.kind != "not-sendable":  # an unprobed service judges nothing for the others
                first = verdict
        return out

    verdicts: dict[str, Verdict] = {}
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(by_endpoint)))) as pool:
        for result in pool.map(judge, by_endpoint.values()):
            verdicts.update(result)
    return verdicts
