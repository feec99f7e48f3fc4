"""Shared set-up for EC2 scenarios: networks, groups, keys, instances, volumes, snapshots, images,
addresses and interfaces of the scenario's own (each ledgered before it is created and removed at
teardown in the reverse order, see _ledger), bounded polls for the asynchronous states, and small
readers for the answers.

Instances are the costly resource on a real account: each scenario runs at most what it tests
(one t3.micro, two where the count is what is tested), in a VPC of its own, and teardown terminates
them and waits until they are terminated."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError, HarnessError
from awscompat.engine.sweep import is_absent
from awscompat.engine.transport import Reply
from awscompat.scenarios.ec2._ledger import (
    ELASTIC_IP,
    IMAGE_REGISTER,
    INSTANCE,
    INTERNET_GATEWAY,
    KEY_PAIR,
    NETWORK_INTERFACE,
    ROUTE_TABLE,
    SECURITY_GROUP,
    SNAPSHOT,
    SUBNET,
    SVC,
    VOLUME,
    VPC,
    call,
    create,
    link,
)

INSTANCE_TYPE = "t3.micro"
AMI_NAMES = ["al2023-ami-2023.*-x86_64", "amzn2-ami-hvm-*-x86_64-gp2"]
_cache: dict[tuple, Any] = {}


def absent_id(prefix: str) -> str:
    """A well-formed id (prefix + 17 hex digits) that names nothing."""
    return f"{prefix}-{secrets.token_hex(9)[:17]}"


def settled(ctx: CaseContext, operation: str, within: float = 10.0, **params: Any) -> Reply:
    """A call about a resource just created: the EC2 API is eventually consistent, so an answer
    that the resource does not exist (yet) is asked again, for a few seconds."""
    return poll(ctx, lambda: ctx.call(SVC, operation, **params), lambda r: not is_absent(r.status, r.code),
                within=within, first_wait=0.2)


def first(ctx: CaseContext, operation: str, key: str, what: str = "", **params: Any) -> dict:
    """The first item of a Describe* list (a fail if the call fails or lists nothing)."""
    reply = ctx.expect_ok(settled(ctx, operation, **params), what or operation)
    items = reply.get(key) or []
    ctx.check(items, f"{operation} listed nothing", expected=f"one item in {key}", observed=reply.parsed, reply=reply)
    return items[0]


def instance(ctx: CaseContext, iid: str) -> dict:
    reply = ctx.expect_ok(settled(ctx, "DescribeInstances", InstanceIds=[iid]), "DescribeInstances")
    found = [i for r in reply.get("Reservations") or [] for i in r.get("Instances") or []]
    ctx.check(found, "DescribeInstances did not list the instance", expected=iid, observed=reply.parsed, reply=reply)
    return found[0]




# -- polls -------------------------------------------------------------------------------------
def poll(ctx: CaseContext, fetch: Callable[[], Any], done: Callable[[Any], bool], *, within: float = 60.0,
         first_wait: float = 0.05, cap: float = 2.0) -> Any:
    """fetch() until done(result) or `within` seconds (bounded by the case's deadline) pass;
    returns the last result. The first look is immediate; the wait then doubles up to `cap`."""
    return ctx.poll(fetch, done, within=within, first_wait=first_wait, cap=cap)




def _state_poll(ctx: CaseContext, what: str, fetch: Callable[[], dict], field: Callable[[dict], str],
                states: tuple[str, ...], within: float, need: bool) -> dict:
    start = time.monotonic()
    last = poll(ctx, fetch, lambda obj: field(obj) in states, within=within)
    if field(last) not in states:
        waited = time.monotonic() - start
        message = f"{what} did not reach {'/'.join(states)} within {waited:.0f}s (last: {field(last)})"
        if waited < within - 1.0:  # cut short by the case's deadline, not by the wait AWS allows
            raise HarnessError(f"{message}: the case's timeout ran out first (raise --timeout)", exchange=ctx.last)
        if need:
            raise FixtureError(message, exchange=ctx.last)
        ctx.fail(message, expected=states, observed=field(last))
    return last


def wait_instance(ctx: CaseContext, iid: str, *states: str, within: float = 90.0, need: bool = False) -> dict:
    """Poll DescribeInstances until the instance is in one of `states`. need=True: a state the
    scenario only needs as a precondition (not reaching it is a fixture error, not a fail)."""
    return _state_poll(ctx, f"instance {iid}", lambda: instance(ctx, iid), lambda i: i["State"]["Name"],
                       states, within, need)


def wait_volume(ctx: CaseContext, vid: str, *states: str, within: float = 60.0, need: bool = False) -> dict:
    fetch = lambda: first(ctx, "DescribeVolumes", "Volumes", VolumeIds=[vid])  # noqa: E731
    return _state_poll(ctx, f"volume {vid}", fetch, lambda v: v.get("State", ""), states, within, need)


def wait_snapshot(ctx: CaseContext, sid: str, *states: str, within: float = 100.0, need: bool = False) -> dict:
    fetch = lambda: first(ctx, "DescribeSnapshots", "Snapshots", SnapshotIds=[sid])  # noqa: E731
    return _state_poll(ctx, f"snapshot {sid}", fetch, lambda s: s.get("State", ""), states, within, need)


def wait_image(ctx: CaseContext, image_id: str, *states: str, within: float = 100.0, need: bool = False) -> dict:
    fetch = lambda: first(ctx, "DescribeImages", "Images", ImageIds=[image_id])  # noqa: E731
    return _state_poll(ctx, f"image {image_id}", fetch, lambda i: i.get("State", ""), states, within, need)


# -- what the region offers (read once per target) ------------------------------------------------
def _memo(ctx: CaseContext, what: str, compute: Callable[[], Any]) -> Any:
    key = (what, ctx.transport.target.endpoint_for(SVC), ctx.region)
    if key not in _cache:
        _cache[key] = compute()
    return _cache[key]


def zones(ctx: CaseContext) -> list[str]:
    """The region's available Availability Zones (not Local or Wavelength Zones), sorted."""
    def compute() -> list[str]:
        reply = ctx.fixture(SVC, "DescribeAvailabilityZones", Filters=[{"Name": "state", "Values": ["available"]}])
        return sorted(z["ZoneName"] for z in reply.get("AvailabilityZones") or []
                      if z.get("ZoneType", "availability-zone") == "availability-zone")
    found = _memo(ctx, "zones", compute)
    if not found:
        raise FixtureError("DescribeAvailabilityZones listed no available zone", exchange=ctx.last)
    return found


def find_ami(ctx: CaseContext) -> str:
    """A current Amazon Linux x86_64 EBS-backed AMI owned by Amazon, found with one bounded
    DescribeImages (filters on owner, name, state, architecture and root device)."""
    def compute() -> str | None:
        reply = ctx.fixture(SVC, "DescribeImages", Owners=["amazon"], Filters=[
            {"Name": "name", "Values": AMI_NAMES}, {"Name": "state", "Values": ["available"]},
            {"Name": "architecture", "Values": ["x86_64"]}, {"Name": "root-device-type", "Values": ["ebs"]}])
        images = sorted(reply.get("Images") or [], key=lambda i: (i.get("CreationDate", ""), i["ImageId"]))
        return images[-1]["ImageId"] if images else None
    ami = _memo(ctx, "ami", compute)
    if not ami:
        _cache.pop(("ami", ctx.transport.target.endpoint_for(SVC), ctx.region), None)
        raise FixtureError(f"no available Amazon Linux AMI named {' or '.join(AMI_NAMES)}", exchange=ctx.last)
    return ami


# -- networks ------------------------------------------------------------------------------------
@dataclass
class Net:
    vpc: str
    subnet: str
    cidr: str
    subnet_cidr: str
    az: str
    igw: str | None = None


def make_vpc(ctx: CaseContext, cidr: str = "10.0.0.0/16", **params: Any) -> dict:
    """A VPC of the scenario's own (its Vpc answer); teardown deletes it after what is in it."""
    return create(ctx, VPC, {"CidrBlock": cidr, **params})["Vpc"]


def make_subnet(ctx: CaseContext, vpc_id: str, cidr: str = "10.0.0.0/24", **params: Any) -> dict:
    return create(ctx, SUBNET, {"VpcId": vpc_id, "CidrBlock": cidr, **params})["Subnet"]


def make_sg(ctx: CaseContext, vpc_id: str, description: str = "awscompat scenario group", **params: Any) -> str:
    """A security group of the scenario's own in vpc_id (a namespaced GroupName); its GroupId."""
    return create(ctx, SECURITY_GROUP, {"VpcId": vpc_id, "Description": description, **params})["GroupId"]


def make_igw(ctx: CaseContext, **params: Any) -> str:
    return create(ctx, INTERNET_GATEWAY, params)["InternetGateway"]["InternetGatewayId"]


def attach_igw(ctx: CaseContext, igw: str, vpc_id: str, *, fixture: bool = True) -> Reply:
    return link(ctx, "igw-attachment", "AttachInternetGateway", {"InternetGatewayId": igw, "VpcId": vpc_id},
                lambda p: [call("DetachInternetGateway", InternetGatewayId=p["InternetGatewayId"], VpcId=p["VpcId"])],
                fixture=fixture)


def make_route_table(ctx: CaseContext, vpc_id: str, **params: Any) -> dict:
    return create(ctx, ROUTE_TABLE, {"VpcId": vpc_id, **params})["RouteTable"]


def associate_route_table(ctx: CaseContext, rtb: str, subnet_id: str, *, fixture: bool = True) -> Reply:
    return link(ctx, "rtb-association", "AssociateRouteTable", {"RouteTableId": rtb, "SubnetId": subnet_id},
                lambda p: [call("DisassociateRouteTable", AssociationId=p["AssociationId"])], fixture=fixture)


def add_route(ctx: CaseContext, rtb: str, cidr: str, *, fixture: bool = True, **target: str) -> Reply:
    """CreateRoute (ledgered: DeleteRoute at teardown, before the route table and its target go)."""
    return link(ctx, "route", "CreateRoute", {"RouteTableId": rtb, "DestinationCidrBlock": cidr, **target},
                lambda p: [call("DeleteRoute", RouteTableId=p["RouteTableId"],
                                DestinationCidrBlock=p["DestinationCidrBlock"])], fixture=fixture)


def make_network(ctx: CaseContext, *, cidr: str = "10.0.0.0/16", subnet_cidr: str = "10.0.0.0/24",
                 az: str | None = None, igw: bool = False) -> Net:
    """A VPC with one subnet (in `az`, or where the server puts it), optionally with an attached
    internet gateway."""
    vpc = make_vpc(ctx, cidr)
    subnet = make_subnet(ctx, vpc["VpcId"], subnet_cidr, **({"AvailabilityZone": az} if az else {}))
    net = Net(vpc["VpcId"], subnet["SubnetId"], cidr, subnet_cidr, subnet.get("AvailabilityZone", az or ""))
    if igw:
        net.igw = make_igw(ctx)
        attach_igw(ctx, net.igw, net.vpc)
    return net


def make_eni(ctx: CaseContext, subnet_id: str, **params: Any) -> dict:
    return create(ctx, NETWORK_INTERFACE, {"SubnetId": subnet_id, **params})["NetworkInterface"]


def attach_eni(ctx: CaseContext, eni: str, iid: str, index: int = 1, *, fixture: bool = True) -> Reply:
    return link(ctx, "eni-attachment", "AttachNetworkInterface",
                {"NetworkInterfaceId": eni, "InstanceId": iid, "DeviceIndex": index},
                lambda p: [call("DetachNetworkInterface", AttachmentId=p["AttachmentId"], Force=True)],
                fixture=fixture)


def make_eip(ctx: CaseContext, **params: Any) -> dict:
    return create(ctx, ELASTIC_IP, {"Domain": "vpc", **params}).parsed


def associate_eip(ctx: CaseContext, allocation: str, *, fixture: bool = True, **target: Any) -> Reply:
    return link(ctx, "eip-association", "AssociateAddress", {"AllocationId": allocation, **target},
                lambda p: [call("DisassociateAddress", AssociationId=p["AssociationId"])], fixture=fixture)


# -- keys --------------------------------------------------------------------------------------
def make_key(ctx: CaseContext, *, fixture: bool = True, **params: Any) -> Reply:
    """CreateKeyPair with a namespaced KeyName (or the given one); DeleteKeyPair at teardown."""
    return create(ctx, KEY_PAIR, params, fixture=fixture)


# -- instances ---------------------------------------------------------------------------------
def make_instance(ctx: CaseContext, net: Net | None = None, **params: Any) -> tuple[dict, Net]:
    """One t3.micro of the scenario's own (unless params say otherwise) from an Amazon Linux AMI, in
    a new network unless one is given (terminated and waited for at teardown); its first Instances
    entry and the network."""
    net = net or make_network(ctx)
    base = {"ImageId": find_ami(ctx), "InstanceType": INSTANCE_TYPE, "MinCount": 1, "MaxCount": 1, "SubnetId": net.subnet}
    return create(ctx, INSTANCE, {**base, **params})["Instances"][0], net


def running_instance(ctx: CaseContext, net: Net | None = None, **params: Any) -> tuple[dict, Net]:
    """make_instance, then wait until it runs (a precondition: not running is a fixture error)."""
    inst, net = make_instance(ctx, net, **params)
    return wait_instance(ctx, inst["InstanceId"], "running", need=True), net


def stopped_instance(ctx: CaseContext, net: Net | None = None, **params: Any) -> dict:
    """A running instance, then stopped and waited for (preconditions: fixture errors if not reached)."""
    inst, _ = running_instance(ctx, net, **params)
    ctx.fixture(SVC, "StopInstances", InstanceIds=[inst["InstanceId"]])
    return wait_instance(ctx, inst["InstanceId"], "stopped", within=120, need=True)




# -- volumes and snapshots -------------------------------------------------------------------------
def make_volume(ctx: CaseContext, az: str | None = None, **params: Any) -> dict:
    """CreateVolume (1 GiB gp3 in the first zone unless params say otherwise); its answer."""
    return create(ctx, VOLUME, {"AvailabilityZone": az or zones(ctx)[0], "Size": 1, "VolumeType": "gp3", **params}).parsed


def available_volume(ctx: CaseContext, az: str | None = None, **params: Any) -> dict:
    vol = make_volume(ctx, az, **params)
    return wait_volume(ctx, vol["VolumeId"], "available", need=True)


def attach_volume(ctx: CaseContext, vid: str, iid: str, device: str = "/dev/sdf", *, fixture: bool = True) -> Reply:
    return link(ctx, "volume-attachment", "AttachVolume", {"VolumeId": vid, "InstanceId": iid, "Device": device},
                lambda p: [call("DetachVolume", VolumeId=p["VolumeId"], InstanceId=p["InstanceId"], Force=True)],
                fixture=fixture)


def make_snapshot(ctx: CaseContext, vid: str, **params: Any) -> dict:
    return create(ctx, SNAPSHOT, {"VolumeId": vid, **params}).parsed


def register_image(ctx: CaseContext, sid: str, *, fixture: bool = True, **params: Any) -> Reply:
    """RegisterImage of an x86_64 HVM AMI whose root device /dev/xvda is the snapshot
    (deregistered at teardown)."""
    base = {"RootDeviceName": "/dev/xvda", "Architecture": "x86_64", "VirtualizationType": "hvm", "EnaSupport": True,
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": sid, "VolumeType": "gp3"}}]}
    return create(ctx, IMAGE_REGISTER, {**base, **params}, fixture=fixture)


def completed_snapshot(ctx: CaseContext, **volume_params: Any) -> dict:
    """A snapshot of a new 1 GiB volume, waited for until completed (a precondition)."""
    vol = available_volume(ctx, **volume_params)
    snap = make_snapshot(ctx, vol["VolumeId"])
    return wait_snapshot(ctx, snap["SnapshotId"], "completed", need=True)
