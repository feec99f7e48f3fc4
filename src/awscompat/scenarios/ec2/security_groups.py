"""Security groups, what data cannot say (the rest is cases/ec2/security-groups.yaml): the ARN that
names the answer's own group id, and rule sets compared as sets of (protocol, from, to, source),
one per source of each permission, in any order (perm_keys)."""

from __future__ import annotations

import re

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import CREATE_SG, SECURITY_GROUPS_FOR_VPC, SG_RULES, rec
from awscompat.scenarios.ec2._fixtures import first, make_sg, make_vpc
from awscompat.scenarios.ec2._ledger import SECURITY_GROUP, SVC, create

SSH = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}


def group(ctx: CaseContext, gid: str) -> dict:
    return first(ctx, "DescribeSecurityGroups", "SecurityGroups", GroupIds=[gid])


def new_group(ctx: CaseContext, **params) -> tuple[str, str]:
    """A VPC and a group of ours in it: (VpcId, GroupId)."""
    vid = make_vpc(ctx)["VpcId"]
    return vid, make_sg(ctx, vid, **params)


def ingress(ctx: CaseContext, gid: str, *perms: dict):
    return ctx.call(SVC, "AuthorizeSecurityGroupIngress", GroupId=gid, IpPermissions=list(perms))


def perm_keys(perms: list[dict]) -> set[tuple]:
    """(protocol, from, to, source) for each source of each permission."""
    out = set()
    for p in perms or []:
        head = (p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort"))
        out |= {(*head, r.get("CidrIp")) for r in p.get("IpRanges") or []}
        out |= {(*head, r.get("CidrIpv6")) for r in p.get("Ipv6Ranges") or []}
        out |= {(*head, g.get("GroupId")) for g in p.get("UserIdGroupPairs") or []}
    return out


def sg_case(name: str, operations: list[str], provenance, **kw):
    return scenario(id=name, feature="ec2/security-groups", operations=operations, provenance=provenance, **kw)


@sg_case("ec2/scenario/security-groups/create-answer",
         ["CreateSecurityGroup"], rec(SECURITY_GROUPS_FOR_VPC, "create_security_group"))
def create_answer(ctx: CaseContext) -> None:
    """CreateSecurityGroup answers the GroupId (sg-...) and its ARN
    (arn:<partition>:ec2:<region>:<account>:security-group/<GroupId>)."""
    vid = make_vpc(ctx)["VpcId"]
    reply = ctx.expect_ok(create(ctx, SECURITY_GROUP, {"VpcId": vid, "Description": "d"}, fixture=False))
    gid = reply.get("GroupId", "")
    ctx.check(re.fullmatch(r"sg-[0-9a-f]{8,17}", gid), "GroupId is not sg-<hex>", expected="sg-<hex>", observed=gid)
    pattern = rf"arn:aws[a-z-]*:ec2:{ctx.region}:\d{{12}}:security-group/{gid}"
    ctx.check(re.fullmatch(pattern, reply.get("SecurityGroupArn") or ""), "SecurityGroupArn does not name the group",
              expected=pattern, observed=reply.get("SecurityGroupArn"), reply=reply)


@sg_case("ec2/scenario/security-groups/new-group-allows-all-outbound",
         ["CreateSecurityGroup", "DescribeSecurityGroups"], CREATE_SG)
def all_outbound(ctx: CaseContext) -> None:
    """A new security group has one outbound rule: all traffic to 0.0.0.0/0."""
    ctx.equal(perm_keys(group(ctx, new_group(ctx)[1]).get("IpPermissionsEgress")), {("-1", None, None, "0.0.0.0/0")},
              "outbound rules")


@sg_case("ec2/scenario/security-groups/ingress-rule-described",
         ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)
def ingress_described(ctx: CaseContext) -> None:
    """The added inbound rule is in the group's IpPermissions."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, SSH))
    ctx.equal(perm_keys(group(ctx, gid).get("IpPermissions")), {("tcp", 22, 22, "10.0.0.0/8")}, "inbound rules")


@sg_case("ec2/scenario/security-groups/reference-another-group",
         ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)
def reference_group(ctx: CaseContext) -> None:
    """An inbound rule may name another group of the VPC as its source."""
    vid, source = new_group(ctx)
    target = make_sg(ctx, vid)
    perm = {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": source}]}
    ctx.expect_ok(ingress(ctx, target, perm))
    ctx.equal(perm_keys(group(ctx, target).get("IpPermissions")), {("tcp", 5432, 5432, source)}, "inbound rules")


@sg_case("ec2/scenario/security-groups/reference-itself",
         ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)
def reference_itself(ctx: CaseContext) -> None:
    """An inbound rule may name the group itself as its source."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": gid}]}))
    ctx.equal(perm_keys(group(ctx, gid).get("IpPermissions")), {("-1", None, None, gid)}, "inbound rules")


def _rule(name: str, perm: dict, key: tuple, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        _, gid = new_group(ctx)
        ctx.expect_ok(ingress(ctx, gid, perm))
        ctx.equal(perm_keys(group(ctx, gid).get("IpPermissions")), {key}, "inbound rules")

    run.__doc__ = doc
    sg_case(name, ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)(run)


_rule("ec2/scenario/security-groups/tcp-port-range",
      {"IpProtocol": "tcp", "FromPort": 1024, "ToPort": 65535, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]},
      ("tcp", 1024, 65535, "10.1.0.0/16"), "A TCP rule may span a port range.")
_rule("ec2/scenario/security-groups/icmp-all-types",
      {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
      ("icmp", -1, -1, "0.0.0.0/0"), "An ICMP rule with type and code -1 allows every ICMP type.")
_rule("ec2/scenario/security-groups/ipv6-source",
      {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
      ("tcp", 443, 443, "::/0"), "A rule may take an IPv6 source range.")
_rule("ec2/scenario/security-groups/udp-single-port",
      {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
      ("udp", 53, 53, "10.0.0.0/16"), "A UDP rule for one port.")
