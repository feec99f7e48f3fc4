"""Instances, launching and the state machine: what RunInstances answers (pending, one primary
network interface with a private address inside its subnet, placement, tags), ClientToken
idempotency, counts, pending -> running -> stopping -> stopped -> pending -> running ->
shutting-down -> terminated with the documented state codes, and launches that are refused.

Each scenario runs one t3.micro (two where the count is tested) in a VPC of its own; polls are
bounded and teardown terminates every instance and waits until it is terminated."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ERRORS, IDEMPOTENCY, INSTANCE_LIFECYCLE, TERMINATING, api, cases
from awscompat.scenarios.ec2._fixtures import (
    INSTANCE_TYPE,
    absent_id,
    default_group,
    find_ami,
    first,
    in_cidr,
    instance,
    make_instance,
    make_network,
    make_sg,
    poll,
    run_instances,
    running_instance,
    stopped_instance,
    tags_of,
    wait_instance,
)
from awscompat.scenarios.ec2._ledger import SVC

CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
STATES = api("InstanceState")
inst_case = cases("instances", timeout=60)


def state_of(change: dict, which: str) -> tuple:
    s = change.get(which) or {}
    return s.get("Name"), s.get("Code")


def check_codes(ctx: CaseContext, *states: dict) -> None:
    """Every State seen has the code the API reference gives its name (low byte only)."""
    bad = [(s.get("Name"), s.get("Code")) for s in states
           if s.get("Name") not in CODES or (s.get("Code", -1) & 0xFF) != CODES[s["Name"]]]
    ctx.equal(bad, [], "states whose code does not match their name")


@inst_case("run-answer-pending", ["RunInstances"], INSTANCE_LIFECYCLE)
def run_answer(ctx: CaseContext) -> None:
    """RunInstances answers a reservation (r-...) of one instance (i-...) in state pending (code 0)."""
    net = make_network(ctx)
    reply = ctx.expect_ok(run_instances(ctx, net.subnet, fixture=False))
    insts = reply.get("Instances") or []
    ctx.equal(len(insts), 1, "instances answered", reply)
    ctx.check(re.fullmatch(r"r-[0-9a-f]{8,17}", reply.get("ReservationId", "")), "ReservationId is not r-<hex>",
              expected="r-<hex>", observed=reply.get("ReservationId"), reply=reply)
    ctx.check(re.fullmatch(r"i-[0-9a-f]{8,17}", insts[0].get("InstanceId", "")), "InstanceId is not i-<hex>",
              expected="i-<hex>", observed=insts[0].get("InstanceId"), reply=reply)
    ctx.equal(state_of(insts[0], "State"), ("pending", 0), "(State.Name, State.Code)", reply)


@inst_case("reaches-running", ["RunInstances", "DescribeInstances"], INSTANCE_LIFECYCLE, timeout=240)
def reaches_running(ctx: CaseContext) -> None:
    """A launched instance goes from pending to running (code 16)."""
    inst, _ = make_instance(ctx)
    got = wait_instance(ctx, inst["InstanceId"], "running", within=100)
    ctx.equal(state_of(got, "State"), ("running", 16), "(State.Name, State.Code)")


@inst_case("image-type-and-vpc", ["RunInstances", "DescribeInstances"], api("Instance"))
def image_type_vpc(ctx: CaseContext) -> None:
    """The instance has the image and type it was launched with, in the subnet's VPC."""
    inst, net = make_instance(ctx)
    got = instance(ctx, inst["InstanceId"])
    ctx.equal((got.get("ImageId"), got.get("InstanceType"), got.get("SubnetId"), got.get("VpcId")),
              (find_ami(ctx), INSTANCE_TYPE, net.subnet, net.vpc), "(ImageId, InstanceType, SubnetId, VpcId)")


@inst_case("one-primary-network-interface", ["RunInstances", "DescribeInstances"], api("InstanceNetworkInterface"))
def one_primary_eni(ctx: CaseContext) -> None:
    """The instance has exactly one network interface, at device index 0, in its subnet."""
    inst, net = make_instance(ctx)
    enis = instance(ctx, inst["InstanceId"]).get("NetworkInterfaces") or []
    ctx.equal([((e.get("Attachment") or {}).get("DeviceIndex"), e.get("SubnetId"), e.get("VpcId")) for e in enis],
              [(0, net.subnet, net.vpc)], "(DeviceIndex, SubnetId, VpcId) of the interfaces")


