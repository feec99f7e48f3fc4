"""Elastic IP addresses: allocating in the VPC domain, associating with an instance or a network
interface (which needs an internet gateway on the VPC), reassociation, disassociating, releasing
(refused while associated), and describing. Every address is released at teardown."""

from __future__ import annotations

import ipaddress
import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import EIP, ERRORS, api, cases
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    associate_eip,
    expect_gone,
    first,
    instance,
    make_eip,
    make_eni,
    make_network,
    poll,
    primary_eni,
    running_instance,
    tags_of,
)
from awscompat.scenarios.ec2._ledger import ELASTIC_IP, SVC, create

eip_case = cases("elastic-ips", timeout=60)


def address(ctx: CaseContext, allocation: str) -> dict:
    return first(ctx, "DescribeAddresses", "Addresses", AllocationIds=[allocation])


def eni_with_address(ctx: CaseContext) -> tuple[dict, dict]:
    """An address associated with a new interface in a VPC with an internet gateway: (eni, address)."""
    net = make_network(ctx, igw=True)
    eni = make_eni(ctx, net.subnet)
    eip = make_eip(ctx)
    associate_eip(ctx, eip["AllocationId"], NetworkInterfaceId=eni["NetworkInterfaceId"])
    return eni, eip


@eip_case("allocate-answer", ["AllocateAddress"], api("AllocateAddress"))
def allocate(ctx: CaseContext) -> None:
    """AllocateAddress in the vpc domain answers an eipalloc-... id and a public IPv4 address."""
    reply = ctx.expect_ok(create(ctx, ELASTIC_IP, {"Domain": "vpc"}, fixture=False))
    ctx.check(re.fullmatch(r"eipalloc-[0-9a-f]{8,17}", reply.get("AllocationId", "")), "AllocationId is not eipalloc-<hex>",
              expected="eipalloc-<hex>", observed=reply.get("AllocationId"), reply=reply)
    try:
        ip = ipaddress.IPv4Address(reply.get("PublicIp", ""))
    except ValueError:
        ip = None
    ctx.check(ip is not None, "PublicIp is not an IPv4 address", expected="a.b.c.d", observed=reply.get("PublicIp"))
    ctx.equal(reply.get("Domain"), "vpc", "Domain", reply)


@eip_case("describe-by-allocation-id", ["DescribeAddresses"], api("DescribeAddresses"))
def describe(ctx: CaseContext) -> None:
    """DescribeAddresses by AllocationId gives the address, unassociated."""
    eip = make_eip(ctx)
    got = address(ctx, eip["AllocationId"])
    ctx.equal((got.get("PublicIp"), got.get("Domain"), got.get("AssociationId")), (eip["PublicIp"], "vpc", None),
              "(PublicIp, Domain, AssociationId)")


