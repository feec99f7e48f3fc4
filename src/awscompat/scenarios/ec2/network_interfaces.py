"""Network interfaces: what CreateNetworkInterface answers, private addresses (chosen, requested,
outside the subnet, in use, reserved, secondary), security groups, attaching to an instance and
detaching, an instance's primary interface, attributes, filters, and deletion."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ENI, ERRORS, SUBNET_SIZING, api, cases
from awscompat.scenarios.ec2._fixtures import (
    attach_eni,
    default_group,
    expect_gone,
    first,
    in_cidr,
    make_eni,
    make_network,
    make_sg,
    poll,
    primary_eni,
    running_instance,
    tags_of,
)
from awscompat.scenarios.ec2._ledger import NETWORK_INTERFACE, SVC, create

eni_case = cases("network-interfaces", timeout=60)


def interface(ctx: CaseContext, eni: str) -> dict:
    return first(ctx, "DescribeNetworkInterfaces", "NetworkInterfaces", NetworkInterfaceIds=[eni])


def try_eni(ctx: CaseContext, subnet: str, **params):
    return create(ctx, NETWORK_INTERFACE, {"SubnetId": subnet, **params}, fixture=False)


def attached(ctx: CaseContext) -> tuple[dict, str, str]:
    """A running instance with a second interface attached at device index 1: (instance, eni, AttachmentId)."""
    inst, net = running_instance(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    attachment = attach_eni(ctx, eni, inst["InstanceId"])["AttachmentId"]
    return inst, eni, attachment


@eni_case("create-answer", ["CreateNetworkInterface"], api("NetworkInterface"))
def create_answer(ctx: CaseContext) -> None:
    """CreateNetworkInterface answers an available eni-... interface of type interface in the subnet,
    its VPC and zone, with a private address inside the subnet, a MAC address and source/dest check on."""
    net = make_network(ctx)
    eni = ctx.expect_ok(try_eni(ctx, net.subnet))["NetworkInterface"]
    observed = {k: eni.get(k) for k in ("SubnetId", "VpcId", "AvailabilityZone", "InterfaceType", "SourceDestCheck")}
    ctx.equal(observed, {"SubnetId": net.subnet, "VpcId": net.vpc, "AvailabilityZone": net.az, "InterfaceType": "interface",
                         "SourceDestCheck": True}, "the interface")
    ctx.check(re.fullmatch(r"eni-[0-9a-f]{8,17}", eni.get("NetworkInterfaceId", "")), "NetworkInterfaceId is not eni-<hex>",
              expected="eni-<hex>", observed=eni.get("NetworkInterfaceId"))
    ctx.check(in_cidr(eni.get("PrivateIpAddress"), net.subnet_cidr), "PrivateIpAddress outside the subnet",
              expected=net.subnet_cidr, observed=eni.get("PrivateIpAddress"))
    ctx.check(re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", eni.get("MacAddress", "")), "MacAddress",
              expected="aa:bb:cc:dd:ee:ff", observed=eni.get("MacAddress"))


@eni_case("becomes-available", ["CreateNetworkInterface", "DescribeNetworkInterfaces"], api("NetworkInterface"))
def available(ctx: CaseContext) -> None:
    """A new interface is available (not attached)."""
    eni = make_eni(ctx, make_network(ctx).subnet)["NetworkInterfaceId"]
    got = poll(ctx, lambda: interface(ctx, eni), lambda i: i.get("Status") == "available", within=20)
    ctx.equal((got.get("Status"), got.get("Attachment")), ("available", None), "(Status, Attachment)")


@eni_case("private-ip-as-requested", ["CreateNetworkInterface"], api("CreateNetworkInterface"))
def requested_ip(ctx: CaseContext) -> None:
    """PrivateIpAddress gives the interface that address."""
    eni = make_eni(ctx, make_network(ctx).subnet, PrivateIpAddress="10.0.0.50")
    ctx.equal(eni.get("PrivateIpAddress"), "10.0.0.50", "PrivateIpAddress")


def _ip_refused(name: str, ip: str, code: str | None, severity: str, doc: str, first_owner: bool = False) -> None:
    def run(ctx: CaseContext) -> None:
        net = make_network(ctx)
        if first_owner:
            make_eni(ctx, net.subnet, PrivateIpAddress=ip)
        ctx.expect_error(try_eni(ctx, net.subnet, PrivateIpAddress=ip), code, 400)

    run.__doc__ = doc
    eni_case(name, ["CreateNetworkInterface"], ERRORS if first_owner else SUBNET_SIZING, severity)(run)


_ip_refused("ip-in-use-refused", "10.0.0.60", "InvalidIPAddress.InUse", "required",
            "An address another interface holds is refused with InvalidIPAddress.InUse.", first_owner=True)
_ip_refused("ip-outside-subnet-refused", "10.0.1.10", "InvalidParameterValue", "advisory",
            "An address outside the subnet's block is refused with InvalidParameterValue.")
_ip_refused("reserved-ip-refused", "10.0.0.1", None, "advisory",
            "The subnet's first addresses are reserved by AWS: asking for .1 is refused.")


@eni_case("secondary-addresses-at-create", ["CreateNetworkInterface"], api("CreateNetworkInterface"))
def secondary_at_create(ctx: CaseContext) -> None:
    """SecondaryPrivateIpAddressCount=2 gives three addresses in the subnet, exactly one primary."""
    net = make_network(ctx)
    eni = make_eni(ctx, net.subnet, SecondaryPrivateIpAddressCount=2)
    addrs = eni.get("PrivateIpAddresses") or []
    ctx.equal(sorted(bool(a.get("Primary")) for a in addrs), [False, False, True], "Primary flags")
    ctx.check(all(in_cidr(a.get("PrivateIpAddress"), net.subnet_cidr) for a in addrs), "an address is outside the subnet",
              expected=net.subnet_cidr, observed=addrs)


@eni_case("assign-and-unassign-addresses", ["AssignPrivateIpAddresses", "UnassignPrivateIpAddresses"],
          api("AssignPrivateIpAddresses"))
def assign_unassign(ctx: CaseContext) -> None:
    """AssignPrivateIpAddresses adds a secondary address; unassigning it leaves only the primary one."""
    eni = make_eni(ctx, make_network(ctx).subnet)["NetworkInterfaceId"]
    ctx.expect_ok(ctx.call(SVC, "AssignPrivateIpAddresses", NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=1))
    addrs = interface(ctx, eni).get("PrivateIpAddresses") or []
    ctx.equal(sorted(bool(a.get("Primary")) for a in addrs), [False, True], "Primary flags after assigning")
    added = [a["PrivateIpAddress"] for a in addrs if not a.get("Primary")]
    ctx.expect_ok(ctx.call(SVC, "UnassignPrivateIpAddresses", NetworkInterfaceId=eni, PrivateIpAddresses=added))
    ctx.equal([a.get("Primary") for a in interface(ctx, eni).get("PrivateIpAddresses") or []], [True], "addresses left")


@eni_case("assign-answer-names-new-address", ["AssignPrivateIpAddresses"], api("AssignPrivateIpAddresses"), "advisory")
def assign_answer(ctx: CaseContext) -> None:
    """AssignPrivateIpAddresses answers the address it assigned, not the interface's others."""
    eni = make_eni(ctx, make_network(ctx).subnet)
    reply = ctx.expect_ok(ctx.call(SVC, "AssignPrivateIpAddresses", NetworkInterfaceId=eni["NetworkInterfaceId"],
                                   SecondaryPrivateIpAddressCount=1))
    added = [a.get("PrivateIpAddress") for a in reply.get("AssignedPrivateIpAddresses") or []]
    ctx.check(len(added) == 1 and eni["PrivateIpAddress"] not in added, "AssignedPrivateIpAddresses",
              expected="the one new address", observed=added, reply=reply)


