"""Subnets, what data cannot say (the rest is cases/ec2/subnets.yaml): a network interface takes one
of the free addresses an earlier answer counted (arithmetic on that answer)."""

from __future__ import annotations

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import first, make_eni, make_subnet, make_vpc, poll


def describe(ctx: CaseContext, subnet_id: str) -> dict:
    return first(ctx, "DescribeSubnets", "Subnets", SubnetIds=[subnet_id])


@scenario(id="ec2/scenario/subnets/free-addresses-drop-with-interface", feature="ec2/subnets",
          operations=["CreateNetworkInterface", "DescribeSubnets"], provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Subnet.html"), severity="advisory",
          timeout=60)
def free_drop(ctx: CaseContext) -> None:
    """A network interface in the subnet takes one of its free addresses."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    before = describe(ctx, sid).get("AvailableIpAddressCount")
    make_eni(ctx, sid)
    after = poll(ctx, lambda: describe(ctx, sid), lambda s: s.get("AvailableIpAddressCount") != before)
    ctx.equal(after.get("AvailableIpAddressCount"), (before or 0) - 1, "AvailableIpAddressCount after one interface")
