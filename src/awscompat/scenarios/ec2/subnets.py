"""Subnets, what data cannot say (the rest is cases/ec2/subnets.yaml): the CreateSubnet answer's
zone is one of the region's, its ARN names the answer's own owner and id, and a network interface
takes one of the free addresses an earlier answer counted."""

from __future__ import annotations

import re

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import api
from awscompat.scenarios.ec2._fixtures import first, make_eni, make_subnet, make_vpc, poll, zones


def describe(ctx: CaseContext, subnet_id: str) -> dict:
    return first(ctx, "DescribeSubnets", "Subnets", SubnetIds=[subnet_id])


@scenario(id="ec2/scenario/subnets/create-answer", feature="ec2/subnets", operations=["CreateSubnet"],
          provenance=api("CreateSubnet"))
def create_answer(ctx: CaseContext) -> None:
    """CreateSubnet answers the subnet: its VPC and block, a zone, not default for its zone, no
    public IPv4 on launch, no IPv6 on creation."""
    vid = make_vpc(ctx)["VpcId"]
    subnet = make_subnet(ctx, vid, "10.0.1.0/24")
    observed = {k: subnet.get(k) for k in ("VpcId", "CidrBlock", "DefaultForAz", "MapPublicIpOnLaunch",
                                             "AssignIpv6AddressOnCreation")}
    ctx.equal(observed, {"VpcId": vid, "CidrBlock": "10.0.1.0/24", "DefaultForAz": False, "MapPublicIpOnLaunch": False,
                         "AssignIpv6AddressOnCreation": False}, "the Subnet answer")
    ctx.check(subnet.get("AvailabilityZone") in zones(ctx), "AvailabilityZone is not one of the region's zones",
              expected=zones(ctx), observed=subnet.get("AvailabilityZone"))
    ctx.check(re.fullmatch(r"subnet-[0-9a-f]{8,17}", subnet.get("SubnetId", "")), "SubnetId is not subnet-<hex>",
              expected="subnet-<hex>", observed=subnet.get("SubnetId"))


@scenario(id="ec2/scenario/subnets/subnet-arn", feature="ec2/subnets", operations=["CreateSubnet"],
          provenance=api("Subnet"))
def subnet_arn(ctx: CaseContext) -> None:
    """SubnetArn is arn:<partition>:ec2:<region>:<owner>:subnet/<SubnetId>."""
    subnet = make_subnet(ctx, make_vpc(ctx)["VpcId"])
    pattern = rf"arn:aws[a-z-]*:ec2:{ctx.region}:{subnet.get('OwnerId', r'[0-9]{12}')}:subnet/{subnet['SubnetId']}"
    ctx.check(re.fullmatch(pattern, subnet.get("SubnetArn", "")), "SubnetArn does not name the subnet",
              expected=pattern, observed=subnet.get("SubnetArn"))


@scenario(id="ec2/scenario/subnets/free-addresses-drop-with-interface", feature="ec2/subnets",
          operations=["CreateNetworkInterface", "DescribeSubnets"], provenance=api("Subnet"), severity="advisory",
          timeout=60)
def free_drop(ctx: CaseContext) -> None:
    """A network interface in the subnet takes one of its free addresses."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    before = describe(ctx, sid).get("AvailableIpAddressCount")
    make_eni(ctx, sid)
    after = poll(ctx, lambda: describe(ctx, sid), lambda s: s.get("AvailableIpAddressCount") != before)
    ctx.equal(after.get("AvailableIpAddressCount"), (before or 0) - 1, "AvailableIpAddressCount after one interface")
