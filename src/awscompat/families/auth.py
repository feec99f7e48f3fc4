"""`auth/unsigned`, `auth/bad-signature`, `auth/unknown-key`, `auth/clock-skew`: every operation
that the model says is signed with SigV4 must reject a request that is not properly signed, with
the protocol's authentication error (403 or 400), and must not execute it.

Provenance: protocol (Signature Version 4,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html, and its troubleshooting
page for the error codes, .../reference_sigv-troubleshooting.html). Severity: required.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Iterator

import botocore
from botocore.auth import AUTH_TYPE_MAPS, SIGV4_TIMESTAMP, S3SigV4Auth, SigV4Auth
from botocore.credentials import Credentials

from awscompat.catalog.case import Case, docs, protocol
from awscompat.engine.context import CaseContext, screen
from awscompat.families.common import baseline, send
from awscompat.spec import is_mutating
from awscompat.spec.model import ServiceSpec

SIGV4_DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html"
SKEW = dt.timedelta(minutes=-30)  # AWS accepts 15 minutes of skew (S3: RequestTimeTooSkewed)
EXPECTED = {
    "unsigned": {"MissingAuthenticationToken", "MissingAuthenticationTokenException", "AccessDenied",
                 "AccessDeniedException", "IncompleteSignature", "IncompleteSignatureException",
                 "InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure", "NotAuthorized",
                 "NotAuthorizedException", "MissingSecurityHeader", "InvalidSignatureException"},
    "bad-signature": {"SignatureDoesNotMatch", "InvalidSignatureException", "AuthFailure", "IncompleteSignature",
                      "IncompleteSignatureException"},
    "unknown-key": {"InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "AuthFailure",
                    "InvalidSignatureException", "SignatureDoesNotMatch"},
    "clock-skew": {"RequestExpired", "RequestTimeTooSkewed", "RequestTimeTooSkewedException",
                   "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "RequestInTheFuture"},
}
# S3 evaluates an anonymous request as the anonymous principal: a bucket that does not exist
# answers NoSuchBucket (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
S3_ANONYMOUS = {"NoSuchBucket", "NoSuchKey", "NoSuchUpload"}
# SQS evaluates an anonymous request against the queue's policy, which may allow it (Principal "*"),
# so an unsigned request to a queue that does not exist may get the queue's own error. Which answer
# AWS gives is not recorded: the sqs unsigned cases are advisory and accept either (revision 2).
SQS_ANONYMOUS = {"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NonExistentQueue"}
SQS_POLICY_DOC = ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
                  "sqs-creating-custom-policies-access-policy-examples.html")
SQS_UNSETTLED = ("advisory: SQS accepts anonymous requests that a queue policy allows, so an unsigned request "
                 "naming a queue that does not exist may be answered with the queue's not-found error; no "
                 "recording settles which answer AWS gives")
VARIANTS = tuple(EXPECTED)

_tl = threading.local()


class _Signer:
    """Mixin over botocore's SigV4 signers: the variant decides what goes wrong."""

    variant = ""

    def __init__(self, credentials, service_name, region_name, **kw):
        if self.variant == "unknown-key":
            credentials = Credentials("AKIA" + secrets.token_hex(8).upper(), secrets.token_urlsafe(30))
        super().__init__(credentials, service_name, region_name, **kw)

    def add_auth(self, request):
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if self.variant == "clock-skew":
            now += SKEW
        request.context["timestamp"] = now.strftime(SIGV4_TIMESTAMP)
        self._modify_request_before_signing(request)
        signature = self.signature(self.string_to_sign(request, self.canonical_request(request)), request)
        if self.variant == "bad-signature":
            signature = signature[:-1] + ("0" if signature[-1] != "0" else "1")
        self._inject_signature_to_request(request, signature)


