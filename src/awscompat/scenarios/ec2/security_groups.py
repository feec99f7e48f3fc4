"""Security groups: what a new group has (no inbound rule, all outbound), names, rules added and
revoked (CIDR, IPv6, group references, ICMP, descriptions), duplicate and unknown rules, the rule
listing, and deletion (referenced groups, the VPC's default group)."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import (
    CREATE_SG,
    ERRORS,
    SECURITY_GROUPS_FOR_VPC,
    SG_RULES,
    api,
    cases,
    rec,
)
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    default_group,
    expect_gone,
    first,
    make_sg,
    make_vpc,
    tags_of,
)
from awscompat.scenarios.ec2._ledger import SECURITY_GROUP, SVC, create

SSH = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
ALL_OUT = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
sg_case = cases("security-groups")


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


@sg_case("create-answer", ["CreateSecurityGroup"], rec(SECURITY_GROUPS_FOR_VPC, "create_security_group"))
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


@sg_case("listed-for-vpc", ["CreateSecurityGroup", "GetSecurityGroupsForVpc"],
         rec(SECURITY_GROUPS_FOR_VPC, "get_security_groups_for_vpc_after_addition"))
def listed_for_vpc(ctx: CaseContext) -> None:
    """GetSecurityGroupsForVpc lists the VPC's default group and the new one, with its name,
    description and PrimaryVpcId."""
    vid, gid = new_group(ctx, Description="Description for it")
    reply = ctx.expect_ok(ctx.call(SVC, "GetSecurityGroupsForVpc", VpcId=vid))
    groups = {g.get("GroupId"): g for g in reply.get("SecurityGroupForVpcs") or []}
    ctx.equal(sorted(g.get("GroupName") == "default" for g in groups.values()), [False, True],
              "(new group, default group) listed", reply)
    mine = groups.get(gid) or {}
    ctx.equal((mine.get("Description"), mine.get("PrimaryVpcId")), ("Description for it", vid),
              "(Description, PrimaryVpcId) of the new group", reply)


@sg_case("new-group-no-inbound-rules", ["CreateSecurityGroup", "DescribeSecurityGroups"], CREATE_SG)
def no_inbound(ctx: CaseContext) -> None:
    """A new security group has no inbound rule."""
    ctx.equal(group(ctx, new_group(ctx)[1]).get("IpPermissions"), [], "IpPermissions")


@sg_case("new-group-allows-all-outbound", ["CreateSecurityGroup", "DescribeSecurityGroups"], CREATE_SG)
def all_outbound(ctx: CaseContext) -> None:
    """A new security group has one outbound rule: all traffic to 0.0.0.0/0."""
    ctx.equal(perm_keys(group(ctx, new_group(ctx)[1]).get("IpPermissionsEgress")), {("-1", None, None, "0.0.0.0/0")},
              "outbound rules")


@sg_case("duplicate-name-refused", ["CreateSecurityGroup"], ERRORS)
def duplicate_name(ctx: CaseContext) -> None:
    """A second group with the same name in the same VPC is refused with InvalidGroup.Duplicate."""
    vid, gid = new_group(ctx)
    name = group(ctx, gid)["GroupName"]
    reply = create(ctx, SECURITY_GROUP, {"VpcId": vid, "GroupName": name, "Description": "d"}, fixture=False)
    ctx.expect_error(reply, "InvalidGroup.Duplicate", 400)


@sg_case("same-name-other-vpc", ["CreateSecurityGroup"], api("CreateSecurityGroup"))
def same_name_other_vpc(ctx: CaseContext) -> None:
    """Group names are unique per VPC: the same name is allowed in another VPC."""
    _, gid = new_group(ctx)
    name = group(ctx, gid)["GroupName"]
    other = make_vpc(ctx)["VpcId"]
    ctx.expect_ok(create(ctx, SECURITY_GROUP, {"VpcId": other, "GroupName": name, "Description": "d"}, fixture=False))


@sg_case("name-starting-sg-refused", ["CreateSecurityGroup"], api("CreateSecurityGroup"), "advisory")
def name_sg_prefix(ctx: CaseContext) -> None:
    """A group name cannot start with sg-: InvalidParameterValue."""
    vid = make_vpc(ctx)["VpcId"]
    name = "sg-" + ctx.name("prefixed")
    reply = create(ctx, SECURITY_GROUP, {"VpcId": vid, "GroupName": name, "Description": "d"}, fixture=False)
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@sg_case("authorize-ingress-answer", ["AuthorizeSecurityGroupIngress"], api("AuthorizeSecurityGroupIngress"))
def authorize_answer(ctx: CaseContext) -> None:
    """AuthorizeSecurityGroupIngress answers Return true and the new rule (sgr-..., not egress)."""
    _, gid = new_group(ctx)
    reply = ctx.expect_ok(ingress(ctx, gid, SSH))
    rules = reply.get("SecurityGroupRules") or []
    ctx.equal([(r.get("GroupId"), r.get("IsEgress"), r.get("IpProtocol"), r.get("FromPort"), r.get("ToPort"),
                r.get("CidrIpv4")) for r in rules], [(gid, False, "tcp", 22, 22, "10.0.0.0/8")], "the rules answered", reply)
    ctx.check(reply.get("Return") is True and str(rules[0].get("SecurityGroupRuleId", "")).startswith("sgr-"),
              "no Return true or sgr- rule id", expected="Return true, sgr-...", observed=reply.parsed, reply=reply)


@sg_case("ingress-rule-described", ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)
def ingress_described(ctx: CaseContext) -> None:
    """The added inbound rule is in the group's IpPermissions."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, SSH))
    ctx.equal(perm_keys(group(ctx, gid).get("IpPermissions")), {("tcp", 22, 22, "10.0.0.0/8")}, "inbound rules")


