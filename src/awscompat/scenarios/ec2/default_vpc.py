"""The default VPC, its default subnets, security group, internet gateway, main route table and
network ACL: read only (nothing here creates or changes anything). An account may have deleted
its default VPC: then these scenarios are skipped. Expectations about what an owner may have
changed since (the default group's rules, the gateway, the route to it) are advisory."""

from __future__ import annotations

import ipaddress

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import DEFAULT_SG, DEFAULT_VPC, NACLS, VPC_DNS, api, cases
from awscompat.scenarios.ec2._fixtures import default_group, first
from awscompat.scenarios.ec2._ledger import SVC

DEFAULT_CIDR = "172.31.0.0/16"


def default_vpc(ctx: CaseContext) -> dict:
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeVpcs", Filters=[{"Name": "is-default", "Values": ["true"]}]))
    vpcs = reply.get("Vpcs") or []
    if not vpcs:
        ctx.skip("the account has no default VPC in this region")
    ctx.check(len(vpcs) == 1, "more than one VPC has is-default=true", expected=1, observed=len(vpcs), reply=reply)
    return vpcs[0]


def default_subnets(ctx: CaseContext, vpc_id: str) -> list[dict]:
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSubnets", Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "default-for-az", "Values": ["true"]}]))
    subnets = reply.get("Subnets") or []
    ctx.check(subnets, "the default VPC has no default subnet", expected="one per zone", observed=[], reply=reply)
    return subnets


def main_route_table(ctx: CaseContext, vpc_id: str) -> dict:
    return first(ctx, "DescribeRouteTables", "RouteTables", Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "association.main", "Values": ["true"]}])


read = cases("default-vpc", mutating=False)


@read("is-default-and-available", ["DescribeVpcs"], api("DescribeVpcs"))
def is_default_and_available(ctx: CaseContext) -> None:
    """The is-default filter finds one VPC, with IsDefault true and State available."""
    vpc = default_vpc(ctx)
    ctx.equal((vpc.get("IsDefault"), vpc.get("State")), (True, "available"), "(IsDefault, State)")


@read("cidr-172-31-0-0-16", ["DescribeVpcs"], DEFAULT_VPC)
def default_cidr(ctx: CaseContext) -> None:
    """A default VPC has the IPv4 CIDR block 172.31.0.0/16."""
    ctx.equal(default_vpc(ctx).get("CidrBlock"), DEFAULT_CIDR, "default VPC CidrBlock")


@read("account-attribute-names-it", ["DescribeAccountAttributes"], api("DescribeAccountAttributes"))
def account_attribute(ctx: CaseContext) -> None:
    """The default-vpc account attribute names the default VPC's id."""
    vpc = default_vpc(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeAccountAttributes", AttributeNames=["default-vpc"]))
    values = [v.get("AttributeValue") for a in reply.get("AccountAttributes") or []
              if a.get("AttributeName") == "default-vpc" for v in a.get("AttributeValues") or []]
    ctx.equal(values, [vpc["VpcId"]], "default-vpc attribute values", reply)


@read("one-default-subnet-per-zone", ["DescribeSubnets"], DEFAULT_VPC)
def one_subnet_per_zone(ctx: CaseContext) -> None:
    """Each default subnet has DefaultForAz true, and no zone has two."""
    subnets = default_subnets(ctx, default_vpc(ctx)["VpcId"])
    zones_ = [s.get("AvailabilityZone") for s in subnets]
    ctx.equal(len(set(zones_)), len(zones_), "distinct zones among default subnets")
    ctx.check(all(s.get("DefaultForAz") is True for s in subnets), "a default subnet lacks DefaultForAz",
              expected=True, observed=[s.get("DefaultForAz") for s in subnets])


@read("default-subnets-are-20s", ["DescribeSubnets"], DEFAULT_VPC)
def subnets_are_20s(ctx: CaseContext) -> None:
    """Default subnets are /20 blocks inside 172.31.0.0/16."""
    vpc = default_vpc(ctx)
    subnets = default_subnets(ctx, vpc["VpcId"])
    bad = [s.get("CidrBlock") for s in subnets
           if not (ipaddress.ip_network(s.get("CidrBlock") or "0.0.0.0/0").prefixlen == 20
                   and ipaddress.ip_network(s["CidrBlock"]).subnet_of(ipaddress.ip_network(DEFAULT_CIDR)))]
    ctx.equal(bad, [], "default subnets that are not /20 blocks of 172.31.0.0/16")


@read("default-subnets-map-public-ip", ["DescribeSubnets"], DEFAULT_VPC)
def subnets_map_public_ip(ctx: CaseContext) -> None:
    """Instances launched into a default subnet get a public IPv4 address (MapPublicIpOnLaunch)."""
    subnets = default_subnets(ctx, default_vpc(ctx)["VpcId"])
    ctx.equal({s.get("MapPublicIpOnLaunch") for s in subnets}, {True}, "MapPublicIpOnLaunch of default subnets")


@read("default-subnet-free-addresses", ["DescribeSubnets"], api("Subnet"))
def subnet_free_addresses(ctx: CaseContext) -> None:
    """A /20 default subnet has at most 4091 free addresses (4096 less the 5 AWS reserves)."""
    subnets = default_subnets(ctx, default_vpc(ctx)["VpcId"])
    counts = [s.get("AvailableIpAddressCount") for s in subnets]
    ctx.check(counts and all(isinstance(c, int) and 0 <= c <= 4091 for c in counts),
              "AvailableIpAddressCount out of range", expected="0..4091", observed=counts)


@read("security-group-named-default", ["DescribeSecurityGroups"], DEFAULT_SG)
def group_named_default(ctx: CaseContext) -> None:
    """The default VPC has a security group named default, described as "default VPC security group"."""
    group = default_group(ctx, default_vpc(ctx)["VpcId"])
    ctx.equal((group.get("GroupName"), group.get("Description")), ("default", "default VPC security group"),
              "(GroupName, Description)")


@read("security-group-self-ingress", ["DescribeSecurityGroups"], DEFAULT_SG, "advisory")
def group_self_ingress(ctx: CaseContext) -> None:
    """The default group allows all inbound traffic from members of the same group."""
    group = default_group(ctx, default_vpc(ctx)["VpcId"])
    selfref = [p for p in group.get("IpPermissions") or [] if p.get("IpProtocol") == "-1"
               and any(g.get("GroupId") == group["GroupId"] for g in p.get("UserIdGroupPairs") or [])]
    ctx.check(selfref, "no all-traffic ingress rule from the group itself", expected="IpProtocol -1 from the group",
              observed=group.get("IpPermissions"))


@read("security-group-egress-all", ["DescribeSecurityGroups"], DEFAULT_SG, "advisory")
def group_egress_all(ctx: CaseContext) -> None:
    """The default group allows all outbound IPv4 traffic (IpProtocol -1 to 0.0.0.0/0)."""
    group = default_group(ctx, default_vpc(ctx)["VpcId"])
    egress = [p for p in group.get("IpPermissionsEgress") or [] if p.get("IpProtocol") == "-1"
              and any(r.get("CidrIp") == "0.0.0.0/0" for r in p.get("IpRanges") or [])]
    ctx.check(egress, "no all-traffic egress rule to 0.0.0.0/0", expected="IpProtocol -1 to 0.0.0.0/0",
              observed=group.get("IpPermissionsEgress"))


@read("internet-gateway-attached", ["DescribeInternetGateways"], DEFAULT_VPC, "advisory")
def gateway_attached(ctx: CaseContext) -> None:
    """An internet gateway is attached to the default VPC (attachment state available)."""
    vpc_id = default_vpc(ctx)["VpcId"]
    gw = first(ctx, "DescribeInternetGateways", "InternetGateways",
               Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}])
    ctx.equal([(a.get("VpcId"), a.get("State")) for a in gw.get("Attachments") or []], [(vpc_id, "available")],
              "the gateway's attachments")