@inst_case("private-ip-inside-subnet", ["RunInstances", "DescribeInstances"], api("RunInstances"))
def private_ip(ctx: CaseContext) -> None:
    """The primary private IPv4 address is inside the subnet's block, is not one of the five AWS
    reserves, and is the primary interface's address."""
    inst, net = make_instance(ctx)
    got = instance(ctx, inst["InstanceId"])
    ip = got.get("PrivateIpAddress")
    ctx.check(in_cidr(ip, net.subnet_cidr), "PrivateIpAddress is outside the subnet", expected=net.subnet_cidr, observed=ip)
    ctx.check(int(ip.rsplit(".", 1)[1]) not in (0, 1, 2, 3, 255), "PrivateIpAddress is a reserved address",
              expected="not .0-.3 or .255", observed=ip)
    ctx.equal([e.get("PrivateIpAddress") for e in got.get("NetworkInterfaces") or []], [ip], "interface addresses")


@inst_case("private-ip-as-requested", ["RunInstances"], api("RunInstances"))
def private_ip_requested(ctx: CaseContext) -> None:
    """PrivateIpAddress at launch gives the instance that address."""
    inst, _ = make_instance(ctx, PrivateIpAddress="10.0.0.10")
    ctx.equal(instance(ctx, inst["InstanceId"]).get("PrivateIpAddress"), "10.0.0.10", "PrivateIpAddress")


@inst_case("placement-zone-of-subnet", ["RunInstances", "DescribeInstances"], api("Placement"))
def placement_zone(ctx: CaseContext) -> None:
    """The instance is placed in its subnet's Availability Zone."""
    inst, net = make_instance(ctx)
    ctx.equal((instance(ctx, inst["InstanceId"]).get("Placement") or {}).get("AvailabilityZone"), net.az,
              "Placement.AvailabilityZone")


@inst_case("tags-on-create", ["RunInstances", "DescribeInstances"], api("RunInstances"))
def tags_on_create(ctx: CaseContext) -> None:
    """Instance tags given with TagSpecifications are on the described instance."""
    inst, _ = make_instance(ctx, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}])
    ctx.equal(tags_of(instance(ctx, inst["InstanceId"])).get("role"), "web", "tag role")


@inst_case("volume-tags-on-create", ["RunInstances", "DescribeVolumes"], api("TagSpecification"), "advisory")
def volume_tags(ctx: CaseContext) -> None:
    """Volume tags given with TagSpecifications are on the instance's root volume."""
    inst, _ = make_instance(ctx, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "disk", "Value": "root"}]}])
    vol = first(ctx, "DescribeVolumes", "Volumes", Filters=[{"Name": "attachment.instance-id", "Values": [inst["InstanceId"]]}])
    ctx.equal(tags_of(vol).get("disk"), "root", "tag disk of the root volume")


@inst_case("client-token-idempotent", ["RunInstances"], IDEMPOTENCY)
def token_idempotent(ctx: CaseContext) -> None:
    """RunInstances repeated with the same ClientToken and parameters answers the same instance
    instead of launching another."""
    net = make_network(ctx)
    token = ctx.name("token", max_len=64)
    a = ctx.expect_ok(run_instances(ctx, net.subnet, fixture=False, ClientToken=token))
    b = ctx.expect_ok(run_instances(ctx, net.subnet, fixture=False, ClientToken=token))
    ids = lambda r: [i["InstanceId"] for i in r.get("Instances") or []]  # noqa: E731
    ctx.equal(ids(b), ids(a), "instances answered to the repeated request", b)


@inst_case("client-token-mismatch-refused", ["RunInstances"], IDEMPOTENCY)
def token_mismatch(ctx: CaseContext) -> None:
    """The same ClientToken with different parameters is refused with IdempotentParameterMismatch."""
    net = make_network(ctx)
    token = ctx.name("token", max_len=64)
    ctx.expect_ok(run_instances(ctx, net.subnet, fixture=False, ClientToken=token))
    reply = run_instances(ctx, net.subnet, fixture=False, ClientToken=token, PrivateIpAddress="10.0.0.20")
    ctx.expect_error(reply, "IdempotentParameterMismatch", 400)


@inst_case("count-two-one-reservation", ["RunInstances"], api("RunInstances"))
def count_two(ctx: CaseContext) -> None:
    """MinCount=MaxCount=2 launches two instances in one reservation, launch indexes 0 and 1."""
    net = make_network(ctx)
    reply = ctx.expect_ok(run_instances(ctx, net.subnet, fixture=False, MinCount=2, MaxCount=2))
    ctx.equal(sorted(i.get("AmiLaunchIndex") for i in reply.get("Instances") or []), [0, 1], "AmiLaunchIndex values", reply)