@sg_case("duplicate-ingress-refused", ["AuthorizeSecurityGroupIngress"], ERRORS)
def duplicate_ingress(ctx: CaseContext) -> None:
    """Adding an inbound rule the group already has is refused with InvalidPermission.Duplicate."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, SSH))
    ctx.expect_error(ingress(ctx, gid, SSH), "InvalidPermission.Duplicate", 400)


@sg_case("duplicate-egress-refused", ["AuthorizeSecurityGroupEgress"], ERRORS)
def duplicate_egress(ctx: CaseContext) -> None:
    """Adding the all-outbound rule a new group already has is refused with InvalidPermission.Duplicate."""
    _, gid = new_group(ctx)
    reply = ctx.call(SVC, "AuthorizeSecurityGroupEgress", GroupId=gid, IpPermissions=[ALL_OUT])
    ctx.expect_error(reply, "InvalidPermission.Duplicate", 400)


@sg_case("revoke-ingress", ["RevokeSecurityGroupIngress", "DescribeSecurityGroups"],
         api("RevokeSecurityGroupIngress"))
def revoke_ingress(ctx: CaseContext) -> None:
    """RevokeSecurityGroupIngress with the rule's exact values removes it."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, SSH))
    ctx.expect_ok(ctx.call(SVC, "RevokeSecurityGroupIngress", GroupId=gid, IpPermissions=[SSH]))
    ctx.equal(group(ctx, gid).get("IpPermissions"), [], "inbound rules left")


@sg_case("revoke-unknown-rule-not-found", ["RevokeSecurityGroupIngress"], api("RevokeSecurityGroupIngress"))
def revoke_unknown(ctx: CaseContext) -> None:
    """In a VPC that is not default, revoking a rule the group does not have answers
    InvalidPermission.NotFound."""
    _, gid = new_group(ctx)
    reply = ctx.call(SVC, "RevokeSecurityGroupIngress", GroupId=gid, IpPermissions=[SSH])
    ctx.expect_error(reply, "InvalidPermission.NotFound", 400)


@sg_case("revoke-default-egress", ["RevokeSecurityGroupEgress", "DescribeSecurityGroups"], SG_RULES)
def revoke_egress(ctx: CaseContext) -> None:
    """Revoking the all-outbound rule leaves the group with no outbound rule."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ctx.call(SVC, "RevokeSecurityGroupEgress", GroupId=gid, IpPermissions=[ALL_OUT]))
    ctx.equal(group(ctx, gid).get("IpPermissionsEgress"), [], "outbound rules left")


@sg_case("reference-another-group", ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)
def reference_group(ctx: CaseContext) -> None:
    """An inbound rule may name another group of the VPC as its source."""
    vid, source = new_group(ctx)
    target = make_sg(ctx, vid)
    perm = {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": source}]}
    ctx.expect_ok(ingress(ctx, target, perm))
    ctx.equal(perm_keys(group(ctx, target).get("IpPermissions")), {("tcp", 5432, 5432, source)}, "inbound rules")


@sg_case("reference-itself", ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)
def reference_itself(ctx: CaseContext) -> None:
    """An inbound rule may name the group itself as its source."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": gid}]}))
    ctx.equal(perm_keys(group(ctx, gid).get("IpPermissions")), {("-1", None, None, gid)}, "inbound rules")


