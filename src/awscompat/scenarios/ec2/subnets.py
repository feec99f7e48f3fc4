"""Subnets: what CreateSubnet answers, the CIDR rules (inside the VPC's block, /16-/28, no
overlap), zones, attributes, the five reserved addresses, filtering, and deletion."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ERRORS, ROUTE_TABLES, SUBNET_SIZING, api, cases
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    expect_gone,
    first,
    make_eni,
    make_subnet,
    make_vpc,
    poll,
    tags_of,
    zones,
)
from awscompat.scenarios.ec2._ledger import SUBNET, SVC, create

subnet_case = cases("subnets")


def try_subnet(ctx: CaseContext, vpc_id: str, cidr: str, **params):
    """CreateSubnet as the call under test (whatever it creates is removed at teardown)."""
    return create(ctx, SUBNET, {"VpcId": vpc_id, "CidrBlock": cidr, **params}, fixture=False)


def describe(ctx: CaseContext, subnet_id: str) -> dict:
    return first(ctx, "DescribeSubnets", "Subnets", SubnetIds=[subnet_id])


@subnet_case("create-answer", ["CreateSubnet"], api("CreateSubnet"))
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


@subnet_case("subnet-arn", ["CreateSubnet"], api("Subnet"))
def subnet_arn(ctx: CaseContext) -> None:
    """SubnetArn is arn:<partition>:ec2:<region>:<owner>:subnet/<SubnetId>."""
    subnet = make_subnet(ctx, make_vpc(ctx)["VpcId"])
    pattern = rf"arn:aws[a-z-]*:ec2:{ctx.region}:{subnet.get('OwnerId', r'[0-9]{12}')}:subnet/{subnet['SubnetId']}"
    ctx.check(re.fullmatch(pattern, subnet.get("SubnetArn", "")), "SubnetArn does not name the subnet",
              expected=pattern, observed=subnet.get("SubnetArn"))


@subnet_case("becomes-available", ["CreateSubnet", "DescribeSubnets"], api("Subnet"), timeout=60)
def becomes_available(ctx: CaseContext) -> None:
    """A new subnet reaches State available."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    subnet = poll(ctx, lambda: describe(ctx, sid), lambda s: s.get("State") == "available")
    ctx.equal(subnet.get("State"), "available", "State")


def _free(prefix: int, count: int) -> None:
    def run(ctx: CaseContext) -> None:
        subnet = make_subnet(ctx, make_vpc(ctx)["VpcId"], f"10.0.0.0/{prefix}")
        ctx.equal(subnet.get("AvailableIpAddressCount"), count, "AvailableIpAddressCount")

    run.__doc__ = (f"A new /{prefix} subnet has {count} free addresses: AWS reserves the first four and the "
                   "last address of every subnet.")
    subnet_case(f"free-addresses-prefix-{prefix}", ["CreateSubnet"], SUBNET_SIZING)(run)


_free(24, 251)
_free(28, 11)
_free(20, 4091)