@eni_case("default-security-group", ["CreateNetworkInterface"], api("CreateNetworkInterface"))
def in_default_group(ctx: CaseContext) -> None:
    """Created without groups, the interface is in its VPC's default security group."""
    net = make_network(ctx)
    default = default_group(ctx, net.vpc)
    eni = make_eni(ctx, net.subnet)
    ctx.equal([g.get("GroupId") for g in eni.get("Groups") or []], [default["GroupId"]], "the interface's groups")


@eni_case("groups-as-requested", ["CreateNetworkInterface", "ModifyNetworkInterfaceAttribute"],
          api("ModifyNetworkInterfaceAttribute"))
def groups(ctx: CaseContext) -> None:
    """Groups given at creation are the interface's; ModifyNetworkInterfaceAttribute Groups replaces them."""
    net = make_network(ctx)
    a, b = make_sg(ctx, net.vpc), make_sg(ctx, net.vpc)
    eni = make_eni(ctx, net.subnet, Groups=[a])
    ctx.equal([g.get("GroupId") for g in eni.get("Groups") or []], [a], "groups at creation")
    ctx.expect_ok(ctx.call(SVC, "ModifyNetworkInterfaceAttribute", NetworkInterfaceId=eni["NetworkInterfaceId"], Groups=[b]))
    ctx.equal([g.get("GroupId") for g in interface(ctx, eni["NetworkInterfaceId"]).get("Groups") or []], [b],
              "groups after the change")


