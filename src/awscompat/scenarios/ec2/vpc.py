"""VPCs: what CreateVpc answers, the /16-/28 CIDR rules, describing and filtering, what a new VPC
comes with (main route table, default security group, default network ACL, DNS attributes),
secondary CIDR blocks, and deleting a VPC that still has dependencies."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import (
    ERRORS,
    NACLS,
    ROUTE_TABLES,
    SECURITY_GROUPS_FOR_VPC,
    VPC_CIDR,
    VPC_DNS,
    api,
    cases,
    rec,
)
from awscompat.scenarios.ec2._fixtures import (
    attach_igw,
    expect_gone,
    first,
    make_igw,
    make_route_table,
    make_sg,
    make_subnet,
    make_vpc,
    poll,
    tags_of,
)
from awscompat.scenarios.ec2._ledger import SUBNET, SVC, VPC, create

vpc_case = cases("vpc")


@vpc_case("create-answer", ["CreateVpc"], rec(SECURITY_GROUPS_FOR_VPC, "create_vpc_response"))
def create_answer(ctx: CaseContext) -> None:
    """CreateVpc answers the VPC: its CIDR block (associated), not default, default tenancy, a DHCP
    options set, and State pending or available."""
    vpc = make_vpc(ctx, "10.0.0.0/16")
    observed = {"CidrBlock": vpc.get("CidrBlock"), "IsDefault": vpc.get("IsDefault"),
                "InstanceTenancy": vpc.get("InstanceTenancy"),
                "associations": [(a.get("CidrBlock"), (a.get("CidrBlockState") or {}).get("State"))
                                 for a in vpc.get("CidrBlockAssociationSet") or []]}
    ctx.equal(observed, {"CidrBlock": "10.0.0.0/16", "IsDefault": False, "InstanceTenancy": "default",
                         "associations": [("10.0.0.0/16", "associated")]}, "the Vpc answer")
    ctx.check(vpc.get("State") in ("pending", "available"), "State is not pending/available",
              expected="pending or available", observed=vpc.get("State"))
    ctx.check(vpc.get("DhcpOptionsId"), "no DhcpOptionsId", expected="dopt-...", observed=vpc.get("DhcpOptionsId"))
    ctx.check(re.fullmatch(r"vpc-[0-9a-f]{8,17}", vpc.get("VpcId", "")), "VpcId is not vpc-<hex>",
              expected="vpc-<hex>", observed=vpc.get("VpcId"))


@vpc_case("create-answer-carries-tags", ["CreateVpc"], rec(SECURITY_GROUPS_FOR_VPC, "create_vpc_response"))
def create_answer_tags(ctx: CaseContext) -> None:
    """The tags given with TagSpecifications come back in the CreateVpc answer."""
    vpc = make_vpc(ctx, "10.0.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "k", "Value": "v"}]}])
    ctx.equal(tags_of(vpc).get("k"), "v", "tag k in the answer")


@vpc_case("becomes-available", ["CreateVpc", "DescribeVpcs"], api("Vpc"), timeout=60)
def becomes_available(ctx: CaseContext) -> None:
    """A new VPC reaches State available."""
    vid = make_vpc(ctx)["VpcId"]
    vpc = poll(ctx, lambda: first(ctx, "DescribeVpcs", "Vpcs", VpcIds=[vid]), lambda v: v.get("State") == "available")
    ctx.equal(vpc.get("State"), "available", "State")


def _accepts(prefix: int):
    cidr = f"10.0.0.0/{prefix}"

    def run(ctx: CaseContext) -> None:
        reply = create(ctx, VPC, {"CidrBlock": cidr}, fixture=False)
        ctx.expect_ok(reply, f"CreateVpc {cidr}")
        ctx.equal(reply["Vpc"].get("CidrBlock"), cidr, "CidrBlock")

    run.__doc__ = f"A VPC CIDR block of size /{prefix} is allowed (between /16 and /28)."
    return vpc_case(f"accepts-prefix-{prefix}", ["CreateVpc"], VPC_CIDR)(run)


def _rejects(prefix: int, base: str = "10.0.0.0"):
    cidr = f"{base}/{prefix}"

    def run(ctx: CaseContext) -> None:
        reply = create(ctx, VPC, {"CidrBlock": cidr}, fixture=False)
        ctx.expect_error(reply, "InvalidVpc.Range", 400, f"CreateVpc {cidr}")

    run.__doc__ = f"A VPC CIDR block of size /{prefix} is refused with InvalidVpc.Range (the range is /16-/28)."
    return vpc_case(f"rejects-prefix-{prefix}", ["CreateVpc"], ERRORS)(run)


for _p in (16, 20, 24, 28):
    _accepts(_p)
for _p, _base in ((15, "10.0.0.0"), (8, "10.0.0.0"), (29, "10.0.0.0"), (32, "10.0.0.1")):
    _rejects(_p, _base)


@vpc_case("rejects-malformed-cidr", ["CreateVpc"], api("CreateVpc"), "advisory")
def rejects_malformed(ctx: CaseContext) -> None:
    """A CidrBlock that is not a CIDR block is refused with InvalidParameterValue."""
    reply = create(ctx, VPC, {"CidrBlock": "10.0.0.0/33"}, fixture=False)
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@vpc_case("describe-by-id", ["DescribeVpcs"], api("DescribeVpcs"))
def describe_by_id(ctx: CaseContext) -> None:
    """DescribeVpcs by VpcId lists exactly that VPC with its CIDR block."""
    vpc = make_vpc(ctx, "10.3.0.0/16")
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeVpcs", VpcIds=[vpc["VpcId"]]))
    ctx.equal([(v.get("VpcId"), v.get("CidrBlock")) for v in reply.get("Vpcs") or []],
              [(vpc["VpcId"], "10.3.0.0/16")], "listed (VpcId, CidrBlock)", reply)


@vpc_case("filter-cidr-block", ["DescribeVpcs"], api("DescribeVpcs"))
def filter_cidr(ctx: CaseContext) -> None:
    """The cidr-block-association.cidr-block filter keeps the VPC whose block matches and drops
    it when the block differs."""
    vid = make_vpc(ctx, "10.4.0.0/16")["VpcId"]

    def listed(block: str) -> list[str]:
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeVpcs", VpcIds=[vid], Filters=[
            {"Name": "cidr-block-association.cidr-block", "Values": [block]}]))
        return [v["VpcId"] for v in reply.get("Vpcs") or []]

    ctx.equal((listed("10.4.0.0/16"), listed("10.5.0.0/16")), ([vid], []), "(matching, other block)")


@vpc_case("delete-then-not-found", ["DeleteVpc", "DescribeVpcs"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteVpc, describing the VPC by id answers InvalidVpcID.NotFound."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(ctx.call(SVC, "DeleteVpc", VpcId=vid))
    expect_gone(ctx, "DescribeVpcs", "InvalidVpcID.NotFound", VpcIds=[vid])


def _dependency(name: str, what: str, make) -> None:
    def run(ctx: CaseContext) -> None:
        vid = make_vpc(ctx)["VpcId"]
        make(ctx, vid)
        ctx.expect_error(ctx.call(SVC, "DeleteVpc", VpcId=vid), "DependencyViolation", 400)

    run.__doc__ = f"DeleteVpc of a VPC that still has {what} is refused with DependencyViolation."
    vpc_case(f"delete-with-{name}-dependency-violation", ["DeleteVpc"], api("DeleteVpc"))(run)


_dependency("subnet", "a subnet", lambda ctx, vid: make_subnet(ctx, vid))
_dependency("security-group", "a security group of its own", lambda ctx, vid: make_sg(ctx, vid))
_dependency("route-table", "a route table of its own", lambda ctx, vid: make_route_table(ctx, vid))
_dependency("internet-gateway", "an attached internet gateway", lambda ctx, vid: attach_igw(ctx, make_igw(ctx), vid))


@vpc_case("main-route-table-created", ["CreateVpc", "DescribeRouteTables"], ROUTE_TABLES)
def main_route_table(ctx: CaseContext) -> None:
    """A new VPC has a main route table with the local route for its CIDR block."""
    vid = make_vpc(ctx, "10.6.0.0/16")["VpcId"]
    table = first(ctx, "DescribeRouteTables", "RouteTables", Filters=[
        {"Name": "vpc-id", "Values": [vid]}, {"Name": "association.main", "Values": ["true"]}])
    ctx.equal([(r.get("DestinationCidrBlock"), r.get("GatewayId"), r.get("State")) for r in table.get("Routes") or []],
              [("10.6.0.0/16", "local", "active")], "routes of the main route table")


@vpc_case("default-security-group-created", ["CreateVpc", "GetSecurityGroupsForVpc"],
          rec(SECURITY_GROUPS_FOR_VPC, "get_security_groups_for_vpc"))
def default_group_created(ctx: CaseContext) -> None:
    """A new VPC has exactly one security group: "default", described as "default VPC security group"."""
    vid = make_vpc(ctx)["VpcId"]
    reply = ctx.expect_ok(ctx.call(SVC, "GetSecurityGroupsForVpc", VpcId=vid))
    groups = [(g.get("GroupName"), g.get("Description"), g.get("PrimaryVpcId"))
              for g in reply.get("SecurityGroupForVpcs") or []]
    ctx.equal(groups, [("default", "default VPC security group", vid)], "the VPC's groups", reply)


@vpc_case("default-network-acl-created", ["CreateVpc", "DescribeNetworkAcls"], NACLS)
def default_acl_created(ctx: CaseContext) -> None:
    """A new VPC has one default network ACL (IsDefault true)."""
    vid = make_vpc(ctx)["VpcId"]
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeNetworkAcls", Filters=[
        {"Name": "vpc-id", "Values": [vid]}, {"Name": "default", "Values": ["true"]}]))
    ctx.equal([a.get("IsDefault") for a in reply.get("NetworkAcls") or []], [True], "default ACLs", reply)


def _attribute(ctx: CaseContext, vid: str, name: str) -> object:
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeVpcAttribute", VpcId=vid, Attribute=name))
    key = name[0].upper() + name[1:]
    return (reply.get(key) or {}).get("Value")


@vpc_case("dns-attribute-defaults", ["DescribeVpcAttribute"], VPC_DNS)
def dns_defaults(ctx: CaseContext) -> None:
    """A VPC that is not default starts with DNS resolution on and DNS hostnames off."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.equal((_attribute(ctx, vid, "enableDnsSupport"), _attribute(ctx, vid, "enableDnsHostnames")),
              (True, False), "(enableDnsSupport, enableDnsHostnames)")


