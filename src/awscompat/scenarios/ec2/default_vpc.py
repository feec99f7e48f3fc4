"""The default VPC, what data cannot say (the rest is cases/ec2/default-vpc.yaml): its default
subnets are in distinct zones and are /20 blocks of 172.31.0.0/16 (comparisons across the items of
one answer). Read only; skipped when the account has no default VPC."""

from __future__ import annotations

import ipaddress

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._ledger import SVC
from awscompat.scenarios.ec2._recipes import default_vpc

DEFAULT_CIDR = "172.31.0.0/16"


def default_subnets(ctx: CaseContext, vpc_id: str) -> list[dict]:
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSubnets", Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "default-for-az", "Values": ["true"]}]))
    subnets = reply.get("Subnets") or []
    ctx.check(subnets, "the default VPC has no default subnet", expected="one per zone", observed=[], reply=reply)
    return subnets


def read(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=name, feature="ec2/default-vpc", operations=operations, provenance=provenance,
                    severity=severity, mutating=False)


@read("ec2/scenario/default-vpc/one-default-subnet-per-zone", ["DescribeSubnets"], docs("https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html"))
def one_subnet_per_zone(ctx: CaseContext) -> None:
    """Each default subnet has DefaultForAz true, and no zone has two."""
    subnets = default_subnets(ctx, default_vpc(ctx)["value"])
    zones_ = [s.get("AvailabilityZone") for s in subnets]
    ctx.equal(len(set(zones_)), len(zones_), "distinct zones among default subnets")
    ctx.check(all(s.get("DefaultForAz") is True for s in subnets), "a default subnet lacks DefaultForAz",
              expected=True, observed=[s.get("DefaultForAz") for s in subnets])


@read("ec2/scenario/default-vpc/default-subnets-are-20s", ["DescribeSubnets"], docs("https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html"))
def subnets_are_20s(ctx: CaseContext) -> None:
    """Default subnets are /20 blocks inside 172.31.0.0/16."""
    subnets = default_subnets(ctx, default_vpc(ctx)["value"])
    bad = [s.get("CidrBlock") for s in subnets
           if not (ipaddress.ip_network(s.get("CidrBlock") or "0.0.0.0/0").prefixlen == 20
                   and ipaddress.ip_network(s["CidrBlock"]).subnet_of(ipaddress.ip_network(DEFAULT_CIDR)))]
    ctx.equal(bad, [], "default subnets that are not /20 blocks of 172.31.0.0/16")
