"""Network interfaces with a running instance, what data cannot say (waiting for the instance to run
and for attachments to settle; the rest is cases/ec2/network-interfaces.yaml): an instance's
primary interface, attaching and detaching, and what an attachment forbids."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ENI, ERRORS, api, ec2_guide
from awscompat.scenarios.ec2._fixtures import (
    INSTANCE_TYPE,
    attach_eni,
    first,
    make_eni,
    poll,
    primary_eni,
    running_instance,
)
from awscompat.scenarios.ec2._ledger import SVC


def eni_case(name: str, operations: list[str], provenance, severity: str = "required", **kw):
    return scenario(id=name, feature="ec2/network-interfaces", operations=operations, provenance=provenance,
                    severity=severity, **{"timeout": 60, **kw})


def interface(ctx: CaseContext, eni: str) -> dict:
    return first(ctx, "DescribeNetworkInterfaces", "NetworkInterfaces", NetworkInterfaceIds=[eni])


def attached(ctx: CaseContext) -> tuple[dict, str, str]:
    """A running instance with a second interface attached at device index 1: (instance, eni, AttachmentId)."""
    inst, net = running_instance(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    attachment = attach_eni(ctx, eni, inst["InstanceId"])["AttachmentId"]
    return inst, eni, attachment


@eni_case("ec2/scenario/network-interfaces/instance-primary-interface",
          ["DescribeNetworkInterfaces"], ENI, timeout=240)
def primary(ctx: CaseContext) -> None:
    """An instance's primary interface is in-use, at device index 0, deleted on termination."""
    inst, _ = running_instance(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeNetworkInterfaces", Filters=[
        {"Name": "attachment.instance-id", "Values": [inst["InstanceId"]]}]))
    got = [(i.get("Status"), (i.get("Attachment") or {}).get("DeviceIndex"), (i.get("Attachment") or {}).get("DeleteOnTermination"))
           for i in reply.get("NetworkInterfaces") or []]
    ctx.equal(got, [("in-use", 0, True)], "(Status, DeviceIndex, DeleteOnTermination)", reply)


@eni_case("ec2/scenario/network-interfaces/attach-to-instance",
          ["AttachNetworkInterface", "DescribeNetworkInterfaces"], api("AttachNetworkInterface"),
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


@eni_case("ec2/scenario/network-interfaces/detach-from-instance",
          ["DetachNetworkInterface", "DescribeNetworkInterfaces"], api("DetachNetworkInterface"),
          timeout=240)
def detach(ctx: CaseContext) -> None:
    """After DetachNetworkInterface the interface is available again."""
    _, eni, attachment = attached(ctx)
    poll(ctx, lambda: interface(ctx, eni), lambda i: i.get("Status") == "in-use", within=30)
    ctx.expect_ok(ctx.call(SVC, "DetachNetworkInterface", AttachmentId=attachment))
    got = poll(ctx, lambda: interface(ctx, eni), lambda i: i.get("Status") == "available", within=40)
    ctx.equal(got.get("Status"), "available", "Status")


@eni_case("ec2/scenario/network-interfaces/delete-in-use-refused",
          ["DeleteNetworkInterface"], ERRORS, timeout=240)
def delete_in_use(ctx: CaseContext) -> None:
    """An attached interface cannot be deleted: InvalidNetworkInterface.InUse."""
    _, eni, _ = attached(ctx)
    ctx.expect_error(ctx.call(SVC, "DeleteNetworkInterface", NetworkInterfaceId=eni), "InvalidNetworkInterface.InUse", 400)


@eni_case("ec2/scenario/network-interfaces/detach-primary-refused",
          ["DetachNetworkInterface"], ENI, "advisory", timeout=240)
def detach_primary(ctx: CaseContext) -> None:
    """An instance's primary interface cannot be detached: OperationNotPermitted."""
    inst, _ = running_instance(ctx)
    attachment = (primary_eni(ctx, inst).get("Attachment") or {}).get("AttachmentId")
    ctx.expect_error(ctx.call(SVC, "DetachNetworkInterface", AttachmentId=attachment), "OperationNotPermitted", 400)


@eni_case("ec2/scenario/network-interfaces/attach-device-index-in-use-refused",
          ["AttachNetworkInterface"], api("AttachNetworkInterface"), "advisory",
          timeout=240)
def index_in_use(ctx: CaseContext) -> None:
    """An interface cannot be attached at a device index already in use (0 is the primary's)."""
    inst, net = running_instance(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    ctx.expect_error(attach_eni(ctx, eni, inst["InstanceId"], 0, fixture=False), status=400)


@eni_case("ec2/scenario/network-interfaces/attachment-limit-of-instance-type",
          ["DescribeInstanceTypes", "AttachNetworkInterface"], ec2_guide("AvailableIpPerENI"), "advisory", timeout=120)
def attachment_limit(ctx: CaseContext) -> None:
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
