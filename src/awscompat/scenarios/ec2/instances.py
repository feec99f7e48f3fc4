"""Instances, what data cannot say yet (the lifecycle cases are data: cases/ec2/instances.yaml):
state codes judged on their low byte only (stop-reaches-stopped, terminated-still-described), a
private DNS name derived from the answer's own address, and a root volume followed after a
terminate waited for as a precondition (skipped when the launch marks none DeleteOnTermination).

Each scenario runs one t3.micro in a VPC of its own; polls are bounded and teardown terminates
every instance and waits until it is terminated."""

from __future__ import annotations

import re

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import (
    instance,
    make_instance,
    poll,
    running_instance,
    wait_instance,
)
from awscompat.scenarios.ec2._ledger import SVC

CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
LIFECYCLE = docs("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html")
TERMINATING = docs("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/terminating-instances.html")
INSTANCE = docs("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html")


def check_codes(ctx: CaseContext, *states: dict) -> None:
    """Every State seen has the code the API reference gives its name (low byte only)."""
    bad = [(s.get("Name"), s.get("Code")) for s in states
           if s.get("Name") not in CODES or (s.get("Code", -1) & 0xFF) != CODES[s["Name"]]]
    ctx.equal(bad, [], "states whose code does not match their name")


@scenario(id="ec2/scenario/instances/stop-reaches-stopped", feature="ec2/instances",
          operations=["StopInstances", "DescribeInstances"], provenance=LIFECYCLE, timeout=240)
def reaches_stopped(ctx: CaseContext) -> None:
    """A stopped instance reaches state stopped (code 80)."""
    inst, _ = running_instance(ctx)
    ctx.expect_ok(ctx.call(SVC, "StopInstances", InstanceIds=[inst["InstanceId"]]))
    got = wait_instance(ctx, inst["InstanceId"], "stopped", within=100)
    check_codes(ctx, got["State"])


@scenario(id="ec2/scenario/instances/terminated-still-described", feature="ec2/instances",
          operations=["TerminateInstances", "DescribeInstances"], provenance=LIFECYCLE, timeout=240)
def terminated_described(ctx: CaseContext) -> None:
    """A terminated instance reaches state terminated and is still described for a while."""
    inst, _ = make_instance(ctx)
    ctx.expect_ok(ctx.call(SVC, "TerminateInstances", InstanceIds=[inst["InstanceId"]]))
    got = wait_instance(ctx, inst["InstanceId"], "terminated", within=100)
    check_codes(ctx, got["State"])


@scenario(id="ec2/scenario/instances/launch-time-and-dns-name", feature="ec2/instances",
          operations=["RunInstances", "DescribeInstances"], provenance=INSTANCE, severity="advisory", timeout=60)
def launch_time_dns(ctx: CaseContext) -> None:
    """The instance has a LaunchTime and a private DNS name ip-<a-b-c-d>.<region's internal domain>."""
    inst, _ = make_instance(ctx)
    got = poll(ctx, lambda: instance(ctx, inst["InstanceId"]), lambda i: bool(i.get("PrivateDnsName")), within=20)
    ip = (got.get("PrivateIpAddress") or "").replace(".", "-")
    ctx.check(got.get("LaunchTime"), "no LaunchTime", expected="a timestamp", observed=None)
    ctx.check(re.fullmatch(rf"ip-{ip}\.({ctx.region}\.compute|ec2)\.internal", got.get("PrivateDnsName") or ""),
              "PrivateDnsName is not ip-<address>.<internal domain>", expected=f"ip-{ip}....internal",
              observed=got.get("PrivateDnsName"))


@scenario(id="ec2/scenario/instances/root-volume-deleted-on-termination", feature="ec2/instances",
          operations=["TerminateInstances", "DescribeVolumes"], provenance=TERMINATING, severity="advisory", timeout=240)
def root_volume_deleted(ctx: CaseContext) -> None:
    """A root volume marked DeleteOnTermination goes away with its terminated instance."""
    inst, _ = running_instance(ctx)
    roots = [(m.get("Ebs") or {}).get("VolumeId") for m in inst.get("BlockDeviceMappings") or []
             if (m.get("Ebs") or {}).get("DeleteOnTermination")]
    if not roots:
        ctx.skip("the instance has no volume marked DeleteOnTermination")
    ctx.expect_ok(ctx.call(SVC, "TerminateInstances", InstanceIds=[inst["InstanceId"]]))
    wait_instance(ctx, inst["InstanceId"], "terminated", within=120, need=True)

    def gone(reply) -> bool:
        vols = reply.get("Volumes") or [] if reply.ok else []
        return not reply.ok or not vols or vols[0].get("State") in ("deleting", "deleted")

    reply = poll(ctx, lambda: ctx.call(SVC, "DescribeVolumes", VolumeIds=[roots[0]]), gone, within=60)
    ctx.check(gone(reply) and (reply.ok or reply.code == "InvalidVolume.NotFound"), "the root volume is still there",
              expected="InvalidVolume.NotFound or state deleting", observed=reply.parsed if reply.ok else reply.describe(),
              reply=reply)
