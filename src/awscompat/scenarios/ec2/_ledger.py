"""EC2 resources of the scenario's own: ledgered before they exist, removed at teardown.

EC2 names most resources by an id the server chooses, so each create is ledgered twice (DESIGN 4):
before the call, under a namespaced name that the request also carries as the resource's `Name`
tag (with the run tag), and again as soon as the answer names the id, with the delete call that
removes it. If the create never answered (a timeout), teardown looks the resource up by its
`Name` tag. Links between resources (an internet gateway attached to a VPC, a route table
associated with a subnet, a volume attached to an instance...) are ledgered the same way, so that
the reverse order of the ledger undoes them before the resources they join.

Teardown never runs under the case's deadline but is bounded: AWS answers DependencyViolation,
VolumeInUse and the like for a while after a dependent resource went away, so each delete call is
retried on those codes only, with a growing interval, within a budget per case (a provider that
never lets go of a resource costs the budget once, not once per resource)."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError, HarnessError
from awscompat.engine.sweep import is_absent
from awscompat.engine.transport import Reply

SVC = "ec2"
Calls = list[dict]

# Answers that mean "already undone" (besides the *.NotFound family is_absent knows).
GONE = {"Gateway.NotAttached", "InvalidAMIID.Unavailable"}
# Answers that mean "not yet: something that depends on it is still going away". IncorrectState
# means "already detached" to a Detach* call, and "not yet" to any other.
BUSY = {"DependencyViolation", "VolumeInUse", "InvalidIPAddress.InUse", "InvalidNetworkInterface.InUse",
        "InvalidSnapshot.InUse", "IncorrectInstanceState", "IncorrectState"}
# Answers that say the account has no room (a quota), not how the provider behaves: the case is
# then an error (undecided), never a fail. AWS allows 5 VPCs, 5 Elastic IPs per region by default.
QUOTA = {"VpcLimitExceeded", "AddressLimitExceeded", "InternetGatewayLimitExceeded", "SecurityGroupLimitExceeded",
         "RouteTableLimitExceeded", "NetworkInterfaceLimitExceeded", "InstanceLimitExceeded", "VcpuLimitExceeded",
         "InsufficientInstanceCapacity", "VolumeLimitExceeded", "MaxIOPSLimitExceeded", "ResourceLimitExceeded",
         "SnapshotLimitExceeded", "AMIQuotaExceeded", "KeyPairLimitExceeded"}
SETTLE = 180.0  # seconds a teardown call may keep meeting BUSY answers
TERMINATE_WAIT = 300.0  # seconds an instance may take to reach `terminated` at teardown
BUDGET = 420.0  # seconds of waiting a case's whole teardown may spend
STALL = 30.0  # seconds an instance told to terminate may show no sign of it before teardown gives up
_budgets: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def budget(ctx: CaseContext, within: float) -> float:
    """`within`, cut to what is left of the case's teardown budget (started at first use)."""
    end = _budgets.setdefault(ctx, time.monotonic() + BUDGET)
    return max(0.0, min(within, end - time.monotonic()))


def call(operation: str, **params: Any) -> dict:
    """One call in a ledger entry's delete list."""
    return {"service": SVC, "operation": operation, "params": params}


def settle(attempt: Callable[[], Any], within: float, *, first: float = 0.1, cap: float = 3.0) -> Any:
    """Call attempt until it returns something other than None, for at most `within` seconds."""
    end = time.monotonic() + within
    wait = first
    while True:
        result = attempt()
        if result is not None or time.monotonic() >= end:
            return result
        time.sleep(min(wait, cap, max(0.0, end - time.monotonic())))
        wait *= 2


def run_calls(ctx: CaseContext, calls: Calls, within: float = SETTLE) -> str | None:
    """Run teardown calls in order; 'deleted', 'absent' (already gone) or None (left behind)."""
    result = "deleted"
    for c in calls:
        def attempt(c: dict = c) -> str | None:
            reply = ctx.transport.call(SVC, c["operation"], c.get("params", {}))
            if reply.ok:
                return "deleted"
            if is_absent(reply.status, reply.code) or reply.code in GONE:
                return "absent"
            if reply.code == "IncorrectState" and c["operation"].startswith("Detach"):
                return "absent"
            if reply.code in BUSY or reply.transient:
                return None
            return "failed"

        how = settle(attempt, budget(ctx, within))
        if how in (None, "failed"):
            return None
        if how == "absent":
            result = "absent"
    return result


