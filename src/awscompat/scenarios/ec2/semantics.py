"""EC2 networking and storage semantics where workloads lock in (issue 16): network-interface
attachment rules (same zone, same VPC, device indexes, delete-on-termination; hot, warm and cold
attachment), security-group rule
semantics (rule ids, group references on egress, the per-group rule quota), route precedence
(overlapping destinations, routes more specific than the VPC's local route, the local route itself),
limits (interfaces per instance type, groups per interface, rules per group), dependencies (a group
in use, a snapshot after its volume, the root volume of a running instance),
the EBS attachment state machine (delete-on-termination of attached and root volumes, detaching),
volumes made from snapshots (size bounds), and instance metadata options (endpoint, tags).

Each expectation is grounded in the EC2 API reference or the VPC / EC2 / EBS user guides (named
in the provenance). Where a page states the rule but not the error code, the case checks the status
only and is advisory."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import (
    ENI,
    ROUTE_TABLES,
    SG_RULES,
    api,
    cases,
    ec2_guide,
    vpc_guide,
)
from awscompat.scenarios.ec2._fixtures import (
    INSTANCE_TYPE,
    add_route,
    attach_eni,
    find_ami,
    first,
    instance,
    make_eni,
    make_network,
    make_route_table,
    make_sg,
    make_subnet,
    poll,
    primary_eni,
    running_instance,
    stopped_instance,
    zones,
)
from awscompat.scenarios.ec2._ledger import INSTANCE, SVC, create

eni_case = cases("network-interfaces", timeout=120)
sg_case = cases("security-groups", timeout=90)
rtb_case = cases("route-tables", timeout=60)
vol_case = cases("volumes", timeout=150)
snap_case = cases("snapshots", timeout=150)
meta_case = cases("instances", timeout=120)
QUOTAS = vpc_guide("amazon-vpc-limits")
MIDDLEBOX = vpc_guide("route-table-options")


def _interface(ctx: CaseContext, eni: str) -> dict:
    return first(ctx, "DescribeNetworkInterfaces", "NetworkInterfaces", NetworkInterfaceIds=[eni])


def _routes(ctx: CaseContext, rtb: str) -> dict[str, dict]:
    table = first(ctx, "DescribeRouteTables", "RouteTables", RouteTableIds=[rtb])
    return {r.get("DestinationCidrBlock"): r for r in table.get("Routes") or [] if r.get("DestinationCidrBlock")}


# -- network interfaces ------------------------------------------------------------------------------
@eni_case("attach-other-zone-refused", ["AttachNetworkInterface"], ENI, severity="advisory")
def eni_other_zone(ctx: CaseContext) -> None:
    """An interface in a subnet of another Availability Zone cannot be attached to the instance
    (both must be in the same zone): HTTP 400."""
    azs = zones(ctx)
    if len(azs) < 2:
        ctx.skip("the region lists one Availability Zone")
    inst, net = running_instance(ctx, make_network(ctx, az=azs[0]))
    other = make_subnet(ctx, net.vpc, "10.0.1.0/24", AvailabilityZone=azs[1])["SubnetId"]
    eni = make_eni(ctx, other)["NetworkInterfaceId"]
    ctx.expect_error(attach_eni(ctx, eni, inst["InstanceId"], fixture=False), None, 400)


@eni_case("attach-other-vpc-refused", ["AttachNetworkInterface"], ENI, severity="advisory")
def eni_other_vpc(ctx: CaseContext) -> None:
    """An interface of another VPC cannot be attached to the instance: HTTP 400."""
    inst, net = running_instance(ctx)
    other = make_network(ctx, cidr="10.1.0.0/16", subnet_cidr="10.1.0.0/24", az=net.az)
    eni = make_eni(ctx, other.subnet)["NetworkInterfaceId"]
    ctx.expect_error(attach_eni(ctx, eni, inst["InstanceId"], fixture=False), None, 400)


@eni_case("attached-device-index-and-delete-on-termination", ["AttachNetworkInterface", "DescribeNetworkInterfaces"],
          ENI)
def eni_attachment_described(ctx: CaseContext) -> None:
    """An interface attached with AttachNetworkInterface at device index 2 is in-use, names the
    instance and index 2, and is not deleted on termination (only interfaces made with the instance
    are); the instance's primary interface (index 0) is."""
    inst, net = running_instance(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    ctx.expect_ok(attach_eni(ctx, eni, inst["InstanceId"], index=2))
    got = poll(ctx, lambda: _interface(ctx, eni), lambda i: i.get("Status") == "in-use", within=30)
    attachment = got.get("Attachment") or {}
    ctx.equal((got.get("Status"), attachment.get("InstanceId"), attachment.get("DeviceIndex"),
               attachment.get("DeleteOnTermination")), ("in-use", inst["InstanceId"], 2, False),
              "(Status, Attachment.InstanceId, DeviceIndex, DeleteOnTermination)")
    primary = primary_eni(ctx, instance(ctx, inst["InstanceId"]))
    ctx.equal((primary.get("Attachment") or {}).get("DeleteOnTermination"), True,
              "DeleteOnTermination of the primary interface")


@eni_case("modify-attachment-delete-on-termination", ["ModifyNetworkInterfaceAttribute"],
          api("ModifyNetworkInterfaceAttribute"))
def eni_modify_delete_on_termination(ctx: CaseContext) -> None:
    """ModifyNetworkInterfaceAttribute with Attachment.DeleteOnTermination true changes what the
    attachment describes."""
    inst, net = running_instance(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    attachment = ctx.expect_ok(attach_eni(ctx, eni, inst["InstanceId"]))["AttachmentId"]
    ctx.expect_ok(ctx.call(SVC, "ModifyNetworkInterfaceAttribute", NetworkInterfaceId=eni,
                           Attachment={"AttachmentId": attachment, "DeleteOnTermination": True}))
    got = _interface(ctx, eni)
    ctx.equal((got.get("Attachment") or {}).get("DeleteOnTermination"), True, "Attachment.DeleteOnTermination")


# -- security groups -------------------------------------------------------------------------------
@sg_case("ingress-rules-over-quota-refused", ["AuthorizeSecurityGroupIngress"], QUOTAS, severity="advisory")
def sg_rule_quota(ctx: CaseContext) -> None:
    """A group holds at most 60 inbound rules (the default quota): authorizing 61 CIDR rules in one
    call is refused with RulesPerSecurityGroupLimitExceeded, and none of them is added."""
    sg = make_sg(ctx, make_network(ctx).vpc)
    ranges = [{"CidrIp": f"10.{i // 250}.{i % 250}.0/24"} for i in range(61)]
    reply = ctx.call(SVC, "AuthorizeSecurityGroupIngress", GroupId=sg,
                     IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": ranges}])
    ctx.expect_error(reply, "RulesPerSecurityGroupLimitExceeded", 400)
    group = first(ctx, "DescribeSecurityGroups", "SecurityGroups", GroupIds=[sg])
    ctx.equal(group.get("IpPermissions"), [], "inbound rules after the refusal")


@sg_case("egress-to-referenced-group", ["AuthorizeSecurityGroupEgress", "DescribeSecurityGroups"], SG_RULES)
def sg_egress_group_reference(ctx: CaseContext) -> None:
    """An outbound rule may name another group of the VPC as its destination; the group lists it
    under IpPermissionsEgress with that GroupId."""
    vpc = make_network(ctx).vpc
    sg, target = make_sg(ctx, vpc), make_sg(ctx, vpc)
    ctx.expect_ok(ctx.call(SVC, "AuthorizeSecurityGroupEgress", GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": target}]}]))
    group = first(ctx, "DescribeSecurityGroups", "SecurityGroups", GroupIds=[sg])
    pairs = [p.get("GroupId") for perm in group.get("IpPermissionsEgress") or [] if perm.get("FromPort") == 5432
             for p in perm.get("UserIdGroupPairs") or []]
    ctx.equal(pairs, [target], "groups referenced by the port-5432 egress rule")


@sg_case("revoke-by-rule-id", ["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"],
         api("RevokeSecurityGroupIngress"))
def sg_revoke_by_rule_id(ctx: CaseContext) -> None:
    """AuthorizeSecurityGroupIngress answers the new rule's SecurityGroupRuleId; revoking by that id
    removes exactly that rule."""
    sg = make_sg(ctx, make_network(ctx).vpc)
    reply = ctx.expect_ok(ctx.call(SVC, "AuthorizeSecurityGroupIngress", GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]))
    rules = {r.get("FromPort"): r.get("SecurityGroupRuleId") for r in reply.get("SecurityGroupRules") or []}
    ctx.check(str(rules.get(22, "")).startswith("sgr-"), "no sgr- id for the port-22 rule", expected="sgr-...",
              observed=reply.get("SecurityGroupRules"), reply=reply)
    ctx.expect_ok(ctx.call(SVC, "RevokeSecurityGroupIngress", GroupId=sg, SecurityGroupRuleIds=[rules[22]]))
    group = first(ctx, "DescribeSecurityGroups", "SecurityGroups", GroupIds=[sg])
    ctx.equal(sorted(p.get("FromPort") for p in group.get("IpPermissions") or []), [80], "ports still allowed")


# -- route precedence ----------------------------------------------------------------------------------
@rtb_case("overlapping-destinations-coexist", ["CreateRoute", "DescribeRouteTables"], ROUTE_TABLES)
def rtb_overlapping(ctx: CaseContext) -> None:
    """Routes whose destinations overlap coexist (the most specific one wins for the traffic it
    matches): 0.0.0.0/0 to the internet gateway and 192.168.0.0/16 to an interface, each with its
    own target, beside the local route."""
    net = make_network(ctx, igw=True)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    ctx.expect_ok(add_route(ctx, rtb, "0.0.0.0/0", GatewayId=net.igw))
    ctx.expect_ok(add_route(ctx, rtb, "192.168.0.0/16", NetworkInterfaceId=eni))
    routes = _routes(ctx, rtb)
    observed = {cidr: r.get("GatewayId") or r.get("NetworkInterfaceId") for cidr, r in routes.items()}
    ctx.equal(observed, {net.cidr: "local", "0.0.0.0/0": net.igw, "192.168.0.0/16": eni}, "routes and targets")


@rtb_case("more-specific-than-local-to-interface", ["CreateRoute"], MIDDLEBOX, severity="advisory")
def rtb_more_specific_than_local(ctx: CaseContext) -> None:
    """A route for a subnet of the VPC (more specific than the local route) may target a network
    interface (middlebox routing); the table then lists both."""
    net = make_network(ctx)
    other = make_subnet(ctx, net.vpc, "10.0.1.0/24", AvailabilityZone=net.az)["SubnetId"]
    eni = make_eni(ctx, other)["NetworkInterfaceId"]
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    ctx.expect_ok(add_route(ctx, rtb, "10.0.0.0/24", NetworkInterfaceId=eni, fixture=False))
    routes = _routes(ctx, rtb)
    ctx.equal(((routes.get(net.cidr) or {}).get("GatewayId"), (routes.get("10.0.0.0/24") or {}).get("NetworkInterfaceId")),
              ("local", eni), "(local route, the more specific route's interface)")


@rtb_case("more-specific-than-local-to-gateway-refused", ["CreateRoute"], MIDDLEBOX, severity="advisory")
def rtb_more_specific_to_igw(ctx: CaseContext) -> None:
    """A route more specific than the local route may target only a NAT gateway, a network interface
    or a Gateway Load Balancer endpoint: to an internet gateway it is refused (HTTP 400)."""
    net = make_network(ctx, igw=True)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    ctx.expect_error(add_route(ctx, rtb, "10.0.0.0/24", GatewayId=net.igw, fixture=False), None, 400)


@rtb_case("local-route-not-deletable", ["DeleteRoute"], ROUTE_TABLES, severity="advisory")
def rtb_local_route(ctx: CaseContext) -> None:
    """The local route of the VPC's CIDR cannot be deleted: DeleteRoute answers HTTP 400 and the
    route stays."""
    net = make_network(ctx)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    ctx.expect_error(ctx.call(SVC, "DeleteRoute", RouteTableId=rtb, DestinationCidrBlock=net.cidr), None, 400)
    ctx.equal((_routes(ctx, rtb).get(net.cidr) or {}).get("GatewayId"), "local", "the local route after the refusal")


# -- the EBS attachment state machine ----------------------------------------------------------------


# -- instance metadata options ---------------------------------------------------------------------------


# -- limits ----------------------------------------------------------------------------------------------
@eni_case("attachment-limit-of-instance-type", ["DescribeInstanceTypes", "AttachNetworkInterface"],
          ec2_guide("AvailableIpPerENI"), severity="advisory")
def eni_attachment_limit(ctx: CaseContext) -> None:
    """An instance takes as many interfaces as its type's NetworkInfo.MaximumNetworkInterfaces (the
    primary included); one more is refused with AttachmentLimitExceeded."""
    info = ctx.expect_ok(ctx.call(SVC, "DescribeInstanceTypes", InstanceTypes=[INSTANCE_TYPE]))
    limit = ((info.get("InstanceTypes") or [{}])[0].get("NetworkInfo") or {}).get("MaximumNetworkInterfaces")
    if not isinstance(limit, int) or not 1 <= limit <= 4:
        ctx.skip(f"{INSTANCE_TYPE} lists MaximumNetworkInterfaces {limit!r}: not a small bound to exercise")
    inst, net = running_instance(ctx)
    for index in range(1, limit):
        eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
        ctx.expect_ok(attach_eni(ctx, eni, inst["InstanceId"], index=index), f"attaching interface {index + 1}")
    extra = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    ctx.expect_error(attach_eni(ctx, extra, inst["InstanceId"], index=limit, fixture=False),
                     "AttachmentLimitExceeded", 400)


@eni_case("groups-per-interface-limit", ["ModifyNetworkInterfaceAttribute"], QUOTAS, severity="advisory")
def eni_groups_limit(ctx: CaseContext) -> None:
    """An interface takes at most 5 security groups (the default quota): 6 are refused with
    SecurityGroupsPerInterfaceLimitExceeded."""
    net = make_network(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    groups = [make_sg(ctx, net.vpc) for _ in range(6)]
    ctx.expect_error(ctx.call(SVC, "ModifyNetworkInterfaceAttribute", NetworkInterfaceId=eni, Groups=groups),
                     "SecurityGroupsPerInterfaceLimitExceeded", 400)


# -- dependencies ---------------------------------------------------------------------------------------
@sg_case("delete-group-used-by-interface-refused", ["DeleteSecurityGroup"], api("DeleteSecurityGroup"))
def sg_delete_in_use(ctx: CaseContext) -> None:
    """A group that a network interface uses cannot be deleted: DependencyViolation, and the group stays."""
    net = make_network(ctx)
    sg = make_sg(ctx, net.vpc)
    make_eni(ctx, net.subnet, Groups=[sg])
    ctx.expect_error(ctx.call(SVC, "DeleteSecurityGroup", GroupId=sg), "DependencyViolation", 400)
    first(ctx, "DescribeSecurityGroups", "SecurityGroups", GroupIds=[sg])


@sg_case("rule-naming-group-of-other-vpc-refused", ["AuthorizeSecurityGroupIngress"], SG_RULES, severity="advisory")
def sg_other_vpc_reference(ctx: CaseContext) -> None:
    """A rule may name a group of the same VPC (or a peered one) only: a group of an unrelated VPC
    is refused (HTTP 400)."""
    sg = make_sg(ctx, make_network(ctx).vpc)
    other = make_sg(ctx, make_network(ctx, cidr="10.1.0.0/16", subnet_cidr="10.1.0.0/24").vpc)
    reply = ctx.call(SVC, "AuthorizeSecurityGroupIngress", GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": other}]}])
    ctx.expect_error(reply, None, 400)


# -- hot, warm and cold attachment; all-protocol rules -------------------------------------------------------
@eni_case("warm-attach-to-stopped-instance", ["AttachNetworkInterface"], ENI)
def eni_warm_attach(ctx: CaseContext) -> None:
    """An interface may be attached to a stopped instance (warm attach): the interface is then in-use
    on that instance at the index asked for."""
    net = make_network(ctx)
    inst = stopped_instance(ctx, net)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    ctx.expect_ok(attach_eni(ctx, eni, inst["InstanceId"], index=1))
    got = poll(ctx, lambda: _interface(ctx, eni), lambda i: i.get("Status") == "in-use", within=30)
    attachment = got.get("Attachment") or {}
    ctx.equal((got.get("Status"), attachment.get("InstanceId"), attachment.get("DeviceIndex")),
              ("in-use", inst["InstanceId"], 1), "(Status, InstanceId, DeviceIndex)")


@eni_case("cold-attach-at-launch", ["RunInstances", "DescribeInstances"], ENI)
def eni_cold_attach(ctx: CaseContext) -> None:
    """An instance launched with two interfaces (device indexes 0 and 1, the second an existing
    interface) lists both, at those indexes; the one made at launch is deleted on termination, the
    existing one is not."""
    net = make_network(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    inst = create(ctx, INSTANCE, {  # no top-level SubnetId: the interfaces name it (AWS refuses both)
        "ImageId": find_ami(ctx), "InstanceType": INSTANCE_TYPE, "MinCount": 1, "MaxCount": 1, "NetworkInterfaces": [
            {"DeviceIndex": 0, "SubnetId": net.subnet, "DeleteOnTermination": True},
            {"DeviceIndex": 1, "NetworkInterfaceId": eni}]})["Instances"][0]
    got = instance(ctx, inst["InstanceId"])
    listed = sorted(((e.get("Attachment") or {}).get("DeviceIndex"), e.get("NetworkInterfaceId") == eni,
                     (e.get("Attachment") or {}).get("DeleteOnTermination")) for e in got.get("NetworkInterfaces") or [])
    ctx.equal(listed, [(0, False, True), (1, True, False)], "(DeviceIndex, the existing interface, DeleteOnTermination)")


@sg_case("all-protocols-rule-has-no-ports", ["AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"],
         api("IpPermission"), severity="advisory")
def sg_all_protocols(ctx: CaseContext) -> None:
    """IpProtocol -1 allows every protocol on every port, whatever ports are given: the rule is
    described with IpProtocol -1 and no port range."""
    sg = make_sg(ctx, make_network(ctx).vpc)
    ctx.expect_ok(ctx.call(SVC, "AuthorizeSecurityGroupIngress", GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]))
    group = first(ctx, "DescribeSecurityGroups", "SecurityGroups", GroupIds=[sg])
    ctx.equal([(p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort")) for p in group.get("IpPermissions") or []],
              [("-1", None, None)], "(IpProtocol, FromPort, ToPort) of the rule")