def _register() -> None:
    for variant in ("bad-signature", "unknown-key", "clock-skew"):
        for base, suffix in ((SigV4Auth, "v4"), (S3SigV4Auth, "s3v4")):
            cls = type(f"{base.__name__}_{variant}", (_Signer, base), {"variant": variant})
            AUTH_TYPE_MAPS[f"awscompat-{variant}-{suffix}"] = cls


_register()


def _choose_signer(signature_version, **kwargs):
    variant = getattr(_tl, "variant", None)
    if variant is None or variant == "unsigned":
        return None  # unsigned requests go through a client configured UNSIGNED (client_for)
    base = "s3v4" if isinstance(signature_version, str) and signature_version.startswith("s3") else "v4"
    return f"awscompat-{variant}-{base}"


def install(client) -> None:
    client.meta.events.register_first("choose-signer", _choose_signer, unique_id="awscompat-auth-signer")


def client_for(ctx: CaseContext, variant: str):
    if variant == "unsigned":
        return ctx.client(ctx.case.service, signature_version=botocore.UNSIGNED)
    client = ctx.client(ctx.case.service)
    install(client)
    return client


def auth(svc: ServiceSpec) -> Iterator[Case]:
    for op in svc.operation_names:
        if svc.unauthenticated(op) or any(a in ("none", "smithy.api#noAuth", "bearer", "smithy.api#httpBearerAuth")
                                          for a in svc.auth_types(op)):
            continue  # the model declares the operation callable without SigV4
        for variant in VARIANTS:
            sqs_anonymous = svc.name == "sqs" and variant == "unsigned"
            yield Case(
                id=f"{svc.name}/{op}/auth/{variant}", service=svc.name, operations=(op,), family=f"auth/{variant}",
                feature=f"{svc.name}/contract", severity="advisory" if sqs_anonymous else "required",
                provenance=docs(SQS_POLICY_DOC, SQS_UNSETTLED) if sqs_anonymous else
                protocol(f"SigV4: a request {variant.replace('-', ' ')} is rejected ({SIGV4_DOC})"),
                mutating=is_mutating(op), run=run_auth, payload=variant, timeout=60.0,
                revision=2 if sqs_anonymous else 1,
            )


def run_auth(ctx: CaseContext) -> None:
    variant = ctx.case.payload
    service = ctx.case.service
    _, params, maker = baseline(ctx, ctx.case.operations[0])
    client = client_for(ctx, variant)
    _tl.variant = variant
    try:
        reply = send(ctx, maker, params, client=client)
    finally:
        _tl.variant = None
    anonymous = set()
    if variant == "unsigned" and service == "s3":
        anonymous = S3_ANONYMOUS
    elif variant == "unsigned" and service == "sqs" and "QueueUrl" in params:
        anonymous = SQS_ANONYMOUS  # only a request naming a queue can be allowed by that queue's policy
    expected = EXPECTED[variant] | anonymous
    if 200 <= reply.status < 300:  # accepted, whatever the body looks like
        ctx.fail(f"a request {variant.replace('-', ' ')} was executed (HTTP {reply.status}); AWS rejects it",
                 expected="403/400 " + "/".join(sorted(EXPECTED[variant])), observed=f"HTTP {reply.status}",
                 reply=reply)
    screen(reply)
    # awsQueryCompatible services (SQS on JSON): botocore's Code is the legacy query code and
    # QueryErrorCode the JSON error type; either may name the expected error.
    codes = {c for c in (reply.code, reply.error.get("QueryErrorCode")) if c}
    status_ok = reply.status in (400, 401, 403) or (bool(codes & anonymous) and reply.status == 404)
    if not status_ok or (codes and not codes & expected):
        ctx.fail(f"a request {variant.replace('-', ' ')} was answered {reply.describe()}, not with an "
                 "authentication error", expected=sorted(expected), observed=reply.describe(), reply=reply)
    if not reply.code and ctx.case.operations[0] != "HeadObject" and reply.exchange.method != "HEAD":
        ctx.fail(f"HTTP {reply.status} without an error code", expected=sorted(expected),
                 observed=reply.describe(), reply=reply)
