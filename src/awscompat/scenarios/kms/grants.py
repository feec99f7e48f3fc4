"""KMS grants: creating and listing, revoking and retiring, idempotent named grants, constraints,
and refused operations. Grants go with their key; teardown also revokes what a scenario made."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.kms._fixtures import (
    GRANTS,
    SVC,
    account_root,
    api,
    expect_code,
    make_key,
)

_OPS = ["Encrypt", "Decrypt"]


def _grant(ctx: CaseContext, meta: dict, **extra) -> Reply:
    """CreateGrant for the account root (the call under test); a grant it makes is revoked at
    teardown."""
    reply = ctx.call(SVC, "CreateGrant", KeyId=meta["KeyId"], GranteePrincipal=account_root(meta["Arn"]),
                     Operations=extra.pop("Operations", _OPS), **extra)
    if reply.ok:
        gid = reply["GrantId"]
        ctx.defer(f"revoke grant {gid}", lambda: ctx.transport.call(
            SVC, "RevokeGrant", {"KeyId": meta["KeyId"], "GrantId": gid}))
    return reply


def _listed(ctx: CaseContext, key: str) -> dict[str, dict]:
    reply = ctx.expect_ok(ctx.call(SVC, "ListGrants", KeyId=key), "ListGrants")
    return {g["GrantId"]: g for g in reply.get("Grants") or []}


@scenario(
    id="kms/scenario/grants/create-and-list",
    feature="kms/grants",
    operations=["CreateGrant", "ListGrants"],
    provenance=api("CreateGrant"),
)
def create_and_list(ctx: CaseContext) -> None:
    """CreateGrant answers a GrantId and a GrantToken; ListGrants shows the grant with its
    grantee and operations."""
    meta = make_key(ctx)
    reply = ctx.expect_ok(_grant(ctx, meta), "CreateGrant")
    ctx.check(reply.get("GrantId") and reply.get("GrantToken"), "no GrantId or GrantToken",
              expected="GrantId and GrantToken", observed=sorted(reply.parsed), reply=reply)
    grant = _listed(ctx, meta["KeyId"]).get(reply["GrantId"]) or {}
    ctx.equal((grant.get("GranteePrincipal"), sorted(grant.get("Operations") or [])),
              (account_root(meta["Arn"]), sorted(_OPS)), "(GranteePrincipal, Operations) listed")


@scenario(
    id="kms/scenario/grants/revoke",
    feature="kms/grants",
    operations=["RevokeGrant", "ListGrants"],
    provenance=api("RevokeGrant"),
)
def revoke(ctx: CaseContext) -> None:
    """After RevokeGrant the grant is no longer listed."""
    meta = make_key(ctx)
    gid = ctx.expect_ok(_grant(ctx, meta), "CreateGrant")["GrantId"]
    ctx.expect_ok(ctx.call(SVC, "RevokeGrant", KeyId=meta["KeyId"], GrantId=gid))
    ctx.check(gid not in _listed(ctx, meta["KeyId"]), "the revoked grant is still listed", expected="absent",
              observed=gid)


@scenario(
    id="kms/scenario/grants/retire",
    feature="kms/grants",
    operations=["RetireGrant", "ListGrants"],
    provenance=api("RetireGrant"),
)
def retire(ctx: CaseContext) -> None:
    """RetireGrant by KeyId and GrantId (by the account that owns the key) removes the grant."""
    meta = make_key(ctx)
    gid = ctx.expect_ok(_grant(ctx, meta), "CreateGrant")["GrantId"]
    ctx.expect_ok(ctx.call(SVC, "RetireGrant", KeyId=meta["Arn"], GrantId=gid))
    ctx.check(gid not in _listed(ctx, meta["KeyId"]), "the retired grant is still listed", expected="absent",
              observed=gid)


@scenario(
    id="kms/scenario/grants/named-grant-is-idempotent",
    feature="kms/grants",
    operations=["CreateGrant"],
    provenance=api("CreateGrant"),
)
def named_grant_is_idempotent(ctx: CaseContext) -> None:
    """With a Name, repeating the same CreateGrant returns the same GrantId and lists one grant."""
    meta = make_key(ctx)
    first = ctx.expect_ok(_grant(ctx, meta, Name="awscompat-grant"), "CreateGrant")
    second = ctx.expect_ok(_grant(ctx, meta, Name="awscompat-grant"), "CreateGrant again")
    ctx.equal(second.get("GrantId"), first.get("GrantId"), "GrantId of the repeated CreateGrant", second)
    ctx.equal(len(_listed(ctx, meta["KeyId"])), 1, "number of grants listed")


@scenario(
    id="kms/scenario/grants/constraints-listed",
    feature="kms/grants",
    operations=["CreateGrant", "ListGrants"],
    provenance=GRANTS,
)
def constraints_listed(ctx: CaseContext) -> None:
    """A grant's EncryptionContextSubset constraint is listed with it as given."""
    meta = make_key(ctx)
    constraints = {"EncryptionContextSubset": {"purpose": "awscompat"}}
    gid = ctx.expect_ok(_grant(ctx, meta, Constraints=constraints), "CreateGrant")["GrantId"]
    ctx.equal((_listed(ctx, meta["KeyId"]).get(gid) or {}).get("Constraints"), constraints, "Constraints")


@scenario(
    id="kms/scenario/grants/unknown-operation-refused",
    feature="kms/grants",
    operations=["CreateGrant"],
    provenance=api("CreateGrant"),
)
def unknown_operation_refused(ctx: CaseContext) -> None:
    """An operation that is not a grant operation is a 400 ValidationException."""
    expect_code(ctx, _grant(ctx, make_key(ctx), Operations=["DeleteEverything"]), "ValidationException")
