"""S3 ACLs and what governs them: canned and explicit bucket/object ACLs (the Owner/Grants shape),
their validation, object ownership controls, and the public access block (round trip, absence,
and its effect on public policies and ACLs)."""

from __future__ import annotations

from collections.abc import Callable

from awscompat.catalog import recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import (
    API_OWNERSHIP,
    API_PAB,
    REF,
    REF_S3,
    S3,
    allow_public,
    enable_versioning,
    guide,
    make_bucket,
    put,
)

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
_BLOCK_DOCS = guide("access-control-block-public-access.html")
_OWNERSHIP_DOCS = guide("about-object-ownership.html")
_OPEN = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
         "RestrictPublicBuckets": False}


def _rec(test: str, step: str) -> Provenance:
    return recorded(REF_S3, S3 + test, step)


def _group(uri: str, permission: str) -> dict:
    return {"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission}


def _owner_grant(owner_id: str) -> dict:
    return {"Grantee": {"ID": owner_id, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}


def _shape(grants: list[dict]) -> list[dict]:
    """Grants reduced to what the recordings pin down (no DisplayName: AWS dropped it)."""
    out = []
    for grant in grants:
        grantee = {k: v for k, v in (grant.get("Grantee") or {}).items() if k in ("ID", "Type", "URI")}
        out.append({"Grantee": grantee, "Permission": grant.get("Permission")})
    return out


def _acl_bucket(ctx: CaseContext, with_object: bool = False) -> str:
    """A bucket where ACLs take effect (ObjectWriter ownership, no public access block)."""
    bucket = make_bucket(ctx)
    allow_public(ctx, bucket, acls=True)
    if with_object:
        put(ctx, bucket, "key")
    return bucket


def _check_acl(ctx: CaseContext, reply: Reply, grants: Callable[[str], list[dict]]) -> None:
    """Owner.ID is present and the grants are exactly grants(owner_id), in order."""
    owner = (reply.get("Owner") or {}).get("ID")
    ctx.check(owner, "the ACL has no Owner.ID", expected="Owner.ID", observed=reply.get("Owner"), reply=reply)
    ctx.equal(_shape(reply.get("Grants") or []), grants(owner), "Grants", reply)


def _target(ctx: CaseContext, kind: str) -> tuple[dict, str, str]:
    """(params, Put operation, Get operation) for the bucket's or an object's ACL."""
    bucket = _acl_bucket(ctx, with_object=kind == "object")
    params = {"Bucket": bucket, "Key": "key"} if kind == "object" else {"Bucket": bucket}
    op = "Object" if kind == "object" else "Bucket"
    return params, f"Put{op}Acl", f"Get{op}Acl"


# -- round trips, for the bucket and for an object ----------------------------------------------
_ROUNDTRIPS = [
    # (name, put params, expected grants from the owner id, provenance for bucket, for object)
    ("private", {"ACL": "private"}, lambda o: [_owner_grant(o)],
     "test_s3_bucket_acl:get-bucket-canned-acl", "test_s3_object_acl:get-object-acl-default"),
    ("public-read", {"ACL": "public-read"}, lambda o: [_owner_grant(o), _group(ALL_USERS, "READ")],
     "test_s3_bucket_acl:get-bucket-acl", "test_s3_object_acl:get-object-acl"),
    ("grant-header", {"GrantRead": f'uri="{LOG_DELIVERY}"'}, lambda o: [_group(LOG_DELIVERY, "READ")],
     "test_s3_bucket_acl:get-bucket-grant-acl", "test_s3_object_acl:get-object-grant-acl"),
    ("access-control-policy", {"AccessControlPolicy": None},
     lambda o: [_owner_grant(o), _group(LOG_DELIVERY, "WRITE")],
     "test_s3_bucket_acl:get-bucket-acp-acl", "test_s3_object_acl:get-object-acp-acl"),
]


def _register_roundtrip(kind: str, name: str, params: dict, grants, evidence: str) -> None:
    def run(ctx: CaseContext) -> None:
        target, put_op, get_op = _target(ctx, kind)
        extra = dict(params)
        if "AccessControlPolicy" in extra:  # needs the owner's id: read it from the current ACL
            owner = ctx.fixture("s3", get_op, **target)["Owner"]
            extra["AccessControlPolicy"] = {"Owner": owner, "Grants": [
                _owner_grant(owner["ID"]), _group(LOG_DELIVERY, "WRITE")]}
        reply = ctx.expect_ok(ctx.call("s3", put_op, **target, **extra))
        ctx.equal(reply.status, 200, f"{put_op} status", reply)
        _check_acl(ctx, ctx.expect_ok(ctx.call("s3", get_op, **target)), grants)

    run.__doc__ = f"{kind.capitalize()} ACL set as {name}: Get returns the owner and exactly the matching grants."
    test, step = evidence.split(":")
    put_op = "PutObjectAcl" if kind == "object" else "PutBucketAcl"
    scenario(id=f"s3/scenario/acl/{kind}-{name}-roundtrip", feature="s3/acl",
             operations=[put_op, put_op.replace("Put", "Get")], provenance=_rec(test, step),
             severity="advisory" if step.endswith("-default") else "required")(run)


for _name, _params, _grants, _bucket_ev, _object_ev in _ROUNDTRIPS:
    _register_roundtrip("bucket", _name, _params, _grants, _bucket_ev)
    _register_roundtrip("object", _name, _params, _grants, _object_ev)


@scenario(
    id="s3/scenario/acl/object-default-owner-only",
    feature="s3/acl",
    operations=["PutObject", "GetObjectAcl"],
    provenance=_rec("test_s3_object_acl", "get-object-acl-default"),
)
def object_default_owner_only(ctx: CaseContext) -> None:
    """A new object's ACL grants FULL_CONTROL to its owner and nothing else."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"")
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectAcl", Bucket=bucket, Key="key"))
    _check_acl(ctx, reply, lambda o: [_owner_grant(o)])


@scenario(
    id="s3/scenario/acl/put-object-canned-acl",
    feature="s3/acl",
    operations=["PutObject", "GetObjectAcl"],
    provenance=_rec("test_s3_multipart_upload_acls", "permission-acl-key2"),
)
def put_object_canned_acl(ctx: CaseContext) -> None:
    """A canned ACL given on PutObject (public-read-write) is the object's ACL: owner FULL_CONTROL,
    AllUsers READ and WRITE."""
    bucket = _acl_bucket(ctx)
    ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"x", ACL="public-read-write"))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectAcl", Bucket=bucket, Key="key"))
    _check_acl(ctx, reply, lambda o: [_owner_grant(o), _group(ALL_USERS, "READ"), _group(ALL_USERS, "WRITE")])


@scenario(
    id="s3/scenario/acl/delete-marker-acl-not-allowed",
    feature="s3/acl",
    operations=["DeleteObject", "PutObjectAcl"],
    provenance=_rec("test_put_object_acl_on_delete_marker", "put-acl-delete-marker-version-id"),
)
def delete_marker_acl_not_allowed(ctx: CaseContext) -> None:
    """Setting the ACL of a delete marker by its version id is 405 MethodNotAllowed."""
    bucket = _acl_bucket(ctx)
    enable_versioning(ctx, bucket)
    put(ctx, bucket, "key")
    marker = ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="key")["VersionId"]
    reply = ctx.call("s3", "PutObjectAcl", Bucket=bucket, Key="key", VersionId=marker, ACL="private")
    ctx.expect_error(reply, "MethodNotAllowed", 405)


# -- refusals, for the bucket and for an object -------------------------------------------------
_REFUSALS = [
    # (name, put params, code, bucket step, object step)
    ("unknown-canned-acl", {"ACL": "fake-acl"}, "InvalidArgument", "put-bucket-canned-acl", "put-object-acl-canned-acl"),
    ("unknown-group", {"GrantWrite": 'uri="http://acs.amazonaws.com/groups/s3/FakeGroup"'}, "InvalidArgument",
     "put-bucket-grant-acl-fake-uri", "put-object-grant-acl-fake-uri"),
    ("unknown-grantee-key", {"GrantWrite": 'fakekey="1234"'}, "InvalidArgument",
     "put-bucket-grant-acl-fake-key", "put-object-grant-acl-fake-key"),
    ("invalid-id", {"GrantWrite": 'id="wrong-id"'}, "InvalidArgument",
     "put-bucket-grant-acl-wrong-id", "put-object-grant-acl-wrong-id"),
    ("empty-access-control-policy", {"AccessControlPolicy": {}}, "MalformedACLError",
     "put-bucket-empty-acp", "put-object-empty-acp"),
]


def _register_refusal(kind: str, name: str, params: dict, code: str, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        target, put_op, _ = _target(ctx, kind)
        ctx.expect_error(ctx.call("s3", put_op, **target, **params), code, 400)

    put_op = "PutObjectAcl" if kind == "object" else "PutBucketAcl"
    run.__doc__ = f"{put_op} with {name.replace('-', ' ')} is refused with 400 {code}."
    test = "test_s3_object_acl_exceptions" if kind == "object" else "test_s3_bucket_acl_exceptions"
    scenario(id=f"s3/scenario/acl/{kind}-refuse-{name}", feature="s3/acl", operations=[put_op],
             provenance=_rec(test, step))(run)


for _name, _params, _code, _bucket_step, _object_step in _REFUSALS:
    _register_refusal("bucket", _name, _params, _code, _bucket_step)
    _register_refusal("object", _name, _params, _code, _object_step)


# -- object ownership ---------------------------------------------------------------------------
@scenario(
    id="s3/scenario/acl/ownership-default-enforced",
    feature="s3/acl",
    operations=["GetBucketOwnershipControls"],
    provenance=recorded(REF, API_OWNERSHIP + "test_crud_bucket_ownership_controls", "default-ownership"),
)
def ownership_default_enforced(ctx: CaseContext) -> None:
    """A new bucket's object ownership is BucketOwnerEnforced (ACLs disabled)."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketOwnershipControls", Bucket=bucket))
    ctx.equal(reply.get("OwnershipControls"), {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
              "OwnershipControls", reply)


@scenario(
    id="s3/scenario/acl/ownership-roundtrip-and-delete",
    feature="s3/acl",
    operations=["PutBucketOwnershipControls", "GetBucketOwnershipControls", "DeleteBucketOwnershipControls"],
    provenance=recorded(REF, API_OWNERSHIP + "test_crud_bucket_ownership_controls", "get-ownership-after-delete"),
)
def ownership_roundtrip_and_delete(ctx: CaseContext) -> None:
    """Ownership controls read back as put; once deleted (204) they read as 404
    OwnershipControlsNotFoundError."""
    bucket = make_bucket(ctx)
    controls = {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    ctx.expect_ok(ctx.call("s3", "PutBucketOwnershipControls", Bucket=bucket, OwnershipControls=controls))
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketOwnershipControls", Bucket=bucket))
    ctx.equal(reply.get("OwnershipControls"), controls, "OwnershipControls", reply)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteBucketOwnershipControls", Bucket=bucket))
    ctx.equal(reply.status, 204, "DeleteBucketOwnershipControls status", reply)
    ctx.expect_error(ctx.call("s3", "GetBucketOwnershipControls", Bucket=bucket),
                     "OwnershipControlsNotFoundError", 404, what="Get after delete")


@scenario(
    id="s3/scenario/acl/ownership-invalid-value",
    feature="s3/acl",
    operations=["PutBucketOwnershipControls"],
    provenance=recorded(REF, API_OWNERSHIP + "test_bucket_ownership_controls_exc", "put-ownership-wrong-value"),
)
def ownership_invalid_value(ctx: CaseContext) -> None:
    """An unknown ObjectOwnership value is refused with 400 MalformedXML."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutBucketOwnershipControls", Bucket=bucket,
                     OwnershipControls={"Rules": [{"ObjectOwnership": "RandomValue"}]})
    ctx.expect_error(reply, "MalformedXML", 400)


@scenario(
    id="s3/scenario/acl/enforced-ownership-refuses-acls",
    feature="s3/acl",
    operations=["PutBucketAcl"],
    provenance=_OWNERSHIP_DOCS,
    severity="advisory",
)
def enforced_ownership_refuses_acls(ctx: CaseContext) -> None:
    """Under BucketOwnerEnforced, setting an ACL that grants anything beyond the owner is refused
    (400 AccessControlListNotSupported)."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "DeletePublicAccessBlock", Bucket=bucket)
    ctx.fixture("s3", "PutBucketOwnershipControls", Bucket=bucket,
                OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    reply = ctx.call("s3", "PutBucketAcl", Bucket=bucket, ACL="public-read")
    ctx.expect_error(reply, "AccessControlListNotSupported", 400)


# -- public access block ------------------------------------------------------------------------
@scenario(
    id="s3/scenario/acl/public-access-block-default",
    feature="s3/acl",
    operations=["GetPublicAccessBlock"],
    provenance=recorded(REF, API_PAB + "test_crud_public_access_block", "get-default-public-access-block"),
)
def public_access_block_default(ctx: CaseContext) -> None:
    """A new bucket blocks public access: all four settings are true."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "GetPublicAccessBlock", Bucket=bucket))
    ctx.equal(reply.get("PublicAccessBlockConfiguration"), {k: True for k in _OPEN}, "configuration", reply)


@scenario(
    id="s3/scenario/acl/public-access-block-roundtrip",
    feature="s3/acl",
    operations=["PutPublicAccessBlock", "GetPublicAccessBlock"],
    provenance=recorded(REF, API_PAB + "test_crud_public_access_block", "get-public-access-block"),
)
def public_access_block_roundtrip(ctx: CaseContext) -> None:
    """PutPublicAccessBlock answers 200 and the configuration reads back as put."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "PutPublicAccessBlock", Bucket=bucket, PublicAccessBlockConfiguration=_OPEN))
    ctx.equal(reply.status, 200, "PutPublicAccessBlock status", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetPublicAccessBlock", Bucket=bucket))
    ctx.equal(reply.get("PublicAccessBlockConfiguration"), _OPEN, "configuration", reply)


@scenario(
    id="s3/scenario/acl/public-access-block-delete",
    feature="s3/acl",
    operations=["DeletePublicAccessBlock", "GetPublicAccessBlock"],
    provenance=recorded(REF, API_PAB + "test_crud_public_access_block", "get-public-access-block-after-delete"),
)
def public_access_block_delete(ctx: CaseContext) -> None:
    """DeletePublicAccessBlock answers 204, again 204 when repeated; the configuration then reads
    as 404 NoSuchPublicAccessBlockConfiguration."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutPublicAccessBlock", Bucket=bucket, PublicAccessBlockConfiguration=_OPEN)
    for attempt in ("first", "repeated"):
        reply = ctx.expect_ok(ctx.call("s3", "DeletePublicAccessBlock", Bucket=bucket))
        ctx.equal(reply.status, 204, f"{attempt} DeletePublicAccessBlock status", reply)
    ctx.expect_error(ctx.call("s3", "GetPublicAccessBlock", Bucket=bucket),
                     "NoSuchPublicAccessBlockConfiguration", 404, what="Get after delete")


@scenario(
    id="s3/scenario/acl/block-public-policy",
    feature="s3/acl",
    operations=["PutPublicAccessBlock", "PutBucketPolicy"],
    provenance=_BLOCK_DOCS,
    severity="advisory",
)
def block_public_policy(ctx: CaseContext) -> None:
    """With BlockPublicPolicy on, a policy granting public access is refused (403)."""
    import json

    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutPublicAccessBlock", Bucket=bucket,
                PublicAccessBlockConfiguration={**_OPEN, "BlockPublicPolicy": True})
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                      "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    reply = ctx.call("s3", "PutBucketPolicy", Bucket=bucket, Policy=json.dumps(policy))
    ctx.expect_error(reply, None, 403)


@scenario(
    id="s3/scenario/acl/block-public-acls",
    feature="s3/acl",
    operations=["PutPublicAccessBlock", "PutObject"],
    provenance=_BLOCK_DOCS,
    severity="advisory",
)
def block_public_acls(ctx: CaseContext) -> None:
    """With BlockPublicAcls on, a PutObject carrying a public canned ACL is refused (403)."""
    bucket = _acl_bucket(ctx)
    ctx.fixture("s3", "PutPublicAccessBlock", Bucket=bucket,
                PublicAccessBlockConfiguration={**_OPEN, "BlockPublicAcls": True})
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"x", ACL="public-read")
    ctx.expect_error(reply, None, 403)