@vpc_case("modify-dns-hostnames", ["ModifyVpcAttribute", "DescribeVpcAttribute"], api("ModifyVpcAttribute"))
def modify_dns_hostnames(ctx: CaseContext) -> None:
    """ModifyVpcAttribute EnableDnsHostnames=true is what DescribeVpcAttribute then reports."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(ctx.call(SVC, "ModifyVpcAttribute", VpcId=vid, EnableDnsHostnames={"Value": True}))
    ctx.equal(_attribute(ctx, vid, "enableDnsHostnames"), True, "enableDnsHostnames")


@vpc_case("modify-two-attributes-refused", ["ModifyVpcAttribute"], api("ModifyVpcAttribute"), "advisory")
def modify_two_refused(ctx: CaseContext) -> None:
    """ModifyVpcAttribute changes one attribute per request: two at once are refused."""
    vid = make_vpc(ctx)["VpcId"]
    reply = ctx.call(SVC, "ModifyVpcAttribute", VpcId=vid, EnableDnsHostnames={"Value": True},
                     EnableDnsSupport={"Value": True})
    ctx.expect_error(reply, status=400)


def _associate(ctx: CaseContext, vid: str, block: str):
    return ctx.call(SVC, "AssociateVpcCidrBlock", VpcId=vid, CidrBlock=block)


def _blocks(ctx: CaseContext, vid: str) -> dict[str, str]:
    vpc = first(ctx, "DescribeVpcs", "Vpcs", VpcIds=[vid])
    return {a["CidrBlock"]: (a.get("CidrBlockState") or {}).get("State", "")
            for a in vpc.get("CidrBlockAssociationSet") or []}


@vpc_case("secondary-cidr-associated", ["AssociateVpcCidrBlock", "DescribeVpcs"], VPC_CIDR, timeout=60)
def secondary_associated(ctx: CaseContext) -> None:
    """A secondary block from the same range is associated: associating, then associated."""
    vid = make_vpc(ctx, "10.0.0.0/16")["VpcId"]
    reply = ctx.expect_ok(_associate(ctx, vid, "10.1.0.0/16"))
    state = (reply.get("CidrBlockAssociation") or {}).get("CidrBlockState", {}).get("State")
    ctx.check(state in ("associating", "associated"), "unexpected association state", expected="associating",
              observed=state, reply=reply)
    blocks = poll(ctx, lambda: _blocks(ctx, vid), lambda b: b.get("10.1.0.0/16") == "associated")
    ctx.equal(blocks, {"10.0.0.0/16": "associated", "10.1.0.0/16": "associated"}, "the VPC's blocks")


@vpc_case("secondary-cidr-overlap-refused", ["AssociateVpcCidrBlock"], VPC_CIDR, "advisory")
def secondary_overlap(ctx: CaseContext) -> None:
    """A secondary block that overlaps the primary one is refused."""
    vid = make_vpc(ctx, "10.0.0.0/16")["VpcId"]
    ctx.expect_error(_associate(ctx, vid, "10.0.128.0/17"), status=400)


@vpc_case("secondary-cidr-restricted-range", ["AssociateVpcCidrBlock"], VPC_CIDR, "advisory")
def secondary_restricted(ctx: CaseContext) -> None:
    """A VPC whose primary block is in 10.0.0.0/8 cannot add a block from 192.168.0.0/16."""
    vid = make_vpc(ctx, "10.0.0.0/16")["VpcId"]
    ctx.expect_error(_associate(ctx, vid, "192.168.0.0/16"), status=400)


@vpc_case("primary-cidr-cannot-be-disassociated", ["DisassociateVpcCidrBlock"], api("DisassociateVpcCidrBlock"),
          "advisory")
def primary_disassociate(ctx: CaseContext) -> None:
    """The primary CIDR block (the one the VPC was created with) cannot be disassociated."""
    vpc = make_vpc(ctx, "10.0.0.0/16")
    assoc = (vpc.get("CidrBlockAssociationSet") or [{}])[0].get("AssociationId")
    ctx.check(assoc, "CreateVpc answered no AssociationId", expected="vpc-cidr-assoc-...", observed=vpc)
    ctx.expect_error(ctx.call(SVC, "DisassociateVpcCidrBlock", AssociationId=assoc), status=400)


@vpc_case("secondary-cidr-disassociated", ["DisassociateVpcCidrBlock", "DescribeVpcs"],
          api("DisassociateVpcCidrBlock"), timeout=60)
def secondary_disassociated(ctx: CaseContext) -> None:
    """A secondary block can be disassociated; the VPC then no longer has it associated."""
    vid = make_vpc(ctx, "10.0.0.0/16")["VpcId"]
    assoc = ctx.expect_ok(_associate(ctx, vid, "10.1.0.0/16"))["CidrBlockAssociation"]["AssociationId"]
    poll(ctx, lambda: _blocks(ctx, vid), lambda b: b.get("10.1.0.0/16") == "associated")
    ctx.expect_ok(ctx.call(SVC, "DisassociateVpcCidrBlock", AssociationId=assoc))
    blocks = poll(ctx, lambda: _blocks(ctx, vid), lambda b: b.get("10.1.0.0/16") in (None, "disassociated"))
    ctx.check(blocks.get("10.1.0.0/16") in (None, "disassociated"), "the block is still associated",
              expected="disassociated or gone", observed=blocks)


@vpc_case("subnet-in-secondary-cidr", ["AssociateVpcCidrBlock", "CreateSubnet"], VPC_CIDR, timeout=60)
def subnet_in_secondary(ctx: CaseContext) -> None:
    """Once a secondary block is associated, a subnet can be created inside it."""
    vid = make_vpc(ctx, "10.0.0.0/16")["VpcId"]
    ctx.expect_ok(_associate(ctx, vid, "10.1.0.0/16"))
    poll(ctx, lambda: _blocks(ctx, vid), lambda b: b.get("10.1.0.0/16") == "associated")
    reply = ctx.expect_ok(create(ctx, SUBNET, {"VpcId": vid, "CidrBlock": "10.1.2.0/24"}, fixture=False))
    ctx.equal(reply["Subnet"].get("CidrBlock"), "10.1.2.0/24", "the subnet's CidrBlock")
