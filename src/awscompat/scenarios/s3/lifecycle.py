"""S3 lifecycle configuration: round trips (filters by prefix, tag, size, And), the default
minimum transition size, deletion, validation of bad rules, and the x-amz-expiration header an
object gets when a rule applies to it."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import LIFECYCLE, REF_S3, api_docs, make_bucket

_RULE_DOCS = api_docs("LifecycleRule")
_EXPIRATION_DOCS = api_docs("LifecycleExpiration")
_DEFAULT_MIN = "all_storage_classes_128K"


def _rec(test: str, step: str) -> Provenance:
    return recorded(REF_S3, LIFECYCLE + test, step)


def _rule(rule_id: str = "wholebucket", days: int = 7, **filters) -> dict:
    return {"ID": rule_id, "Status": "Enabled", "Filter": filters or {"Prefix": ""}, "Expiration": {"Days": days}}


def _put(ctx: CaseContext, bucket: str, *rules: dict, **extra):
    return ctx.call("s3", "PutBucketLifecycleConfiguration", Bucket=bucket,
                    LifecycleConfiguration={"Rules": list(rules)}, **extra)


def _get(ctx: CaseContext, bucket: str):
    return ctx.expect_ok(ctx.call("s3", "GetBucketLifecycleConfiguration", Bucket=bucket))


@scenario(
    id="s3/scenario/lifecycle/get-unset",
    feature="s3/lifecycle",
    operations=["GetBucketLifecycleConfiguration"],
    provenance=_rec("test_delete_bucket_lifecycle_configuration", "get-bucket-lifecycle-exc-1"),
)
def get_unset(ctx: CaseContext) -> None:
    """GetBucketLifecycleConfiguration on a bucket without one answers 404 NoSuchLifecycleConfiguration."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "GetBucketLifecycleConfiguration", Bucket=bucket)
    ctx.expect_error(reply, "NoSuchLifecycleConfiguration", 404)


@scenario(
    id="s3/scenario/lifecycle/roundtrip",
    feature="s3/lifecycle",
    operations=["PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_delete_bucket_lifecycle_configuration", "get-bucket-lifecycle-conf"),
)
def roundtrip(ctx: CaseContext) -> None:
    """A whole-bucket expiration rule reads back as it was put."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(_put(ctx, bucket, _rule()))
    reply = _get(ctx, bucket)
    ctx.equal(reply.get("Rules"), [_rule()], "Rules", reply)


@scenario(
    id="s3/scenario/lifecycle/default-minimum-object-size",
    feature="s3/lifecycle",
    operations=["PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_s3_transition_default_minimum_object_size", "get-default"),
)
def default_minimum_object_size(ctx: CaseContext) -> None:
    """Without a TransitionDefaultMinimumObjectSize, Put and Get both name the default,
    all_storage_classes_128K."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(_put(ctx, bucket, _rule()))
    ctx.equal(reply.get("TransitionDefaultMinimumObjectSize"), _DEFAULT_MIN, "Put answer", reply)
    reply = _get(ctx, bucket)
    ctx.equal(reply.get("TransitionDefaultMinimumObjectSize"), _DEFAULT_MIN, "Get answer", reply)


