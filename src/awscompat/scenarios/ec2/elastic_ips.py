"""Elastic IP addresses with a running instance, what data cannot say (waiting for the instance to
run; the rest is cases/ec2/elastic-ips.yaml): associating with an instance, and the address
becoming the instance's public IPv4 address. Every address is released at teardown."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import EIP, api
from awscompat.scenarios.ec2._fixtures import (
    associate_eip,
    first,
    instance,
    make_eip,
    make_network,
    poll,
    primary_eni,
    running_instance,
)


def address(ctx: CaseContext, allocation: str) -> dict:
    return first(ctx, "DescribeAddresses", "Addresses", AllocationIds=[allocation])


@scenario(id="ec2/scenario/elastic-ips/associate-instance", feature="ec2/elastic-ips",
          operations=["AssociateAddress", "DescribeAddresses"], provenance=api("AssociateAddress"), timeout=240)
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


@scenario(id="ec2/scenario/elastic-ips/instance-public-ip-is-address", feature="ec2/elastic-ips",
          operations=["AssociateAddress", "DescribeInstances"], provenance=EIP, severity="advisory", timeout=240)
def instance_public_ip(ctx: CaseContext) -> None:
    """Once associated, the address is the instance's public IPv4 address."""
    inst, _ = running_instance(ctx, make_network(ctx, igw=True))
    eip = make_eip(ctx)
    associate_eip(ctx, eip["AllocationId"], InstanceId=inst["InstanceId"])
    got = poll(ctx, lambda: instance(ctx, inst["InstanceId"]), lambda i: i.get("PublicIpAddress") == eip["PublicIp"],
               within=30)
    ctx.equal(got.get("PublicIpAddress"), eip["PublicIp"], "PublicIpAddress")
