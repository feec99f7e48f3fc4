"""AMIs: registering one from a snapshot, creating one from an instance, copying, describing
(owners, name filters, wildcards), attributes, names in use, deregistering (the snapshot stays),
and ids that are malformed or name nothing. The snapshots CreateImage and CopyImage make for an
image of ours are deleted with it at teardown."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import DEREGISTER, ERRORS, api, cases
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    completed_snapshot,
    find_ami,
    first,
    poll,
    register_image,
    running_instance,
    wait_image,
)
from awscompat.scenarios.ec2._ledger import IMAGE_COPY, IMAGE_CREATE, SVC, create

img_case = cases("images", timeout=300)


def image(ctx: CaseContext, image_id: str) -> dict:
    return first(ctx, "DescribeImages", "Images", ImageIds=[image_id])


def registered(ctx: CaseContext) -> tuple[str, str]:
    """An AMI of ours registered from a completed snapshot: (ImageId, SnapshotId)."""
    sid = completed_snapshot(ctx)["SnapshotId"]
    return register_image(ctx, sid)["ImageId"], sid


@img_case("register-from-snapshot", ["RegisterImage", "DescribeImages"], api("RegisterImage"))
def register(ctx: CaseContext) -> None:
    """RegisterImage answers an ami-... id; the image is private, owned by the caller, a machine
    image with the given root device and mapping."""
    sid = completed_snapshot(ctx)["SnapshotId"]
    reply = ctx.expect_ok(register_image(ctx, sid, fixture=False))
    iid = reply.get("ImageId", "")
    ctx.check(re.fullmatch(r"ami-[0-9a-f]{8,17}", iid), "ImageId is not ami-<hex>", expected="ami-<hex>", observed=iid)
    account = ctx.fixture("sts", "GetCallerIdentity")["Account"]
    got = image(ctx, iid)
    observed = {k: got.get(k) for k in ("OwnerId", "Public", "ImageType", "RootDeviceName", "RootDeviceType")}
    ctx.equal(observed, {"OwnerId": account, "Public": False, "ImageType": "machine", "RootDeviceName": "/dev/xvda",
                         "RootDeviceType": "ebs"}, "the described image")
    ctx.equal([(m.get("DeviceName"), (m.get("Ebs") or {}).get("SnapshotId")) for m in got.get("BlockDeviceMappings") or []],
              [("/dev/xvda", sid)], "(DeviceName, SnapshotId) of the mappings")


@img_case("registered-becomes-available", ["RegisterImage", "DescribeImages"], api("Image"))
def becomes_available(ctx: CaseContext) -> None:
    """An image registered from a completed snapshot reaches state available."""
    iid, _ = registered(ctx)
    ctx.equal(wait_image(ctx, iid, "available", within=90).get("State"), "available", "State")


@img_case("mapping-volume-size-of-snapshot", ["RegisterImage", "DescribeImages"], api("EbsBlockDevice"))
def mapping_size(ctx: CaseContext) -> None:
    """Without a VolumeSize, the image's root mapping has the snapshot's size."""
    iid, _ = registered(ctx)
    sizes = [(m.get("Ebs") or {}).get("VolumeSize") for m in image(ctx, iid).get("BlockDeviceMappings") or []]
    ctx.equal(sizes, [1], "VolumeSize of the mappings")


@img_case("duplicate-name-refused", ["RegisterImage"], ERRORS)
def duplicate_name(ctx: CaseContext) -> None:
    """A second image under a name in use is refused with InvalidAMIName.Duplicate."""
    iid, sid = registered(ctx)
    name = image(ctx, iid)["Name"]
    reply = register_image(ctx, sid, fixture=False, Name=name)
    ctx.expect_error(reply, "InvalidAMIName.Duplicate", 400)


@img_case("owners-self-and-name-filter", ["DescribeImages"], api("DescribeImages"))
def owners_self(ctx: CaseContext) -> None:
    """DescribeImages with Owners self and the exact name filter lists the image."""
    iid, _ = registered(ctx)
    name = image(ctx, iid)["Name"]
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeImages", Owners=["self"], Filters=[{"Name": "name", "Values": [name]}]))
    ctx.equal([i["ImageId"] for i in reply.get("Images") or []], [iid], "images listed", reply)


@img_case("name-filter-wildcard", ["DescribeImages"], api("DescribeImages"))
def wildcard(ctx: CaseContext) -> None:
    """A name filter value with * matches any run of characters, ? exactly one."""
    iid, _ = registered(ctx)
    name = image(ctx, iid)["Name"]

    def listed(pattern: str) -> list[str]:
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeImages", Owners=["self"], Filters=[{"Name": "name", "Values": [pattern]}]))
        return [i["ImageId"] for i in reply.get("Images") or []]

    got = (listed(name[:-3] + "*"), listed(name[:-1] + "?"), listed(name[:-1] + "??"))
    ctx.equal(got, ([iid], [iid], []), "(name-3 + '*', name-1 + '?', name-1 + '??')")


@img_case("deregister-then-not-available", ["DeregisterImage", "DescribeImages"], api("DescribeImages"))
def deregister(ctx: CaseContext) -> None:
    """After DeregisterImage the image is no longer listed, or is listed as deregistered."""
    iid, _ = registered(ctx)
    ctx.expect_ok(ctx.call(SVC, "DeregisterImage", ImageId=iid))
    reply = ctx.call(SVC, "DescribeImages", ImageIds=[iid])
    states = [i.get("State") for i in reply.get("Images") or []] if reply.ok else []
    ctx.check(states in ([], ["deregistered"]) or reply.code == "InvalidAMIID.NotFound",
              "the image is still described as usable", expected="not listed, or deregistered",
              observed=states or reply.describe(), reply=reply)


@img_case("deregister-keeps-snapshot", ["DeregisterImage", "DescribeSnapshots"], DEREGISTER)
def keeps_snapshot(ctx: CaseContext) -> None:
    """Deregistering an EBS-backed image leaves its snapshot in place."""
    iid, sid = registered(ctx)
    ctx.expect_ok(ctx.call(SVC, "DeregisterImage", ImageId=iid))
    ctx.equal(first(ctx, "DescribeSnapshots", "Snapshots", SnapshotIds=[sid]).get("SnapshotId"), sid, "the snapshot")


@img_case("deregister-twice-refused", ["DeregisterImage"], ERRORS, "advisory")
def deregister_twice(ctx: CaseContext) -> None:
    """Deregistering an image a second time is refused (InvalidAMIID.NotFound or .Unavailable)."""
    iid, _ = registered(ctx)
    ctx.expect_ok(ctx.call(SVC, "DeregisterImage", ImageId=iid))
    reply = poll(ctx, lambda: ctx.call(SVC, "DeregisterImage", ImageId=iid), lambda r: not r.ok, within=15)
    ctx.expect_error(reply, ("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"), 400)


@img_case("create-from-instance", ["CreateImage", "DescribeImages"], api("CreateImage"))
def create_from_instance(ctx: CaseContext) -> None:
    """CreateImage of an instance answers an image id; the image is described as pending or available."""
    inst, _ = running_instance(ctx)
    reply = ctx.expect_ok(create(ctx, IMAGE_CREATE, {"InstanceId": inst["InstanceId"], "NoReboot": True}, fixture=False))
    got = image(ctx, reply["ImageId"])
    ctx.check(got.get("State") in ("pending", "available"), "State", expected="pending or available",
              observed=got.get("State"))


@img_case("copy-image", ["CopyImage", "DescribeImages"], api("CopyImage"))
def copy_image(ctx: CaseContext) -> None:
    """CopyImage in the same region answers a new image id, described under the copy's name."""
    src, _ = registered(ctx)
    wait_image(ctx, src, "available", within=90, need=True)
    name = ctx.name("copy")
    params = {"SourceImageId": src, "SourceRegion": ctx.region, "Name": name}
    reply = ctx.expect_ok(create(ctx, IMAGE_COPY, params, fixture=False))
    new = reply.get("ImageId")
    ctx.check(new and new != src, "no new ImageId", expected="a new ami-...", observed=new, reply=reply)
    ctx.equal(image(ctx, new).get("Name"), name, "Name of the copy")


