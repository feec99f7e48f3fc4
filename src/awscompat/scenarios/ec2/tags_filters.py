"""Tags and filters across resources: CreateTags / DeleteTags semantics (overwrite, key only,
key and value, empty values, case), limits and reserved prefixes, DescribeTags and its paging,
and the filter rules every Describe call shares (tag:<key>, tag-key, wildcards * and ?, values
OR'ed, filters AND'ed, case-sensitive values, unknown filter names). Resources are VPCs and
subnets of the scenario's own (free on AWS; filters are tried on DescribeSubnets, with one VPC per
scenario)."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError
from awscompat.scenarios.ec2._evidence import ERRORS, FILTERING, PAGINATION, TAGGING, api, cases
from awscompat.scenarios.ec2._fixtures import absent_id, first, make_subnet, make_vpc, settled, tags_of
from awscompat.scenarios.ec2._ledger import SVC, VPC, create

tag_case = cases("tags-filters")


def tag(ctx: CaseContext, rid: str | list[str], *, settle: bool = True, **tags: str):
    """CreateTags (asked again for a few seconds while the new resource is not yet visible)."""
    ids = [rid] if isinstance(rid, str) else rid
    params = {"Resources": ids, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
    return settled(ctx, "CreateTags", **params) if settle else ctx.call(SVC, "CreateTags", **params)


def vpc_tags(ctx: CaseContext, vid: str) -> dict[str, str]:
    return tags_of(first(ctx, "DescribeVpcs", "Vpcs", VpcIds=[vid]))


def subnets(ctx: CaseContext, n: int, key: str, *values: str) -> list[str]:
    """n subnets of one VPC of ours (10.0.<i>.0/24), the i-th tagged key=values[i]; their ids.
    (Subnets rather than VPCs: an account has room for few VPCs, for many subnets.)"""
    vid = make_vpc(ctx)["VpcId"]
    ids = [make_subnet(ctx, vid, f"10.0.{i}.0/24")["SubnetId"] for i in range(n)]
    for sid, value in zip(ids, values, strict=False):
        reply = tag(ctx, sid, **{key: value})
        if not reply.ok:
            raise FixtureError(f"setup CreateTags failed: {reply.describe()}", exchange=reply.exchange)
    return ids


def matched(ctx: CaseContext, ids: list[str], *filters: dict) -> list[str]:
    """Which of ids DescribeSubnets lists under the filters (in the order of ids)."""
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSubnets", SubnetIds=ids, Filters=list(filters)))
    found = {v["SubnetId"] for v in reply.get("Subnets") or []}
    return [i for i in ids if i in found]


def key(ctx: CaseContext) -> str:
    """A tag key of this scenario's own (tests that filter run concurrently with others)."""
    return ctx.name("k", max_len=100)


@tag_case("create-tags-then-describe-tags", ["CreateTags", "DescribeTags"], api("DescribeTags"))
def describe_tags(ctx: CaseContext) -> None:
    """DescribeTags filtered by resource-id gives each tag with the resource's id and type."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(tag(ctx, vid, env="test"))
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeTags", Filters=[
        {"Name": "resource-id", "Values": [vid]}, {"Name": "key", "Values": ["env"]}]))
    ctx.equal([(t.get("ResourceId"), t.get("ResourceType"), t.get("Key"), t.get("Value")) for t in reply.get("Tags") or []],
              [(vid, "vpc", "env", "test")], "(ResourceId, ResourceType, Key, Value)", reply)


@tag_case("overwrite-value", ["CreateTags"], api("CreateTags"))
def overwrite(ctx: CaseContext) -> None:
    """CreateTags with a key the resource has replaces its value."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(tag(ctx, vid, env="a"))
    ctx.expect_ok(tag(ctx, vid, env="b"))
    ctx.equal(vpc_tags(ctx, vid).get("env"), "b", "tag env")


@tag_case("keys-case-sensitive", ["CreateTags"], TAGGING)
def case_sensitive_keys(ctx: CaseContext) -> None:
    """Tag keys are case-sensitive: Env and env are two tags."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(tag(ctx, vid, Env="upper", env="lower"))
    got = vpc_tags(ctx, vid)
    ctx.equal((got.get("Env"), got.get("env")), ("upper", "lower"), "(Env, env)")


@tag_case("empty-value-allowed", ["CreateTags"], TAGGING)
def empty_value(ctx: CaseContext) -> None:
    """A tag value may be empty."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(tag(ctx, vid, flag=""))
    ctx.equal(vpc_tags(ctx, vid).get("flag"), "", "tag flag")


