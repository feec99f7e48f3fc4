"""KMS aliases: creating and listing, using an alias as a KeyId, retargeting and deleting, and
the naming rules (the alias/ prefix, the reserved alias/aws/ prefix, uniqueness)."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    ALIASES,
    SVC,
    alias_name,
    api,
    describe,
    expect_code,
    key_id,
    make_alias,
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
    id="kms/scenario/aliases/describe-key-by-alias",
    feature="kms/aliases",
    operations=["DescribeKey"],
    provenance=api("DescribeKey"),
)
def describe_key_by_alias(ctx: CaseContext) -> None:
    """DescribeKey with an alias name describes the key the alias points to."""
    kid = key_id(ctx)
    ctx.equal(describe(ctx, make_alias(ctx, kid)).get("KeyId"), kid, "KeyId described through the alias")


@scenario(
    id="kms/scenario/aliases/encrypt-by-alias",
    feature="kms/aliases",
    operations=["Encrypt", "Decrypt"],
    provenance=api("Encrypt"),
)
def encrypt_by_alias(ctx: CaseContext) -> None:
    """Encrypt accepts an alias as KeyId and answers the key's ARN (not the alias) as KeyId."""
    meta = make_key(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "Encrypt", KeyId=make_alias(ctx, meta["KeyId"]), Plaintext=b"data"))
    ctx.equal(reply.get("KeyId"), meta["Arn"], "KeyId", reply)


@scenario(
    id="kms/scenario/aliases/duplicate-refused",
    feature="kms/aliases",
    operations=["CreateAlias"],
    provenance=api("CreateAlias"),
)
def duplicate_refused(ctx: CaseContext) -> None:
    """An alias name is unique in the account and region: creating it again (for another key) is
    a 400 AlreadyExistsException."""
    alias = make_alias(ctx, key_id(ctx))
    reply = ctx.call(SVC, "CreateAlias", AliasName=alias, TargetKeyId=key_id(ctx))
    expect_code(ctx, reply, "AlreadyExistsException")


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


@scenario(
    id="kms/scenario/aliases/update-alias-retargets",
    feature="kms/aliases",
    operations=["UpdateAlias", "DescribeKey"],
    provenance=api("UpdateAlias"),
)
def update_alias_retargets(ctx: CaseContext) -> None:
    """UpdateAlias points the alias at another key: DescribeKey through it then names that key."""
    first, second = key_id(ctx), key_id(ctx)
    alias = make_alias(ctx, first)
    ctx.expect_ok(ctx.call(SVC, "UpdateAlias", AliasName=alias, TargetKeyId=second))
    ctx.equal(describe(ctx, alias).get("KeyId"), second, "KeyId through the alias")


@scenario(
    id="kms/scenario/aliases/delete-alias",
    feature="kms/aliases",
    operations=["DeleteAlias", "DescribeKey"],
    provenance=api("DeleteAlias"),
)
def delete_alias(ctx: CaseContext) -> None:
    """After DeleteAlias the alias no longer resolves: DescribeKey through it is a 400
    NotFoundException (the key itself is untouched)."""
    kid = key_id(ctx)
    alias = make_alias(ctx, kid)
    ctx.expect_ok(ctx.call(SVC, "DeleteAlias", AliasName=alias))
    expect_code(ctx, ctx.call(SVC, "DescribeKey", KeyId=alias), "NotFoundException")
    ctx.equal(describe(ctx, kid).get("KeyState"), "Enabled", "the key's state")


@scenario(
    id="kms/scenario/aliases/delete-missing-alias",
    feature="kms/aliases",
    operations=["DeleteAlias"],
    provenance=api("DeleteAlias"),
    mutating=False,
)
def delete_missing_alias(ctx: CaseContext) -> None:
    """DeleteAlias of an alias that does not exist is a 400 NotFoundException."""
    expect_code(ctx, ctx.call(SVC, "DeleteAlias", AliasName=alias_name(ctx, "absent")), "NotFoundException")