# -- kinds of resource ---------------------------------------------------------------------------
def _ids(*path: str) -> Callable[[dict], list[str]]:
    """Ids at path in an answer; a list on the way is walked item by item."""
    def get(obj: Any, rest: tuple[str, ...]) -> list[str]:
        if isinstance(obj, list):
            return [i for item in obj for i in get(item, rest)]
        if not rest:
            return [obj] if isinstance(obj, str) else []
        return get(obj.get(rest[0]), rest[1:]) if isinstance(obj, dict) else []

    return lambda answer: get(answer, path)


@dataclass(frozen=True)
class Kind:
    ledger: str  # the ledger's kind
    operation: str  # the create call
    rtype: str | None  # its TagSpecifications resource type
    ids: Callable[[dict], list[str]]  # ids in the create answer
    undo: Callable[[str], Calls]  # the calls that delete one
    describe: str  # the call that finds them by tag
    found: Callable[[dict], list[str]]  # ids in its answer
    name_param: str = ""  # a request member that takes the namespaced name itself


VPC = Kind("ec2-vpc", "CreateVpc", "vpc", _ids("Vpc", "VpcId"), lambda i: [call("DeleteVpc", VpcId=i)],
           "DescribeVpcs", _ids("Vpcs", "VpcId"))
SUBNET = Kind("ec2-subnet", "CreateSubnet", "subnet", _ids("Subnet", "SubnetId"),
              lambda i: [call("DeleteSubnet", SubnetId=i)], "DescribeSubnets", _ids("Subnets", "SubnetId"))
SECURITY_GROUP = Kind("ec2-security-group", "CreateSecurityGroup", "security-group", _ids("GroupId"),
                      lambda i: [call("DeleteSecurityGroup", GroupId=i)], "DescribeSecurityGroups",
                      _ids("SecurityGroups", "GroupId"), name_param="GroupName")
ROUTE_TABLE = Kind("ec2-route-table", "CreateRouteTable", "route-table", _ids("RouteTable", "RouteTableId"),
                   lambda i: [call("DeleteRouteTable", RouteTableId=i)], "DescribeRouteTables",
                   _ids("RouteTables", "RouteTableId"))
INTERNET_GATEWAY = Kind("ec2-internet-gateway", "CreateInternetGateway", "internet-gateway",
                        _ids("InternetGateway", "InternetGatewayId"),
                        lambda i: [call("DeleteInternetGateway", InternetGatewayId=i)],
                        "DescribeInternetGateways", _ids("InternetGateways", "InternetGatewayId"))
NETWORK_INTERFACE = Kind("ec2-network-interface", "CreateNetworkInterface", "network-interface",
                         _ids("NetworkInterface", "NetworkInterfaceId"),
                         lambda i: [call("DeleteNetworkInterface", NetworkInterfaceId=i)],
                         "DescribeNetworkInterfaces", _ids("NetworkInterfaces", "NetworkInterfaceId"))
VOLUME = Kind("ec2-volume", "CreateVolume", "volume", _ids("VolumeId"), lambda i: [call("DeleteVolume", VolumeId=i)],
              "DescribeVolumes", _ids("Volumes", "VolumeId"))
SNAPSHOT = Kind("ec2-snapshot", "CreateSnapshot", "snapshot", _ids("SnapshotId"),
                lambda i: [call("DeleteSnapshot", SnapshotId=i)], "DescribeSnapshots", _ids("Snapshots", "SnapshotId"))
SNAPSHOT_COPY = Kind("ec2-snapshot", "CopySnapshot", "snapshot", _ids("SnapshotId"),
                     lambda i: [call("DeleteSnapshot", SnapshotId=i)], "DescribeSnapshots",
                     _ids("Snapshots", "SnapshotId"))
ELASTIC_IP = Kind("ec2-elastic-ip", "AllocateAddress", "elastic-ip", _ids("AllocationId"),
                  lambda i: [call("ReleaseAddress", AllocationId=i)], "DescribeAddresses",
                  _ids("Addresses", "AllocationId"))
KEY_PAIR = Kind("ec2-key-pair", "CreateKeyPair", "key-pair", _ids("KeyName"), lambda n: [call("DeleteKeyPair", KeyName=n)],
                "DescribeKeyPairs", _ids("KeyPairs", "KeyName"), name_param="KeyName")
KEY_IMPORT = Kind("ec2-key-pair", "ImportKeyPair", "key-pair", _ids("KeyName"),
                  lambda n: [call("DeleteKeyPair", KeyName=n)], "DescribeKeyPairs", _ids("KeyPairs", "KeyName"),
                  name_param="KeyName")
