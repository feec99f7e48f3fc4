"""KMS alias cases that stay Python: CreateAlias under test (ledgered first). The other alias cases
are data: cases/kms/aliases.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    ALIASES,
    SVC,
    alias_name,
    api,
    expect_code,
    key_id,
    make_key,
    refused_alias,
    track_alias,
)


@scenario(
    id="kms/scenario/aliases/create-and-list",
    feature="kms/aliases",
    operations=["CreateAlias", "ListAliases"],
    provenance=api("ListAliases"),
)
def create_and_list(ctx: CaseContext) -> None:
    """ListAliases for a key lists the alias created for it, with its TargetKeyId and an
    AliasArn ending in the alias name."""
    meta = make_key(ctx)
    alias = alias_name(ctx)
    track_alias(ctx, alias, meta["KeyId"])
    ctx.expect_ok(ctx.call(SVC, "CreateAlias", AliasName=alias, TargetKeyId=meta["KeyId"]))
    reply = ctx.expect_ok(ctx.call(SVC, "ListAliases", KeyId=meta["KeyId"]))
    entry = next((a for a in reply.get("Aliases") or [] if a.get("AliasName") == alias), {})
    ctx.equal(entry.get("TargetKeyId"), meta["KeyId"], "TargetKeyId", reply)
    ctx.check((entry.get("AliasArn") or "").endswith(":" + alias), "AliasArn does not end in :<alias name>",
              expected=f"...:{alias}", observed=entry.get("AliasArn"), reply=reply)


@scenario(
    id="kms/scenario/aliases/name-without-prefix-refused",
    feature="kms/aliases",
    operations=["CreateAlias"],
    provenance=ALIASES,
)
def name_without_prefix_refused(ctx: CaseContext) -> None:
    """An alias name must begin with 'alias/': a name without it is a 400 ValidationException."""
    kid = key_id(ctx)
    reply = refused_alias(ctx, ctx.name("noprefix", max_len=200), kid)
    expect_code(ctx, reply, "ValidationException")


@scenario(
    id="kms/scenario/aliases/reserved-aws-prefix-refused",
    feature="kms/aliases",
    operations=["CreateAlias"],
    provenance=ALIASES,
    severity="advisory",
)
def reserved_aws_prefix_refused(ctx: CaseContext) -> None:
    """The alias/aws/ prefix is reserved for AWS managed keys: a customer alias under it is
    refused with a 400 error."""
    kid = key_id(ctx)
    reply = refused_alias(ctx, "alias/aws/" + ctx.name("reserved", max_len=200), kid)
    ctx.expect_error(reply, status=400)