@scenario(
    id="s3/scenario/lifecycle/minimum-object-size-roundtrip",
    feature="s3/lifecycle",
    operations=["PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_s3_transition_default_minimum_object_size", "get-varies-by-storage"),
)
def minimum_object_size_roundtrip(ctx: CaseContext) -> None:
    """TransitionDefaultMinimumObjectSize varies_by_storage_class is echoed by Put and kept."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(_put(ctx, bucket, _rule(), TransitionDefaultMinimumObjectSize="varies_by_storage_class"))
    ctx.equal(reply.get("TransitionDefaultMinimumObjectSize"), "varies_by_storage_class", "Put answer", reply)
    reply = _get(ctx, bucket)
    ctx.equal(reply.get("TransitionDefaultMinimumObjectSize"), "varies_by_storage_class", "Get answer", reply)


@scenario(
    id="s3/scenario/lifecycle/rules-keep-order",
    feature="s3/lifecycle",
    operations=["PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_bucket_lifecycle_multiple_rules", "get-bucket-lifecycle-conf"),
)
def rules_keep_order(ctx: CaseContext) -> None:
    """Several rules with overlapping prefixes are all kept, in the order they were put."""
    bucket = make_bucket(ctx)
    rules = [_rule("rule_one", Prefix="testobject"), _rule("rule_two", Prefix="test"), _rule("rule_three", Prefix="t")]
    ctx.expect_ok(_put(ctx, bucket, *rules))
    reply = _get(ctx, bucket)
    ctx.equal([r.get("ID") for r in reply.get("Rules") or []], ["rule_one", "rule_two", "rule_three"], "rule IDs", reply)
    ctx.equal(reply.get("Rules"), rules, "Rules", reply)


@scenario(
    id="s3/scenario/lifecycle/tag-filters-roundtrip",
    feature="s3/lifecycle",
    operations=["PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_bucket_lifecycle_tag_rules", "get-bucket-lifecycle-conf"),
)
def tag_filters_roundtrip(ctx: CaseContext) -> None:
    """A Tag filter and an And filter of two tags read back as they were put."""
    bucket = make_bucket(ctx)
    one = {"Key": "testlifecycle", "Value": "positive"}
    two = {"Key": "testlifecycletwo", "Value": "positive-two"}
    rules = [_rule("rule_one", Tag=one), _rule("rule_two", And={"Tags": [one, two]})]
    ctx.expect_ok(_put(ctx, bucket, *rules))
    reply = _get(ctx, bucket)
    ctx.equal(reply.get("Rules"), rules, "Rules", reply)


@scenario(
    id="s3/scenario/lifecycle/size-filters-roundtrip",
    feature="s3/lifecycle",
    operations=["PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_bucket_lifecycle_object_size_rules", "get-bucket-lifecycle-conf"),
)
def size_filters_roundtrip(ctx: CaseContext) -> None:
    """ObjectSizeGreaterThan and ObjectSizeLessThan filters read back as they were put."""
    bucket = make_bucket(ctx)
    rules = [_rule("rule_one", ObjectSizeGreaterThan=20), _rule("rule_two", ObjectSizeLessThan=10)]
    ctx.expect_ok(_put(ctx, bucket, *rules))
    reply = _get(ctx, bucket)
    ctx.equal(reply.get("Rules"), rules, "Rules", reply)


@scenario(
    id="s3/scenario/lifecycle/expiration-date-roundtrip",
    feature="s3/lifecycle",
    operations=["PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_bucket_lifecycle_configuration_date", "get-bucket-lifecycle-conf"),
)
def expiration_date_roundtrip(ctx: CaseContext) -> None:
    """An Expiration at a date (midnight GMT) with an empty Filter reads back with that date."""
    import datetime as dt

    bucket = make_bucket(ctx)
    when = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    rule = {"ID": "rule_number_one", "Status": "Enabled", "Filter": {}, "Expiration": {"Date": when}}
    ctx.expect_ok(_put(ctx, bucket, rule))
    reply = _get(ctx, bucket)
    rules = reply.get("Rules") or [{}]
    ctx.equal((rules[0].get("Expiration") or {}).get("Date"), when, "Expiration.Date", reply)
    ctx.equal(rules[0].get("Filter"), {}, "Filter", reply)


@scenario(
    id="s3/scenario/lifecycle/delete-then-get",
    feature="s3/lifecycle",
    operations=["DeleteBucketLifecycle", "GetBucketLifecycleConfiguration"],
    provenance=_rec("test_delete_bucket_lifecycle_configuration", "get-bucket-lifecycle-exc-2"),
)
def delete_then_get(ctx: CaseContext) -> None:
    """DeleteBucketLifecycle answers 204; the configuration then reads as 404 NoSuchLifecycleConfiguration."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutBucketLifecycleConfiguration", Bucket=bucket, LifecycleConfiguration={"Rules": [_rule()]})
    reply = ctx.expect_ok(ctx.call("s3", "DeleteBucketLifecycle", Bucket=bucket))
    ctx.equal(reply.status, 204, "DeleteBucketLifecycle status", reply)
    reply = ctx.call("s3", "GetBucketLifecycleConfiguration", Bucket=bucket)
    ctx.expect_error(reply, "NoSuchLifecycleConfiguration", 404, what="Get after delete")


@scenario(
    id="s3/scenario/lifecycle/delete-unset",
    feature="s3/lifecycle",
    operations=["DeleteBucketLifecycle"],
    provenance=_rec("test_delete_bucket_lifecycle_configuration", "delete-bucket-lifecycle-no-bucket"),
)
def delete_unset(ctx: CaseContext) -> None:
    """DeleteBucketLifecycle on a bucket without a configuration answers 204."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteBucketLifecycle", Bucket=bucket))
    ctx.equal(reply.status, 204, "DeleteBucketLifecycle status", reply)


@scenario(
    id="s3/scenario/lifecycle/expiration-header-on-match",
    feature="s3/lifecycle",
    operations=["PutObject", "HeadObject"],
    provenance=_rec("test_bucket_lifecycle_multiple_rules", "put-object-match-both-rules"),
)
def expiration_header_on_match(ctx: CaseContext) -> None:
    """An object a rule applies to is told when it expires: PutObject and HeadObject carry
    x-amz-expiration."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutBucketLifecycleConfiguration", Bucket=bucket,
                LifecycleConfiguration={"Rules": [_rule("rule_one", Prefix="test")]})
    reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="testobject", Body=b"test"))
    ctx.check(reply.get("Expiration"), "PutObject has no x-amz-expiration",
              expected="x-amz-expiration", observed=None, reply=reply)
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="testobject"))
    ctx.check(reply.get("Expiration"), "HeadObject has no x-amz-expiration",
              expected="x-amz-expiration", observed=None, reply=reply)


