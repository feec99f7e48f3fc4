"""EBS volumes, what data cannot say yet: a NextToken loop over DescribeVolumes pages (the other
volume cases are data: cases/ec2/volumes.yaml)."""

from __future__ import annotations

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import make_volume
from awscompat.scenarios.ec2._ledger import SVC


@scenario(id="ec2/scenario/volumes/paginate-max-results", feature="ec2/volumes", operations=["DescribeVolumes"],
          provenance=docs("https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-pagination.html"), timeout=60)
def paginate(ctx: CaseContext) -> None:
    """Six volumes listed with MaxResults=5: at most five per page, all six once over the pages."""
    mark = ctx.name("mark")
    tag = [{"ResourceType": "volume", "Tags": [{"Key": "awscompat-case", "Value": mark}]}]
    made = sorted(make_volume(ctx, TagSpecifications=tag)["VolumeId"] for _ in range(6))
    seen, sizes, params = [], [], {"Filters": [{"Name": "tag:awscompat-case", "Values": [mark]}], "MaxResults": 5}
    for _ in range(20):  # bounded
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeVolumes", **params))
        page = [v["VolumeId"] for v in reply.get("Volumes") or []]
        seen, sizes = seen + page, sizes + [len(page)]
        if not reply.get("NextToken"):
            break
        params["NextToken"] = reply["NextToken"]
    ctx.check(max(sizes) <= 5, "a page held more than MaxResults", expected="<= 5 per page", observed=sizes)
    ctx.equal(sorted(seen), made, "volumes over all pages")