@read("main-route-table-local-route", ["DescribeRouteTables"], DEFAULT_VPC)
def main_local_route(ctx: CaseContext) -> None:
    """The main route table routes 172.31.0.0/16 to local."""
    table = main_route_table(ctx, default_vpc(ctx)["VpcId"])
    local = [r for r in table.get("Routes") or [] if r.get("DestinationCidrBlock") == DEFAULT_CIDR]
    ctx.equal([(r.get("GatewayId"), r.get("State")) for r in local], [("local", "active")], "the local route")


@read("main-route-table-default-route", ["DescribeRouteTables"], DEFAULT_VPC, "advisory")
def main_default_route(ctx: CaseContext) -> None:
    """The main route table sends 0.0.0.0/0 to the default VPC's internet gateway."""
    table = main_route_table(ctx, default_vpc(ctx)["VpcId"])
    targets = [r.get("GatewayId", "") for r in table.get("Routes") or [] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    ctx.check(len(targets) == 1 and targets[0].startswith("igw-"), "no 0.0.0.0/0 route to an internet gateway",
              expected="igw-...", observed=table.get("Routes"))


@read("dns-support-and-hostnames", ["DescribeVpcAttribute"], VPC_DNS)
def dns_attributes(ctx: CaseContext) -> None:
    """In a default VPC both enableDnsSupport and enableDnsHostnames are true."""
    vpc_id = default_vpc(ctx)["VpcId"]
    support = ctx.expect_ok(ctx.call(SVC, "DescribeVpcAttribute", VpcId=vpc_id, Attribute="enableDnsSupport"))
    hostnames = ctx.expect_ok(ctx.call(SVC, "DescribeVpcAttribute", VpcId=vpc_id, Attribute="enableDnsHostnames"))
    observed = ((support.get("EnableDnsSupport") or {}).get("Value"), (hostnames.get("EnableDnsHostnames") or {}).get("Value"))
    ctx.equal(observed, (True, True), "(enableDnsSupport, enableDnsHostnames)")


@read("default-network-acl-allows-all", ["DescribeNetworkAcls"], NACLS, "advisory")
def default_acl(ctx: CaseContext) -> None:
    """The default network ACL allows all inbound and all outbound IPv4 traffic (rule 100)."""
    acl = first(ctx, "DescribeNetworkAcls", "NetworkAcls", Filters=[
        {"Name": "vpc-id", "Values": [default_vpc(ctx)["VpcId"]]}, {"Name": "default", "Values": ["true"]}])
    allows = sorted((e.get("Egress"), e.get("RuleNumber")) for e in acl.get("Entries") or []
                    if e.get("RuleAction") == "allow" and e.get("Protocol") == "-1" and e.get("CidrBlock") == "0.0.0.0/0")
    ctx.equal(allows, [(False, 100), (True, 100)], "allow-all entries (Egress, RuleNumber)")


@read("vpc-id-filter-lists-default-subnets", ["DescribeSubnets"], api("DescribeSubnets"))
def vpc_filter_lists_subnets(ctx: CaseContext) -> None:
    """Every subnet the default-for-az filter finds also carries the default VPC's id."""
    vpc_id = default_vpc(ctx)["VpcId"]
    ctx.equal({s.get("VpcId") for s in default_subnets(ctx, vpc_id)} - {vpc_id}, set(), "foreign VpcIds")