@inst_case("stop-answer", ["StopInstances"], STATES, timeout=240)
def stop_answer(ctx: CaseContext) -> None:
    """StopInstances of a running instance answers previous state running (16) and current state
    stopping (64) or already stopped (80)."""
    inst, _ = running_instance(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "StopInstances", InstanceIds=[inst["InstanceId"]]))
    change = (reply.get("StoppingInstances") or [{}])[0]
    ctx.equal(state_of(change, "PreviousState"), ("running", 16), "PreviousState", reply)
    ctx.check(state_of(change, "CurrentState") in (("stopping", 64), ("stopped", 80)), "CurrentState",
              expected="stopping (64) or stopped (80)", observed=change.get("CurrentState"), reply=reply)


@inst_case("stop-reaches-stopped", ["StopInstances", "DescribeInstances"], INSTANCE_LIFECYCLE, timeout=240)
def reaches_stopped(ctx: CaseContext) -> None:
    """A stopped instance reaches state stopped (code 80)."""
    inst, _ = running_instance(ctx)
    ctx.expect_ok(ctx.call(SVC, "StopInstances", InstanceIds=[inst["InstanceId"]]))
    got = wait_instance(ctx, inst["InstanceId"], "stopped", within=100)
    check_codes(ctx, got["State"])


@inst_case("start-after-stop", ["StartInstances", "DescribeInstances"], INSTANCE_LIFECYCLE, timeout=240)
def start_after_stop(ctx: CaseContext) -> None:
    """StartInstances of a stopped instance answers previous state stopped and current state pending,
    and the instance runs again."""
    iid = stopped_instance(ctx)["InstanceId"]
    reply = ctx.expect_ok(ctx.call(SVC, "StartInstances", InstanceIds=[iid]))
    change = (reply.get("StartingInstances") or [{}])[0]
    ctx.equal((state_of(change, "PreviousState"), state_of(change, "CurrentState")),
              (("stopped", 80), ("pending", 0)), "(PreviousState, CurrentState)", reply)
    wait_instance(ctx, iid, "running", within=40)


@inst_case("terminate-answer", ["TerminateInstances"], STATES, timeout=240)
def terminate_answer(ctx: CaseContext) -> None:
    """TerminateInstances of a running instance answers previous state running and current state
    shutting-down (32) or terminated (48)."""
    inst, _ = running_instance(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "TerminateInstances", InstanceIds=[inst["InstanceId"]]))
    change = (reply.get("TerminatingInstances") or [{}])[0]
    ctx.equal(state_of(change, "PreviousState"), ("running", 16), "PreviousState", reply)
    ctx.check(state_of(change, "CurrentState") in (("shutting-down", 32), ("terminated", 48)), "CurrentState",
              expected="shutting-down (32) or terminated (48)", observed=change.get("CurrentState"), reply=reply)


@inst_case("terminated-still-described", ["TerminateInstances", "DescribeInstances"], INSTANCE_LIFECYCLE, timeout=240)
def terminated_described(ctx: CaseContext) -> None:
    """A terminated instance reaches state terminated and is still described for a while."""
    inst, _ = make_instance(ctx)
    ctx.expect_ok(ctx.call(SVC, "TerminateInstances", InstanceIds=[inst["InstanceId"]]))
    got = wait_instance(ctx, inst["InstanceId"], "terminated", within=100)
    check_codes(ctx, got["State"])


@inst_case("start-terminated-refused", ["StartInstances"], ERRORS, timeout=240)
def start_terminated(ctx: CaseContext) -> None:
    """A terminated instance cannot be started: IncorrectInstanceState."""
    inst, _ = make_instance(ctx)
    ctx.expect_ok(ctx.call(SVC, "TerminateInstances", InstanceIds=[inst["InstanceId"]]))
    wait_instance(ctx, inst["InstanceId"], "terminated", within=100, need=True)
    ctx.expect_error(ctx.call(SVC, "StartInstances", InstanceIds=[inst["InstanceId"]]), "IncorrectInstanceState", 400)


@inst_case("reboot-keeps-running", ["RebootInstances", "DescribeInstances"], api("RebootInstances"), timeout=240)
def reboot(ctx: CaseContext) -> None:
    """RebootInstances of a running instance succeeds and leaves it running."""
    inst, _ = running_instance(ctx)
    ctx.expect_ok(ctx.call(SVC, "RebootInstances", InstanceIds=[inst["InstanceId"]]))
    ctx.equal(instance(ctx, inst["InstanceId"])["State"].get("Name"), "running", "State.Name")