INSTANCE = Kind("ec2-instance", "RunInstances", "instance", _ids("Instances", "InstanceId"),
                lambda i: [call("TerminateInstances", InstanceIds=[i])], "DescribeInstances",
                _ids("Reservations", "Instances", "InstanceId"))
_IMAGE = dict(rtype="image", ids=_ids("ImageId"), undo=lambda i: [call("DeregisterImage", ImageId=i)],
              describe="DescribeImages", found=_ids("Images", "ImageId"), name_param="Name")
IMAGE_REGISTER = Kind("ec2-image", "RegisterImage", **_IMAGE)
IMAGE_CREATE = Kind("ec2-image", "CreateImage", **_IMAGE)
IMAGE_COPY = Kind("ec2-image", "CopyImage", **_IMAGE)


# -- teardown of one resource ------------------------------------------------------------------
def _owned_snapshots(ctx: CaseContext, image_id: str) -> list[str]:
    """The snapshots behind an image of ours that were made for it: owned by the caller, and
    carrying this run's tag or naming the image in their description (as the snapshots CreateImage
    and CopyImage make do: "Created by CreateImage(i-...) for ami-...")."""
    reply = ctx.transport.call(SVC, "DescribeImages", {"ImageIds": [image_id]})
    snaps = [m["Ebs"]["SnapshotId"] for img in (reply.get("Images") or []) if reply.ok
             for m in img.get("BlockDeviceMappings") or [] if (m.get("Ebs") or {}).get("SnapshotId")]
    if not snaps:
        return []
    found = ctx.transport.call(SVC, "DescribeSnapshots", {"SnapshotIds": snaps, "OwnerIds": ["self"]})
    run_tag = ctx.ns.tag_list()[0]
    return [s["SnapshotId"] for s in (found.get("Snapshots") or []) if found.ok
            and (run_tag in (s.get("Tags") or []) or image_id in (s.get("Description") or ""))]


def _detach_all(ctx: CaseContext, volume_id: str) -> bool:
    """Detach a volume of ours from whatever it is attached to and wait until it is available;
    False if it shows no sign of letting go (then teardown leaves it, rather than wait more)."""
    def state() -> str:
        reply = ctx.transport.call(SVC, "DescribeVolumes", {"VolumeIds": [volume_id]})
        if not reply.ok:
            return "gone" if is_absent(reply.status, reply.code) else "unknown"
        vols = reply.get("Volumes") or []
        return vols[0].get("State", "") if vols else "gone"

    if state() == "in-use":
        ctx.transport.call(SVC, "DetachVolume", {"VolumeId": volume_id, "Force": True})
    start = time.monotonic()

    def done() -> bool | None:
        now = state()
        if now in ("available", "gone", "error"):
            return True
        if now != "detaching" and time.monotonic() - start > STALL:
            return False
        return None

    return settle(done, budget(ctx, SETTLE)) is True


def _instance_state(ctx: CaseContext, instance_id: str) -> str:
    reply = ctx.transport.call(SVC, "DescribeInstances", {"InstanceIds": [instance_id]})
    if not reply.ok:
        return "terminated" if is_absent(reply.status, reply.code) else "unknown"
    states = [i["State"]["Name"] for r in reply.get("Reservations") or [] for i in r.get("Instances") or []]
    return states[0] if states else "terminated"


def _await_termination(ctx: CaseContext, instance_id: str) -> bool:
    """Wait until the instance is terminated; give up early if it shows no sign of going."""
    start = time.monotonic()

    def done() -> bool | None:
        state = _instance_state(ctx, instance_id)
        if state == "terminated":
            return True
        if state != "shutting-down" and time.monotonic() - start > STALL:
            return False
        return None

    return settle(done, budget(ctx, TERMINATE_WAIT)) is True


def remove(ctx: CaseContext, kind: Kind, rid: str) -> str | None:
    """Delete one resource of ours, with what its kind needs before and after the delete call."""
    snaps = _owned_snapshots(ctx, rid) if kind.ledger == "ec2-image" else []
    if kind is VOLUME and not _detach_all(ctx, rid):
        return None
    how = run_calls(ctx, kind.undo(rid))
    if how and kind is INSTANCE and not _await_termination(ctx, rid):
        return None
    if how and snaps:
        run_calls(ctx, [call("DeleteSnapshot", SnapshotId=s) for s in snaps])
    return how