def _size(name: str, vpc_cidr: str, cidr: str, code: str | None, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        reply = try_subnet(ctx, make_vpc(ctx, vpc_cidr)["VpcId"], cidr)
        if code:
            ctx.expect_error(reply, code, 400, f"CreateSubnet {cidr} in {vpc_cidr}")
        else:
            ctx.equal(ctx.expect_ok(reply, f"CreateSubnet {cidr}")["Subnet"].get("CidrBlock"), cidr, "CidrBlock")

    run.__doc__ = doc
    subnet_case(name, ["CreateSubnet"], SUBNET_SIZING if code is None else ERRORS)(run)


_size("whole-vpc-block", "10.0.0.0/16", "10.0.0.0/16", None, "A subnet may take the VPC's whole /16 block.")
_size("smallest-prefix-28", "10.0.0.0/16", "10.0.0.16/28", None, "A /28 subnet (the smallest) is allowed.")
_size("rejects-prefix-29", "10.0.0.0/16", "10.0.0.0/29", "InvalidSubnet.Range",
      "A /29 subnet is smaller than /28 and is refused with InvalidSubnet.Range.")
_size("rejects-larger-than-vpc", "10.0.0.0/24", "10.0.0.0/23", "InvalidSubnet.Range",
      "A subnet block larger than the VPC's is refused with InvalidSubnet.Range.")
_size("rejects-outside-vpc-block", "10.0.0.0/16", "10.1.0.0/24", "InvalidSubnet.Range",
      "A subnet block outside the VPC's block is refused with InvalidSubnet.Range.")


def _conflict(name: str, a: str, b: str, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        vid = make_vpc(ctx)["VpcId"]
        make_subnet(ctx, vid, a)
        ctx.expect_error(try_subnet(ctx, vid, b), "InvalidSubnet.Conflict", 400, f"CreateSubnet {b} after {a}")

    run.__doc__ = doc
    subnet_case(name, ["CreateSubnet"], ERRORS)(run)


_conflict("conflict-same-block", "10.0.0.0/24", "10.0.0.0/24",
          "A second subnet with the same block is refused with InvalidSubnet.Conflict.")
_conflict("conflict-inside-existing", "10.0.0.0/24", "10.0.0.128/25",
          "A block inside an existing subnet's is refused with InvalidSubnet.Conflict.")
_conflict("conflict-containing-existing", "10.0.0.0/25", "10.0.0.0/24",
          "A block that contains an existing subnet's is refused with InvalidSubnet.Conflict.")


@subnet_case("adjacent-blocks-coexist", ["CreateSubnet", "DescribeSubnets"], api("CreateSubnet"))
def adjacent(ctx: CaseContext) -> None:
    """Two subnets with adjacent blocks coexist, and the vpc-id filter lists both."""
    vid = make_vpc(ctx)["VpcId"]
    a, b = make_subnet(ctx, vid, "10.0.0.0/24"), make_subnet(ctx, vid, "10.0.1.0/24")
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSubnets", Filters=[{"Name": "vpc-id", "Values": [vid]}]))
    ctx.equal(sorted(s["SubnetId"] for s in reply.get("Subnets") or []), sorted([a["SubnetId"], b["SubnetId"]]),
              "subnets listed for the VPC", reply)


@subnet_case("zone-as-requested", ["CreateSubnet"], api("CreateSubnet"))
def zone_as_requested(ctx: CaseContext) -> None:
    """A subnet created with AvailabilityZone is in that zone."""
    az = zones(ctx)[-1]
    subnet = make_subnet(ctx, make_vpc(ctx)["VpcId"], AvailabilityZone=az)
    ctx.equal(subnet.get("AvailabilityZone"), az, "AvailabilityZone")


@subnet_case("unknown-zone-refused", ["CreateSubnet"], api("CreateSubnet"), "advisory")
def unknown_zone(ctx: CaseContext) -> None:
    """A zone the region does not have is refused with InvalidParameterValue."""
    reply = try_subnet(ctx, make_vpc(ctx)["VpcId"], "10.0.0.0/24", AvailabilityZone=f"{ctx.region}-nozone")
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@subnet_case("unknown-vpc-refused", ["CreateSubnet"], ERRORS)
def unknown_vpc(ctx: CaseContext) -> None:
    """CreateSubnet in a VPC that does not exist answers InvalidVpcID.NotFound."""
    ctx.expect_error(try_subnet(ctx, absent_id("vpc"), "10.0.0.0/24"), "InvalidVpcID.NotFound", 400)


@subnet_case("map-public-ip-on-launch", ["ModifySubnetAttribute", "DescribeSubnets"], api("ModifySubnetAttribute"))
def map_public_ip(ctx: CaseContext) -> None:
    """ModifySubnetAttribute MapPublicIpOnLaunch=true is what DescribeSubnets then reports."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    ctx.expect_ok(ctx.call(SVC, "ModifySubnetAttribute", SubnetId=sid, MapPublicIpOnLaunch={"Value": True}))
    ctx.equal(describe(ctx, sid).get("MapPublicIpOnLaunch"), True, "MapPublicIpOnLaunch")


@subnet_case("tags-on-create", ["CreateSubnet", "DescribeSubnets"], api("CreateSubnet"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the subnet DescribeSubnets lists."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"], TagSpecifications=[
        {"ResourceType": "subnet", "Tags": [{"Key": "tier", "Value": "private"}]}])["SubnetId"]
    ctx.equal(tags_of(describe(ctx, sid)).get("tier"), "private", "tag tier")


@subnet_case("filter-cidr-block", ["DescribeSubnets"], api("DescribeSubnets"))
def filter_cidr(ctx: CaseContext) -> None:
    """The cidr-block filter keeps only the subnet whose block matches."""
    vid = make_vpc(ctx)["VpcId"]
    a = make_subnet(ctx, vid, "10.0.0.0/24")
    make_subnet(ctx, vid, "10.0.1.0/24")
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSubnets", Filters=[
        {"Name": "vpc-id", "Values": [vid]}, {"Name": "cidr-block", "Values": ["10.0.0.0/24"]}]))
    ctx.equal([s["SubnetId"] for s in reply.get("Subnets") or []], [a["SubnetId"]], "subnets listed", reply)


@subnet_case("implicitly-main-route-table", ["CreateSubnet", "DescribeRouteTables"], ROUTE_TABLES)
def implicit_main(ctx: CaseContext) -> None:
    """A new subnet has no explicit route table association (it uses the main route table)."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeRouteTables", Filters=[
        {"Name": "association.subnet-id", "Values": [sid]}]))
    ctx.equal(reply.get("RouteTables"), [], "route tables explicitly associated with the subnet", reply)


@subnet_case("free-addresses-drop-with-interface", ["CreateNetworkInterface", "DescribeSubnets"], api("Subnet"),
             "advisory", timeout=60)
def free_drop(ctx: CaseContext) -> None:
    """A network interface in the subnet takes one of its free addresses."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    before = describe(ctx, sid).get("AvailableIpAddressCount")
    make_eni(ctx, sid)
    after = poll(ctx, lambda: describe(ctx, sid), lambda s: s.get("AvailableIpAddressCount") != before)
    ctx.equal(after.get("AvailableIpAddressCount"), (before or 0) - 1, "AvailableIpAddressCount after one interface")


@subnet_case("delete-then-not-found", ["DeleteSubnet", "DescribeSubnets"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteSubnet, describing it by id answers InvalidSubnetID.NotFound."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    ctx.expect_ok(ctx.call(SVC, "DeleteSubnet", SubnetId=sid))
    expect_gone(ctx, "DescribeSubnets", "InvalidSubnetID.NotFound", SubnetIds=[sid])


@subnet_case("delete-with-interface-dependency-violation", ["DeleteSubnet"], api("DeleteSubnet"))
def delete_with_eni(ctx: CaseContext) -> None:
    """DeleteSubnet of a subnet that still holds a network interface is refused with DependencyViolation."""
    sid = make_subnet(ctx, make_vpc(ctx)["VpcId"])["SubnetId"]
    make_eni(ctx, sid)
    ctx.expect_error(ctx.call(SVC, "DeleteSubnet", SubnetId=sid), "DependencyViolation", 400)
