"""Tags, what data cannot say (the rest is cases/ec2/tags-filters.yaml): DescribeTags paging over a
resource's tags, a loop over NextToken."""

from __future__ import annotations

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import first, make_vpc, settled, tags_of
from awscompat.scenarios.ec2._ledger import SVC


def tag(ctx: CaseContext, rid: str, **tags: str):
    """CreateTags (asked again for a few seconds while the new resource is not yet visible)."""
    return settled(ctx, "CreateTags", Resources=[rid], Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


@scenario(id="ec2/scenario/tags-filters/describe-tags-paginate", feature="ec2/tags-filters", operations=["DescribeTags"],
          provenance=docs("https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-pagination.html"))
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
    ctx.equal(sorted(seen), sorted(tags_of(first(ctx, "DescribeVpcs", "Vpcs", VpcIds=[vid]))), "keys over all pages")