@eip_case("filter-public-ip", ["DescribeAddresses"], api("DescribeAddresses"))
def filter_public_ip(ctx: CaseContext) -> None:
    """The public-ip filter finds the address."""
    eip = make_eip(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeAddresses", Filters=[{"Name": "public-ip", "Values": [eip["PublicIp"]]}]))
    ctx.equal([a.get("AllocationId") for a in reply.get("Addresses") or []], [eip["AllocationId"]], "addresses", reply)


@eip_case("tags-on-create", ["AllocateAddress", "DescribeAddresses"], api("AllocateAddress"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the described address."""
    eip = make_eip(ctx, TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": [{"Key": "use", "Value": "nat"}]}])
    ctx.equal(tags_of(address(ctx, eip["AllocationId"])).get("use"), "nat", "tag use")


@eip_case("associate-instance", ["AssociateAddress", "DescribeAddresses"], api("AssociateAddress"), timeout=240)
def associate_instance(ctx: CaseContext) -> None:
    """An address associated with a running instance answers an eipassoc-... id and is then
    described with the instance, its primary interface and private address."""
    inst, _ = running_instance(ctx, make_network(ctx, igw=True))
    eip = make_eip(ctx)
    reply = ctx.expect_ok(associate_eip(ctx, eip["AllocationId"], fixture=False, InstanceId=inst["InstanceId"]))
    ctx.check(str(reply.get("AssociationId", "")).startswith("eipassoc-"), "AssociationId is not eipassoc-...",
              expected="eipassoc-...", observed=reply.get("AssociationId"), reply=reply)
    got = address(ctx, eip["AllocationId"])
    primary = primary_eni(ctx, inst)
    ctx.equal((got.get("InstanceId"), got.get("NetworkInterfaceId"), got.get("PrivateIpAddress"), got.get("AssociationId")),
              (inst["InstanceId"], primary["NetworkInterfaceId"], inst["PrivateIpAddress"], reply.get("AssociationId")),
              "(InstanceId, NetworkInterfaceId, PrivateIpAddress, AssociationId)")


@eip_case("instance-public-ip-is-address", ["AssociateAddress", "DescribeInstances"], EIP, "advisory", timeout=240)
def instance_public_ip(ctx: CaseContext) -> None:
    """Once associated, the address is the instance's public IPv4 address."""
    inst, _ = running_instance(ctx, make_network(ctx, igw=True))
    eip = make_eip(ctx)
    associate_eip(ctx, eip["AllocationId"], InstanceId=inst["InstanceId"])
    got = poll(ctx, lambda: instance(ctx, inst["InstanceId"]), lambda i: i.get("PublicIpAddress") == eip["PublicIp"],
               within=30)
    ctx.equal(got.get("PublicIpAddress"), eip["PublicIp"], "PublicIpAddress")


@eip_case("associate-interface", ["AssociateAddress", "DescribeAddresses"], api("AssociateAddress"))
def associate_interface(ctx: CaseContext) -> None:
    """An address associated with a network interface is described with it and its primary private address."""
    eni, eip = eni_with_address(ctx)
    got = address(ctx, eip["AllocationId"])
    ctx.equal((got.get("NetworkInterfaceId"), got.get("PrivateIpAddress")),
              (eni["NetworkInterfaceId"], eni["PrivateIpAddress"]), "(NetworkInterfaceId, PrivateIpAddress)")


@eip_case("interface-shows-association", ["AssociateAddress", "DescribeNetworkInterfaces"], api("NetworkInterfaceAssociation"))
def interface_association(ctx: CaseContext) -> None:
    """The interface's Association names the public address and its allocation."""
    eni, eip = eni_with_address(ctx)
    got = first(ctx, "DescribeNetworkInterfaces", "NetworkInterfaces", NetworkInterfaceIds=[eni["NetworkInterfaceId"]])
    assoc = got.get("Association") or {}
    ctx.equal((assoc.get("PublicIp"), assoc.get("AllocationId")), (eip["PublicIp"], eip["AllocationId"]),
              "(Association.PublicIp, Association.AllocationId)")


@eip_case("reassociate-needs-allow", ["AssociateAddress"], api("AssociateAddress"), "advisory")
def reassociate_refused(ctx: CaseContext) -> None:
    """An address associated with one interface is not moved to another without AllowReassociation:
    Resource.AlreadyAssociated."""
    eni, eip = eni_with_address(ctx)
    other = make_eni(ctx, eni["SubnetId"])
    reply = associate_eip(ctx, eip["AllocationId"], fixture=False, NetworkInterfaceId=other["NetworkInterfaceId"],
                          AllowReassociation=False)
    ctx.expect_error(reply, "Resource.AlreadyAssociated", 400)


@eip_case("reassociate-allowed", ["AssociateAddress", "DescribeAddresses"], api("AssociateAddress"))
def reassociate_allowed(ctx: CaseContext) -> None:
    """With AllowReassociation the address moves to the other interface."""
    eni, eip = eni_with_address(ctx)
    other = make_eni(ctx, eni["SubnetId"])
    ctx.expect_ok(associate_eip(ctx, eip["AllocationId"], fixture=False, NetworkInterfaceId=other["NetworkInterfaceId"],
                                AllowReassociation=True))
    ctx.equal(address(ctx, eip["AllocationId"]).get("NetworkInterfaceId"), other["NetworkInterfaceId"],
              "NetworkInterfaceId")


@eip_case("disassociate", ["DisassociateAddress", "DescribeAddresses"], api("DisassociateAddress"))
def disassociate(ctx: CaseContext) -> None:
    """After DisassociateAddress the address has no association, interface or instance."""
    _, eip = eni_with_address(ctx)
    assoc = address(ctx, eip["AllocationId"])["AssociationId"]
    ctx.expect_ok(ctx.call(SVC, "DisassociateAddress", AssociationId=assoc))
    got = address(ctx, eip["AllocationId"])
    left = {k: got[k] for k in ("AssociationId", "NetworkInterfaceId", "InstanceId") if got.get(k)}
    ctx.equal(left, {}, "association fields left on the address")


@eip_case("release-associated-refused", ["ReleaseAddress"], api("ReleaseAddress"))
def release_associated(ctx: CaseContext) -> None:
    """In a VPC that is not default, an associated address cannot be released: InvalidIPAddress.InUse."""
    _, eip = eni_with_address(ctx)
    ctx.expect_error(ctx.call(SVC, "ReleaseAddress", AllocationId=eip["AllocationId"]), "InvalidIPAddress.InUse", 400)


@eip_case("release-then-not-found", ["ReleaseAddress", "DescribeAddresses"], ERRORS)
def release(ctx: CaseContext) -> None:
    """After ReleaseAddress, describing the allocation answers InvalidAllocationID.NotFound."""
    eip = make_eip(ctx)
    ctx.expect_ok(ctx.call(SVC, "ReleaseAddress", AllocationId=eip["AllocationId"]))
    expect_gone(ctx, "DescribeAddresses", "InvalidAllocationID.NotFound", AllocationIds=[eip["AllocationId"]])


@eip_case("associate-without-gateway-refused", ["AssociateAddress"], ERRORS, "advisory")
def without_gateway(ctx: CaseContext) -> None:
    """An address cannot be associated in a VPC that has no internet gateway: Gateway.NotAttached."""
    eni = make_eni(ctx, make_network(ctx).subnet)
    reply = associate_eip(ctx, make_eip(ctx)["AllocationId"], fixture=False, NetworkInterfaceId=eni["NetworkInterfaceId"])
    ctx.expect_error(reply, "Gateway.NotAttached", 400)


@eip_case("disassociate-unknown-refused", ["DisassociateAddress"], ERRORS, "advisory")
def disassociate_unknown(ctx: CaseContext) -> None:
    """Disassociating an association id that names nothing answers InvalidAssociationID.NotFound."""
    reply = ctx.call(SVC, "DisassociateAddress", AssociationId=absent_id("eipassoc"))
    ctx.expect_error(reply, "InvalidAssociationID.NotFound", 400)