def _lookup(ctx: CaseContext, kind: Kind, name: str) -> list[str]:
    reply = ctx.transport.call(SVC, kind.describe, {"Filters": [{"Name": "tag:Name", "Values": [name]}]})
    return kind.found(reply.parsed) if reply.ok else []


def tag_specs(specs: list[dict] | None, rtype: str, tags: list[dict]) -> list[dict]:
    """TagSpecifications with `tags` added to the entry for rtype (created if missing)."""
    out = [dict(s) for s in specs or []]
    for spec in out:
        if spec.get("ResourceType") == rtype:
            spec["Tags"] = [*spec.get("Tags", []), *tags]
            return out
    return [*out, {"ResourceType": rtype, "Tags": tags}]


def create(ctx: CaseContext, kind: Kind, params: dict, *, fixture: bool = True, hint: str = "",
           tags: list[dict] | None = None) -> Reply:
    """Ledger, then send the create call. With fixture=True a refusal is a FixtureError; with
    fixture=False the create is the call under test and its answer is the caller's to check
    (whatever it created is still removed at teardown). `tags` are added to the Name and run tags."""
    name = ctx.name(hint or kind.ledger.removeprefix("ec2-"), max_len=120)
    params = dict(params)
    if kind.name_param:
        params.setdefault(kind.name_param, name)
    if kind.rtype:
        params["TagSpecifications"] = tag_specs(params.get("TagSpecifications"), kind.rtype,
                                                [{"Key": "Name", "Value": name}, *ctx.ns.tag_list(), *(tags or [])])
    answered: list[Reply] = []

    def unanswered() -> str | None:
        if answered:
            return "superseded" if answered[0].ok else "not-created"
        found = _lookup(ctx, kind, name)
        if not found:
            return "absent"
        return "deleted" if all([remove(ctx, kind, rid) for rid in found]) else None

    entry = ctx.track(SVC, kind.ledger, name, {"service": SVC, "operation": kind.operation, "params": params}, [],
                      remove=unanswered)
    try:
        reply = ctx.call(SVC, kind.operation, **params)
    except HarnessError as err:
        if fixture:
            raise FixtureError(f"setup {kind.operation} failed: {err.message}", exchange=err.exchange) from err
        raise
    answered.append(reply)
    if reply.code in QUOTA:
        raise HarnessError(f"{kind.operation}: the account has no room ({reply.describe()}); raise the quota or "
                           "lower --concurrency", exchange=reply.exchange)
    if reply.ok:
        ids = kind.ids(reply.parsed)
        ctx.ledger.annotate(entry, {"ids": ids})
        for rid in ids:
            ctx.track(SVC, kind.ledger, name, {"service": SVC, "operation": kind.operation, "response": {"id": rid}},
                      kind.undo(rid), remove=lambda rid=rid: remove(ctx, kind, rid))
    elif fixture:
        raise FixtureError(f"setup {kind.operation} failed: {reply.describe()}", exchange=reply.exchange)
    return reply


def link(ctx: CaseContext, hint: str, operation: str, params: dict, undo: Callable[[dict], Calls], *,
         fixture: bool = True) -> Reply:
    """Ledger, then make a link between resources (attach, associate). undo(request + answer)
    gives the calls that break the link; it is ledgered once the answer is known."""
    name = ctx.name(hint, max_len=120)
    answered: list[Reply] = []
    create_info = {"service": SVC, "operation": operation, "params": params}

    def unanswered() -> str | None:
        if answered:
            return "superseded" if answered[0].ok else "not-created"
        try:
            calls = undo(dict(params))
        except (KeyError, TypeError):
            return "absent"  # the undo needs an id only the answer carries
        return run_calls(ctx, calls, within=30.0)

    entry = ctx.track(SVC, f"ec2-{hint}", name, create_info, [], remove=unanswered)
    try:
        reply = ctx.call(SVC, operation, **params)
    except HarnessError as err:
        if fixture:
            raise FixtureError(f"setup {operation} failed: {err.message}", exchange=err.exchange) from err
        raise
    answered.append(reply)
    if fixture and not reply.ok:
        raise FixtureError(f"setup {operation} failed: {reply.describe()}", exchange=reply.exchange)
    if reply.ok:
        calls = undo({**params, **reply.parsed})
        ctx.ledger.annotate(entry, reply.parsed)
        ctx.track(SVC, f"ec2-{hint}", name, {**create_info, "response": {k: v for k, v in reply.parsed.items()
                                                                          if k != "ResponseMetadata"}},
                  calls, remove=lambda: run_calls(ctx, calls))
    return reply