@scenario(
    id="s3/scenario/lifecycle/no-expiration-header-without-match",
    feature="s3/lifecycle",
    operations=["PutObject"],
    provenance=_rec("test_bucket_lifecycle_multiple_rules", "put-object-no-match"),
)
def no_expiration_header_without_match(ctx: CaseContext) -> None:
    """An object no rule applies to gets no x-amz-expiration header."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutBucketLifecycleConfiguration", Bucket=bucket,
                LifecycleConfiguration={"Rules": [_rule("rule_one", Prefix="test")]})
    reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="other", Body=b"test"))
    ctx.equal(reply.get("Expiration"), None, "x-amz-expiration", reply)


# -- refusals -----------------------------------------------------------------------------------
_TAG = {"Key": "k", "Value": "v"}
_REFUSALS = [
    # (name, rules, extra params, code, status, provenance, severity)
    ("no-filter", [{"ID": "r", "Status": "Enabled", "Expiration": {"Days": 7}}], {}, "MalformedXML", 400,
     _rec("test_put_bucket_lifecycle_conf_exc", "missing-filter"), "required"),
    ("empty-noncurrent-expiration", [{**_rule(), "NoncurrentVersionExpiration": {}}], {}, "MalformedXML", 400,
     _rec("test_put_bucket_lifecycle_conf_exc", "missing-noncurrent-version-expiration-data"), "required"),
    ("filter-and-plus-prefix", [_rule(Prefix="a", And={"Prefix": "b", "Tags": [_TAG]})], {}, "MalformedXML", 400,
     _rec("test_put_bucket_lifecycle_conf_exc", "wrong-filter-and-plus-prefix"), "required"),
    ("filter-and-plus-size", [_rule(ObjectSizeGreaterThan=10, And={"Prefix": "b", "Tags": [_TAG]})], {},
     "MalformedXML", 400, _rec("test_put_bucket_lifecycle_conf_exc", "wrong-filter-and-and-object-size"), "required"),
    ("date-not-midnight", [{**_rule(), "Expiration": {"Date": "2030-01-01T10:00:00Z"}}], {}, "InvalidArgument", 400,
     _rec("test_put_bucket_lifecycle_conf_exc", "wrong-data-no-midnight"), "required"),
    ("duplicate-tag-keys", [_rule(And={"Prefix": "", "Tags": [_TAG, {"Key": "k", "Value": "w"}]})], {},
     "InvalidRequest", 400, _rec("test_put_bucket_lifecycle_conf_exc", "duplicate-tag-keys"), "required"),
    ("delete-marker-and-days", [{**_rule(), "Expiration": {"Days": 7, "ExpiredObjectDeleteMarker": True}}], {},
     "MalformedXML", 400, _rec("test_put_bucket_lifecycle_conf_exc", "expired-delete-marker-and-days"), "required"),
    ("bad-minimum-object-size", [_rule()], {"TransitionDefaultMinimumObjectSize": "value"}, "InvalidRequest", 400,
     _rec("test_s3_transition_default_minimum_object_size", "bad-value"), "required"),
    ("zero-days", [_rule(days=0)], {}, None, 400, _EXPIRATION_DOCS, "advisory"),
    ("duplicate-rule-ids", [_rule("same", Prefix="a"), _rule("same", Prefix="b")], {}, None, 400, _RULE_DOCS,
     "advisory"),
    ("bad-status", [{**_rule(), "Status": "Maybe"}], {}, None, 400, _RULE_DOCS, "advisory"),
]


def _register_refusal(name, rules, extra, code, status, provenance, severity) -> None:
    what = f"{code} ({status})" if code else f"HTTP {status}"

    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        ctx.expect_error(_put(ctx, bucket, *rules, **extra), code, status)

    run.__doc__ = f"A lifecycle configuration with a rule of kind '{name}' is refused with {what}."
    scenario(id=f"s3/scenario/lifecycle/refuse-{name}", feature="s3/lifecycle",
             operations=["PutBucketLifecycleConfiguration"], provenance=provenance, severity=severity)(run)


for _row in _REFUSALS:
    _register_refusal(*_row)
