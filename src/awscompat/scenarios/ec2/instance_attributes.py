"""Instances, what data cannot say yet (the rest is cases/ec2/instances.yaml): DescribeInstances
paging (a NextToken loop)."""

from __future__ import annotations

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import instances_in, make_instance
from awscompat.scenarios.ec2._ledger import SVC


@scenario(id="ec2/scenario/instances/paginate-max-results", feature="ec2/instances", operations=["DescribeInstances"],
          provenance=docs("https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-pagination.html"), timeout=60)
def paginate(ctx: CaseContext) -> None:
    """DescribeInstances with MaxResults=5, followed through NextToken, lists the instance once."""
    mark = ctx.name("mark")
    inst, _ = make_instance(ctx, TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "awscompat-case", "Value": mark}]}])
    seen, params = [], {"Filters": [{"Name": "tag:awscompat-case", "Values": [mark]}], "MaxResults": 5}
    for _ in range(20):  # bounded
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeInstances", **params))
        seen += [i["InstanceId"] for i in instances_in(reply)]
        if not reply.get("NextToken"):
            break
        params["NextToken"] = reply["NextToken"]
    ctx.equal(seen, [inst["InstanceId"]], "instances over all pages")
