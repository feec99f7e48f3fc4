"""`not-found`: an operation that names a resource (an Id/Name/Arn-like required member) called
with a well-formed but non-existent one answers one of the operation's declared errors, or, where
the model declares no not-found error, the service's documented not-found code (EC2's
`Invalid*.NotFound`, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html;
S3's `NoSuchBucket`/`NoSuchKey`, https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
Advisory: the model's error lists are incomplete."""

from __future__ import annotations

from collections.abc import Iterator

from awscompat.catalog.case import Case, docs, model
from awscompat.engine.context import CaseContext
from awscompat.families.common import CREATE_VERBS, IDENTIFIER, NOT_FOUND, baseline, expect_client_error, send
from awscompat.spec import get_spec, is_mutating
from awscompat.spec.model import ServiceSpec


def not_found(svc: ServiceSpec) -> Iterator[Case]:
    for op in svc.operation_names:
        if op.startswith(CREATE_VERBS):
            continue
        _, req = svc.raw_input(op)
        ids = [m for m in req if IDENTIFIER.search(m)]
        if not ids:
            continue
        declared = [e for e in svc.declared_errors(op) if NOT_FOUND.search(e)]
        case = Case(
            id=f"{svc.name}/{op}/not-found", service=svc.name, operations=(op,), family="not-found",
            feature=f"{svc.name}/contract", severity="advisory",
            provenance=model(f"{svc.name}.{op}: names a resource by {', '.join(ids)}; declared errors: "
                             f"{', '.join(declared) or 'none for not-found (documented service codes apply)'}"),
            mutating=is_mutating(op), run=run_not_found, timeout=60.0,
        )
        revised = REVISED.get(case.id)
        if revised is not None:
            case.provenance, case.revision = revised
        yield case


_KMS = "https://docs.aws.amazon.com/kms/latest/APIReference/"
# Cases whose request changed after an audit (DESIGN 3.1: a new revision).
REVISED = {
    f"kms/{op}/not-found": (docs(f"{_KMS}API_{op}.html", "the alias name now begins with alias/, as AWS requires; "
                                 "without it AWS answers ValidationException before any lookup"), 2)
    for op in ("DeleteAlias", "UpdateAlias")
}


# Deletes and listings of a missing resource that AWS answers with success: idempotent deletes
# and empty listings (recorded: sns DeleteTopic 200, lambda DeleteLayerVersion 204 and
# ListLayerVersions 200; docs/contract-evidence.md).
_MAY_SUCCEED = ("Delete", "Remove", "List", "Unsubscribe", "Untag", "Deregister", "Disassociate", "Detach")


def run_not_found(ctx: CaseContext) -> None:
    service, operation = ctx.case.service, ctx.case.operations[0]
    op, params, maker = baseline(ctx, operation)
    reply = send(ctx, maker, params)
    if reply.ok and operation.startswith(_MAY_SUCCEED) and ctx.case.provenance.kind != "recorded-aws":
        return  # AWS may treat this as success too (a recorded error overrides this)
    if op.http.get("method") == "HEAD" and reply.status == 404:
        return  # a HEAD answer has no body: a bare 404 is the not-found answer
    declared = get_spec().service(service).declared_errors(operation)
    not_found = {e for e in declared if NOT_FOUND.search(e)}
    if service == "s3" and "Bucket" in params:
        not_found |= {"NoSuchBucket"}  # the bucket is resolved first (recorded: GetObject -> NoSuchBucket)
    if not_found:
        expect_client_error(ctx, reply, not_found, "a resource that does not exist")
    else:
        expect_client_error(ctx, reply, set(), "a resource that does not exist")
        if not NOT_FOUND.search(reply.code):
            ctx.fail(f"a resource that does not exist: {reply.code} is not a not-found code",
                     expected="a not-found code (NotFound / NoSuch* / NonExistent)", observed=reply.code,
                     reply=reply)