def _modify(name: str, param: dict, field: str, value, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        eni = make_eni(ctx, make_network(ctx).subnet)["NetworkInterfaceId"]
        ctx.expect_ok(ctx.call(SVC, "ModifyNetworkInterfaceAttribute", NetworkInterfaceId=eni, **param))
        got = interface(ctx, eni).get(field)
        ctx.equal(got if not isinstance(got, dict) else got.get("Value"), value, field)

    run.__doc__ = doc
    eni_case(name, ["ModifyNetworkInterfaceAttribute", "DescribeNetworkInterfaces"],
             api("ModifyNetworkInterfaceAttribute"))(run)


_modify("modify-source-dest-check", {"SourceDestCheck": {"Value": False}}, "SourceDestCheck", False,
        "ModifyNetworkInterfaceAttribute SourceDestCheck=false turns the check off.")
_modify("modify-description", {"Description": {"Value": "frontend"}}, "Description", "frontend",
        "ModifyNetworkInterfaceAttribute Description is the interface's description.")


@eni_case("tags-on-create", ["CreateNetworkInterface", "DescribeNetworkInterfaces"], api("CreateNetworkInterface"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the described interface."""
    eni = make_eni(ctx, make_network(ctx).subnet, TagSpecifications=[
        {"ResourceType": "network-interface", "Tags": [{"Key": "tier", "Value": "app"}]}])["NetworkInterfaceId"]
    ctx.equal(tags_of(interface(ctx, eni)).get("tier"), "app", "tag tier")


@eni_case("filter-subnet-id", ["DescribeNetworkInterfaces"], api("DescribeNetworkInterfaces"))
def filter_subnet(ctx: CaseContext) -> None:
    """The subnet-id filter lists the subnet's interfaces."""
    net = make_network(ctx)
    made = sorted(make_eni(ctx, net.subnet)["NetworkInterfaceId"] for _ in range(2))
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeNetworkInterfaces", Filters=[{"Name": "subnet-id", "Values": [net.subnet]}]))
    ctx.equal(sorted(i["NetworkInterfaceId"] for i in reply.get("NetworkInterfaces") or []), made, "interfaces", reply)


@eni_case("instance-primary-interface", ["DescribeNetworkInterfaces"], ENI, timeout=240)
def primary(ctx: CaseContext) -> None:
    """An instance's primary interface is in-use, at device index 0, deleted on termination."""
    inst, _ = running_instance(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeNetworkInterfaces", Filters=[
        {"Name": "attachment.instance-id", "Values": [inst["InstanceId"]]}]))
    got = [(i.get("Status"), (i.get("Attachment") or {}).get("DeviceIndex"), (i.get("Attachment") or {}).get("DeleteOnTermination"))
           for i in reply.get("NetworkInterfaces") or []]
    ctx.equal(got, [("in-use", 0, True)], "(Status, DeviceIndex, DeleteOnTermination)", reply)


@eni_case("attach-to-instance", ["AttachNetworkInterface", "DescribeNetworkInterfaces"], api("AttachNetworkInterface"),
          timeout=240)
def attach(ctx: CaseContext) -> None:
    """AttachNetworkInterface answers an eni-attach-... id; the interface is then in-use on the
    instance at the device index asked for."""
    inst, net = running_instance(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    reply = ctx.expect_ok(attach_eni(ctx, eni, inst["InstanceId"], fixture=False))
    ctx.check(str(reply.get("AttachmentId", "")).startswith("eni-attach-"), "AttachmentId is not eni-attach-...",
              expected="eni-attach-...", observed=reply.get("AttachmentId"), reply=reply)
    got = poll(ctx, lambda: interface(ctx, eni), lambda i: i.get("Status") == "in-use", within=30)
    att = got.get("Attachment") or {}
    ctx.equal((got.get("Status"), att.get("InstanceId"), att.get("DeviceIndex")), ("in-use", inst["InstanceId"], 1),
              "(Status, Attachment.InstanceId, Attachment.DeviceIndex)")


@eni_case("detach-from-instance", ["DetachNetworkInterface", "DescribeNetworkInterfaces"], api("DetachNetworkInterface"),
          timeout=240)
def detach(ctx: CaseContext) -> None:
    """After DetachNetworkInterface the interface is available again."""
    _, eni, attachment = attached(ctx)
    poll(ctx, lambda: interface(ctx, eni), lambda i: i.get("Status") == "in-use", within=30)
    ctx.expect_ok(ctx.call(SVC, "DetachNetworkInterface", AttachmentId=attachment))
    got = poll(ctx, lambda: interface(ctx, eni), lambda i: i.get("Status") == "available", within=40)
    ctx.equal(got.get("Status"), "available", "Status")


@eni_case("delete-in-use-refused", ["DeleteNetworkInterface"], ERRORS, timeout=240)
def delete_in_use(ctx: CaseContext) -> None:
    """An attached interface cannot be deleted: InvalidNetworkInterface.InUse."""
    _, eni, _ = attached(ctx)
    ctx.expect_error(ctx.call(SVC, "DeleteNetworkInterface", NetworkInterfaceId=eni), "InvalidNetworkInterface.InUse", 400)


@eni_case("detach-primary-refused", ["DetachNetworkInterface"], ENI, "advisory", timeout=240)
def detach_primary(ctx: CaseContext) -> None:
    """An instance's primary interface cannot be detached: OperationNotPermitted."""
    inst, _ = running_instance(ctx)
    attachment = (primary_eni(ctx, inst).get("Attachment") or {}).get("AttachmentId")
    ctx.expect_error(ctx.call(SVC, "DetachNetworkInterface", AttachmentId=attachment), "OperationNotPermitted", 400)


@eni_case("attach-device-index-in-use-refused", ["AttachNetworkInterface"], api("AttachNetworkInterface"), "advisory",
          timeout=240)
def index_in_use(ctx: CaseContext) -> None:
    """An interface cannot be attached at a device index already in use (0 is the primary's)."""
    inst, net = running_instance(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    ctx.expect_error(attach_eni(ctx, eni, inst["InstanceId"], 0, fixture=False), status=400)


@eni_case("delete-then-not-found", ["DeleteNetworkInterface", "DescribeNetworkInterfaces"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteNetworkInterface, describing it answers InvalidNetworkInterfaceID.NotFound."""
    eni = make_eni(ctx, make_network(ctx).subnet)["NetworkInterfaceId"]
    ctx.expect_ok(ctx.call(SVC, "DeleteNetworkInterface", NetworkInterfaceId=eni))
    expect_gone(ctx, "DescribeNetworkInterfaces", "InvalidNetworkInterfaceID.NotFound", NetworkInterfaceIds=[eni])
