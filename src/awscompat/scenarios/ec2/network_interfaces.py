"""Network interfaces, what data cannot say (the rest is cases/ec2/network-interfaces.yaml): as many
interfaces attached as the instance type allows, a loop up to a limit the type describes."""

from __future__ import annotations

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import INSTANCE_TYPE, attach_eni, make_eni, running_instance
from awscompat.scenarios.ec2._ledger import SVC


@scenario(id="ec2/scenario/network-interfaces/attachment-limit-of-instance-type", feature="ec2/network-interfaces",
          operations=["DescribeInstanceTypes", "AttachNetworkInterface"], provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html"),
          severity="advisory", timeout=120)
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