def _delete(name: str, start: dict[str, str], spec: dict, left: dict[str, str | None], doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        vid = make_vpc(ctx)["VpcId"]
        ctx.expect_ok(tag(ctx, vid, **start))
        ctx.expect_ok(ctx.call(SVC, "DeleteTags", Resources=[vid], Tags=[spec]))
        got = vpc_tags(ctx, vid)
        ctx.equal({k: got.get(k) for k in left}, left, "tags after DeleteTags")

    run.__doc__ = doc
    tag_case(name, ["DeleteTags"], api("DeleteTags"))(run)


_delete("delete-by-key", {"env": "a", "keep": "b"}, {"Key": "env"}, {"env": None, "keep": "b"},
        "DeleteTags with a key only deletes that tag whatever its value, and no other.")
_delete("delete-value-must-match", {"env": "a"}, {"Key": "env", "Value": "other"}, {"env": "a"},
        "DeleteTags with a key and a value that differs from the tag's deletes nothing.")
_delete("delete-value-matches", {"env": "a"}, {"Key": "env", "Value": "a"}, {"env": None},
        "DeleteTags with a key and the tag's value deletes it.")
_delete("delete-empty-value-keeps-non-empty", {"env": "a"}, {"Key": "env", "Value": ""}, {"env": "a"},
        "DeleteTags with an empty value deletes the tag only if its value is empty.")


@tag_case("tag-several-resources", ["CreateTags"], api("CreateTags"))
def several(ctx: CaseContext) -> None:
    """One CreateTags call tags several resources of different types."""
    vid = make_vpc(ctx)["VpcId"]
    sid = make_subnet(ctx, vid)["SubnetId"]
    ctx.expect_ok(tag(ctx, [vid, sid], team="net"))
    subnet = first(ctx, "DescribeSubnets", "Subnets", SubnetIds=[sid])
    ctx.equal((vpc_tags(ctx, vid).get("team"), tags_of(subnet).get("team")), ("net", "net"), "(VPC's team, subnet's team)")


@tag_case("limit-50-tags", ["CreateTags"], ERRORS, "advisory")
def limit(ctx: CaseContext) -> None:
    """A resource holds at most 50 tags: going past it is refused with TagLimitExceeded."""
    vid = make_vpc(ctx)["VpcId"]  # already holds the Name and run tags
    reply = tag(ctx, vid, **{f"t{i:02d}": "x" for i in range(49)})
    ctx.expect_error(reply, "TagLimitExceeded", 400)


@tag_case("aws-prefix-reserved", ["CreateTags"], TAGGING, "advisory")
def aws_prefix(ctx: CaseContext) -> None:
    """Tag keys starting with aws: are reserved: CreateTags refuses them."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_error(tag(ctx, vid, **{"aws:owner": "me"}), status=400)


@tag_case("key-longer-than-128-refused", ["CreateTags"], TAGGING, "advisory")
def key_too_long(ctx: CaseContext) -> None:
    """A tag key longer than 128 characters is refused with InvalidParameterValue."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_error(tag(ctx, vid, **{"k" * 129: "v"}), "InvalidParameterValue", 400)


@tag_case("tag-missing-resource-refused", ["CreateTags"], ERRORS, "advisory")
def missing_resource(ctx: CaseContext) -> None:
    """Tagging a resource id that names nothing is refused (InvalidVpcID.NotFound or InvalidID)."""
    ctx.expect_error(tag(ctx, absent_id("vpc"), settle=False, env="x"), ("InvalidVpcID.NotFound", "InvalidID"), 400)


@tag_case("tag-specification-wrong-type-refused", ["CreateVpc"], api("TagSpecification"), "advisory")
def wrong_type(ctx: CaseContext) -> None:
    """TagSpecifications for a resource type the call does not create are refused."""
    reply = create(ctx, VPC, {"CidrBlock": "10.0.0.0/16", "TagSpecifications": [
        {"ResourceType": "subnet", "Tags": [{"Key": "x", "Value": "y"}]}]}, fixture=False)
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@tag_case("filter-tag-key-value", ["DescribeSubnets"], FILTERING)
def filter_tag(ctx: CaseContext) -> None:
    """tag:<key> matches resources whose tag has one of the values."""
    k = key(ctx)
    a, b = subnets(ctx, 2, k, "blue", "green")
    ctx.equal(matched(ctx, [a, b], {"Name": f"tag:{k}", "Values": ["blue"]}), [a], "matched")


@tag_case("filter-tag-key-only", ["DescribeSubnets"], FILTERING)
def filter_tag_key(ctx: CaseContext) -> None:
    """tag-key matches resources carrying the key, whatever its value."""
    k = key(ctx)
    a, b, c = subnets(ctx, 3, k, "x", "")
    ctx.equal(matched(ctx, [a, b, c], {"Name": "tag-key", "Values": [k]}), [a, b], "matched")


def _filter(name: str, values: list[str], expect: list[int], doc: str, severity: str = "required") -> None:
    def run(ctx: CaseContext) -> None:
        k = key(ctx)
        ids = subnets(ctx, 3, k, "web-01", "web-2", "db-01")
        ctx.equal(matched(ctx, ids, {"Name": f"tag:{k}", "Values": values}), [ids[i] for i in expect],
                  f"matched by {values}")

    run.__doc__ = doc
    tag_case(name, ["DescribeSubnets"], FILTERING, severity)(run)


_filter("wildcard-star", ["web-*"], [0, 1], "* in a filter value matches any run of characters.")
_filter("wildcard-question-mark", ["web-0?"], [0], "? in a filter value matches exactly one character.")
_filter("values-are-ored", ["web-2", "db-01"], [1, 2], "A filter's several values match resources with any of them.")
_filter("values-case-sensitive", ["WEB-01"], [], "Filter values are case-sensitive.")


@tag_case("filters-are-anded", ["DescribeSubnets"], FILTERING)
def filters_anded(ctx: CaseContext) -> None:
    """Several filters must all match."""
    k = key(ctx)
    a, b = subnets(ctx, 2, k, "on", "on")
    ctx.expect_ok(tag(ctx, a, tier="edge"))
    ctx.equal(matched(ctx, [a, b], {"Name": f"tag:{k}", "Values": ["on"]}, {"Name": "tag:tier", "Values": ["edge"]}),
              [a], "matched")


@tag_case("filter-attribute-and-tag", ["DescribeSubnets"], FILTERING)
def attribute_and_tag(ctx: CaseContext) -> None:
    """A resource filter (cidr-block) combines with a tag filter."""
    k = key(ctx)
    a, b = subnets(ctx, 2, k, "same", "same")
    ctx.equal(matched(ctx, [a, b], {"Name": f"tag:{k}", "Values": ["same"]}, {"Name": "cidr-block", "Values": ["10.0.1.0/24"]}),
              [b], "matched")


@tag_case("unknown-filter-refused", ["DescribeSubnets"], FILTERING, "advisory", mutating=False)
def unknown_filter(ctx: CaseContext) -> None:
    """A filter name the call does not know is refused with InvalidParameterValue."""
    reply = ctx.call(SVC, "DescribeSubnets", Filters=[{"Name": "no-such-filter", "Values": ["x"]}])
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@tag_case("describe-tags-resource-type", ["DescribeTags"], api("DescribeTags"))
def resource_type(ctx: CaseContext) -> None:
    """DescribeTags with resource-type subnet keeps the subnet's tags and drops the VPC's."""
    k = key(ctx)
    vid = make_vpc(ctx)["VpcId"]
    sid = make_subnet(ctx, vid)["SubnetId"]
    ctx.expect_ok(tag(ctx, [vid, sid], **{k: "v"}))
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeTags", Filters=[
        {"Name": "key", "Values": [k]}, {"Name": "resource-type", "Values": ["subnet"]}]))
    ctx.equal([t.get("ResourceId") for t in reply.get("Tags") or []], [sid], "resources listed", reply)


@tag_case("describe-tags-paginate", ["DescribeTags"], PAGINATION)
def paginate(ctx: CaseContext) -> None:
    """DescribeTags with MaxResults=5 over a resource's 9 tags: at most 5 per page, every tag once."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(tag(ctx, vid, **{f"p{i}": str(i) for i in range(7)}))  # with Name and the run tag: 9
    seen, sizes, params = [], [], {"Filters": [{"Name": "resource-id", "Values": [vid]}], "MaxResults": 5}
    for _ in range(20):  # bounded
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeTags", **params))
        page = [t.get("Key") for t in reply.get("Tags") or []]
        seen, sizes = seen + page, sizes + [len(page)]
        if not reply.get("NextToken"):
            break
        params["NextToken"] = reply["NextToken"]
    ctx.check(max(sizes) <= 5, "a page held more than MaxResults", expected="<= 5 per page", observed=sizes)
    ctx.equal(sorted(seen), sorted(vpc_tags(ctx, vid)), "keys over all pages")