@inst_case("termination-protection", ["ModifyInstanceAttribute", "TerminateInstances"], ERRORS)
def termination_protection(ctx: CaseContext) -> None:
    """With DisableApiTermination set, TerminateInstances is refused with OperationNotPermitted."""
    inst, _ = make_instance(ctx, DisableApiTermination=True)
    iid = inst["InstanceId"]
    ctx.defer("lift termination protection", lambda: ctx.transport.call(
        SVC, "ModifyInstanceAttribute", {"InstanceId": iid, "DisableApiTermination": {"Value": False}}))
    ctx.expect_error(ctx.call(SVC, "TerminateInstances", InstanceIds=[iid]), "OperationNotPermitted", 400)


def _refused(name: str, doc: str, code: str | tuple, severity: str, params) -> None:
    def run(ctx: CaseContext) -> None:
        net = make_network(ctx)
        ctx.expect_error(run_instances(ctx, net.subnet, fixture=False, **params(ctx)), code, 400)

    run.__doc__ = doc
    inst_case(name, ["RunInstances"], ERRORS, severity)(run)


_refused("unknown-instance-type-refused", "An instance type that does not exist is refused with InvalidParameterValue.",
         "InvalidParameterValue", "advisory", lambda ctx: {"InstanceType": "t9.nano"})
_refused("unknown-image-refused", "An AMI id that names nothing is refused with InvalidAMIID.NotFound.",
         "InvalidAMIID.NotFound", "required", lambda ctx: {"ImageId": absent_id("ami")})
_refused("malformed-image-refused", "An AMI id that is not ami-<hex> is refused with InvalidAMIID.Malformed.",
         "InvalidAMIID.Malformed", "required", lambda ctx: {"ImageId": "ami-not-an-id"})
_refused("unknown-subnet-refused", "A subnet id that names nothing is refused with InvalidSubnetID.NotFound.",
         "InvalidSubnetID.NotFound", "required", lambda ctx: {"SubnetId": absent_id("subnet")})
_refused("unknown-key-refused", "A key name that names no key pair is refused with InvalidKeyPair.NotFound.",
         "InvalidKeyPair.NotFound", "required", lambda ctx: {"KeyName": ctx.name("absent-key")})
_refused("unknown-security-group-refused", "A security group id that names nothing is refused with InvalidGroup.NotFound.",
         "InvalidGroup.NotFound", "required", lambda ctx: {"SecurityGroupIds": [absent_id("sg")]})


@inst_case("default-security-group", ["RunInstances", "DescribeInstances"], api("RunInstances"))
def in_default_group(ctx: CaseContext) -> None:
    """Launched without a security group, the instance is in its VPC's default group."""
    inst, net = make_instance(ctx)
    default = default_group(ctx, net.vpc)
    ctx.equal([g.get("GroupId") for g in instance(ctx, inst["InstanceId"]).get("SecurityGroups") or []],
              [default["GroupId"]], "the instance's groups")


@inst_case("security-group-as-requested", ["RunInstances", "DescribeInstances"], api("RunInstances"))
def group_requested(ctx: CaseContext) -> None:
    """Launched with SecurityGroupIds, the instance is in exactly those groups."""
    net = make_network(ctx)
    gid = make_sg(ctx, net.vpc)
    inst, _ = make_instance(ctx, net, SecurityGroupIds=[gid])
    ctx.equal([g.get("GroupId") for g in instance(ctx, inst["InstanceId"]).get("SecurityGroups") or []], [gid],
              "the instance's groups")


@inst_case("launch-time-and-dns-name", ["RunInstances", "DescribeInstances"], api("Instance"), "advisory")
def launch_time_dns(ctx: CaseContext) -> None:
    """The instance has a LaunchTime and a private DNS name ip-<a-b-c-d>.<region's internal domain>."""
    inst, _ = make_instance(ctx)
    got = poll(ctx, lambda: instance(ctx, inst["InstanceId"]), lambda i: bool(i.get("PrivateDnsName")), within=20)
    ip = (got.get("PrivateIpAddress") or "").replace(".", "-")
    ctx.check(got.get("LaunchTime"), "no LaunchTime", expected="a timestamp", observed=None)
    ctx.check(re.fullmatch(rf"ip-{ip}\.({ctx.region}\.compute|ec2)\.internal", got.get("PrivateDnsName") or ""),
              "PrivateDnsName is not ip-<address>.<internal domain>", expected=f"ip-{ip}....internal",
              observed=got.get("PrivateDnsName"))


@inst_case("root-volume-deleted-on-termination", ["TerminateInstances", "DescribeVolumes"], TERMINATING, "advisory",
           timeout=240)
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