@sg_case("delete-referenced-group-refused", ["DeleteSecurityGroup"], api("DeleteSecurityGroup"))
def delete_referenced(ctx: CaseContext) -> None:
    """A group another group's rule names cannot be deleted: DependencyViolation."""
    vid, source = new_group(ctx)
    target = make_sg(ctx, vid)
    ctx.expect_ok(ingress(ctx, target, {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                                        "UserIdGroupPairs": [{"GroupId": source}]}))
    ctx.expect_error(ctx.call(SVC, "DeleteSecurityGroup", GroupId=source), "DependencyViolation", 400)


@sg_case("delete-vpc-default-group-refused", ["DeleteSecurityGroup"], ERRORS)
def delete_default(ctx: CaseContext) -> None:
    """The default group of a VPC (of ours) cannot be deleted: CannotDelete."""
    vid = make_vpc(ctx)["VpcId"]
    default = default_group(ctx, vid)
    ctx.expect_error(ctx.call(SVC, "DeleteSecurityGroup", GroupId=default["GroupId"]), "CannotDelete", 400)


@sg_case("delete-then-not-found", ["DeleteSecurityGroup", "DescribeSecurityGroups"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteSecurityGroup, describing it by id answers InvalidGroup.NotFound."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ctx.call(SVC, "DeleteSecurityGroup", GroupId=gid))
    expect_gone(ctx, "DescribeSecurityGroups", "InvalidGroup.NotFound", GroupIds=[gid])


@sg_case("malformed-group-id", ["DescribeSecurityGroups"], ERRORS, mutating=False)
def malformed_id(ctx: CaseContext) -> None:
    """A group id that is not sg-<hex> answers InvalidGroupId.Malformed."""
    reply = ctx.call(SVC, "DescribeSecurityGroups", GroupIds=["sg-not-an-id"])
    ctx.expect_error(reply, "InvalidGroupId.Malformed", 400)


def _rule(name: str, perm: dict, key: tuple, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        _, gid = new_group(ctx)
        ctx.expect_ok(ingress(ctx, gid, perm))
        ctx.equal(perm_keys(group(ctx, gid).get("IpPermissions")), {key}, "inbound rules")

    run.__doc__ = doc
    sg_case(name, ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)(run)


_rule("tcp-port-range", {"IpProtocol": "tcp", "FromPort": 1024, "ToPort": 65535, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]},
      ("tcp", 1024, 65535, "10.1.0.0/16"), "A TCP rule may span a port range.")
_rule("icmp-all-types", {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
      ("icmp", -1, -1, "0.0.0.0/0"), "An ICMP rule with type and code -1 allows every ICMP type.")
_rule("ipv6-source", {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
      ("tcp", 443, 443, "::/0"), "A rule may take an IPv6 source range.")
_rule("udp-single-port", {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
      ("udp", 53, 53, "10.0.0.0/16"), "A UDP rule for one port.")


@sg_case("one-rule-per-source", ["AuthorizeSecurityGroupIngress"], api("AuthorizeSecurityGroupIngress"))
def one_rule_per_source(ctx: CaseContext) -> None:
    """A permission with two CIDR ranges makes two rules, one per range."""
    _, gid = new_group(ctx)
    perm = {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
            "IpRanges": [{"CidrIp": "10.1.0.0/16"}, {"CidrIp": "10.2.0.0/16"}]}
    reply = ctx.expect_ok(ingress(ctx, gid, perm))
    ctx.equal(sorted(r.get("CidrIpv4") for r in reply.get("SecurityGroupRules") or []), ["10.1.0.0/16", "10.2.0.0/16"],
              "CidrIpv4 of the rules answered", reply)


@sg_case("rule-description-kept", ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"], SG_RULES)
def description_kept(ctx: CaseContext) -> None:
    """A range's Description is kept with the rule."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, {**SSH, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "admins"}]}))
    ranges = [r for p in group(ctx, gid).get("IpPermissions") or [] for r in p.get("IpRanges") or []]
    ctx.equal([r.get("Description") for r in ranges], ["admins"], "descriptions")


@sg_case("update-rule-description", ["UpdateSecurityGroupRuleDescriptionsIngress", "DescribeSecurityGroups"],
         api("UpdateSecurityGroupRuleDescriptionsIngress"))
def update_description(ctx: CaseContext) -> None:
    """UpdateSecurityGroupRuleDescriptionsIngress replaces a rule's description."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, SSH))
    ctx.expect_ok(ctx.call(SVC, "UpdateSecurityGroupRuleDescriptionsIngress", GroupId=gid, IpPermissions=[
        {**SSH, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "ops"}]}]))
    ranges = [r for p in group(ctx, gid).get("IpPermissions") or [] for r in p.get("IpRanges") or []]
    ctx.equal([r.get("Description") for r in ranges], ["ops"], "descriptions")


@sg_case("describe-rules", ["DescribeSecurityGroupRules"], api("DescribeSecurityGroupRules"))
def describe_rules(ctx: CaseContext) -> None:
    """DescribeSecurityGroupRules filtered by group-id lists the group's outbound and inbound rules."""
    _, gid = new_group(ctx)
    ctx.expect_ok(ingress(ctx, gid, SSH))
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSecurityGroupRules", Filters=[{"Name": "group-id", "Values": [gid]}]))
    ctx.equal(sorted((r.get("IsEgress"), r.get("IpProtocol"), r.get("CidrIpv4")) for r in reply.get("SecurityGroupRules") or []),
              [(False, "tcp", "10.0.0.0/8"), (True, "-1", "0.0.0.0/0")], "(IsEgress, IpProtocol, CidrIpv4)", reply)


@sg_case("port-range-reversed-refused", ["AuthorizeSecurityGroupIngress"], api("IpPermission"), "advisory")
def reversed_ports(ctx: CaseContext) -> None:
    """A TCP rule whose FromPort is above its ToPort is refused with InvalidParameterValue."""
    _, gid = new_group(ctx)
    reply = ingress(ctx, gid, {**SSH, "FromPort": 443, "ToPort": 80})
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@sg_case("malformed-cidr-refused", ["AuthorizeSecurityGroupIngress"], api("IpRange"), "advisory")
def malformed_cidr(ctx: CaseContext) -> None:
    """A source range that is not a CIDR block is refused with InvalidParameterValue."""
    _, gid = new_group(ctx)
    reply = ingress(ctx, gid, {**SSH, "IpRanges": [{"CidrIp": "10.0.0.0/40"}]})
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@sg_case("filter-group-name", ["DescribeSecurityGroups"], api("DescribeSecurityGroups"))
def filter_group_name(ctx: CaseContext) -> None:
    """The vpc-id and group-name filters together find exactly the group."""
    vid, gid = new_group(ctx)
    name = group(ctx, gid)["GroupName"]
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSecurityGroups", Filters=[
        {"Name": "vpc-id", "Values": [vid]}, {"Name": "group-name", "Values": [name]}]))
    ctx.equal([g["GroupId"] for g in reply.get("SecurityGroups") or []], [gid], "groups listed", reply)


@sg_case("tags-on-create", ["CreateSecurityGroup", "DescribeSecurityGroups"], api("CreateSecurityGroup"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the group DescribeSecurityGroups lists."""
    _, gid = new_group(ctx, TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "app", "Value": "db"}]}])
    ctx.equal(tags_of(group(ctx, gid)).get("app"), "db", "tag app")


@sg_case("unknown-vpc-refused", ["CreateSecurityGroup"], ERRORS)
def unknown_vpc(ctx: CaseContext) -> None:
    """Creating a group in a VPC that does not exist answers InvalidVpcID.NotFound."""
    reply = create(ctx, SECURITY_GROUP, {"VpcId": absent_id("vpc"), "Description": "d"}, fixture=False)
    ctx.expect_error(reply, "InvalidVpcID.NotFound", 400)