@img_case("modify-description", ["ModifyImageAttribute", "DescribeImageAttribute"], api("ModifyImageAttribute"))
def modify_description(ctx: CaseContext) -> None:
    """ModifyImageAttribute Description is what DescribeImageAttribute description then gives."""
    iid, _ = registered(ctx)
    ctx.expect_ok(ctx.call(SVC, "ModifyImageAttribute", ImageId=iid, Description={"Value": "golden"}))
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeImageAttribute", ImageId=iid, Attribute="description"))
    ctx.equal((reply.get("Description") or {}).get("Value"), "golden", "description", reply)


@img_case("launch-permission-empty", ["DescribeImageAttribute"], api("DescribeImageAttribute"))
def launch_permission(ctx: CaseContext) -> None:
    """A new image is shared with no one: its launchPermission list is empty."""
    iid, _ = registered(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeImageAttribute", ImageId=iid, Attribute="launchPermission"))
    ctx.equal((reply.get("ImageId"), reply.get("LaunchPermissions")), (iid, []), "(ImageId, LaunchPermissions)", reply)


@img_case("register-unknown-snapshot-refused", ["RegisterImage"], ERRORS, "advisory")
def unknown_snapshot(ctx: CaseContext) -> None:
    """Registering an image from a snapshot that does not exist is refused with InvalidSnapshot.NotFound."""
    ctx.expect_error(register_image(ctx, absent_id("snap"), fixture=False), "InvalidSnapshot.NotFound", 400)


@img_case("amazon-image-public", ["DescribeImages"], api("Image"), mutating=False)
def amazon_public(ctx: CaseContext) -> None:
    """An Amazon Linux AMI found with Owners amazon is public, available, owned by alias amazon."""
    got = image(ctx, find_ami(ctx))
    ctx.equal((got.get("Public"), got.get("State"), got.get("ImageOwnerAlias")), (True, "available", "amazon"),
              "(Public, State, ImageOwnerAlias)")


@img_case("malformed-id", ["DescribeImages"], ERRORS, mutating=False)
def malformed(ctx: CaseContext) -> None:
    """An image id that is not ami-<hex> answers InvalidAMIID.Malformed."""
    ctx.expect_error(ctx.call(SVC, "DescribeImages", ImageIds=["ami-not-an-id"]), "InvalidAMIID.Malformed", 400)


@img_case("unknown-id-not-found", ["DescribeImages"], ERRORS, mutating=False)
def unknown(ctx: CaseContext) -> None:
    """A well-formed image id that names nothing answers InvalidAMIID.NotFound."""
    ctx.expect_error(ctx.call(SVC, "DescribeImages", ImageIds=[absent_id("ami")]), "InvalidAMIID.NotFound", 400)
