"""EBS volumes: what CreateVolume answers (type defaults, IOPS baselines), size limits per type,
attaching (attaching -> in-use, device names, a volume or a device already in use, zones) and
detaching (detaching -> available), deleting (in use, then gone), modification, encryption by
default, filters and pagination. Volumes are 1 GiB unless a size is what is tested."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import (
    DEVICE_NAMES,
    EBS_ATTACH,
    EBS_DELETE,
    EBS_DETACH,
    EBS_ENCRYPTION,
    EBS_GP,
    EBS_MODIFY,
    EBS_TYPES,
    ERRORS,
    PAGINATION,
    VOLUME_WITHOUT_SIZE,
    api,
    cases,
    rec,
)
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    attach_volume,
    available_volume,
    completed_snapshot,
    create_volume,
    expect_gone,
    first,
    make_volume,
    poll,
    running_instance,
    tags_of,
    wait_volume,
    zones,
)
from awscompat.scenarios.ec2._ledger import SVC

vol_case = cases("volumes", timeout=60)


def volume(ctx: CaseContext, vid: str) -> dict:
    return first(ctx, "DescribeVolumes", "Volumes", VolumeIds=[vid])


def attached_pair(ctx: CaseContext, device: str = "/dev/sdf") -> tuple[dict, str]:
    """A running instance and an available volume in its zone, attached at device and waited
    for until in-use: (instance, VolumeId)."""
    inst, net = running_instance(ctx)
    vid = available_volume(ctx, net.az)["VolumeId"]
    attach_volume(ctx, vid, inst["InstanceId"], device)
    wait_volume(ctx, vid, "in-use", need=True)
    return inst, vid


@vol_case("create-answer-gp3", ["CreateVolume"], EBS_GP)
def create_gp3(ctx: CaseContext) -> None:
    """A 1 GiB gp3 volume gets the gp3 baseline of 3000 IOPS and 125 MiB/s, in state creating or
    available, in the zone asked for."""
    az = zones(ctx)[0]
    reply = ctx.expect_ok(create_volume(ctx, az, fixture=False))
    got = {k: reply.get(k) for k in ("Size", "VolumeType", "Iops", "Throughput", "AvailabilityZone")}
    ctx.equal(got, {"Size": 1, "VolumeType": "gp3", "Iops": 3000, "Throughput": 125, "AvailabilityZone": az},
              "the CreateVolume answer", reply)
    ctx.check(reply.get("State") in ("creating", "available"), "State", expected="creating or available",
              observed=reply.get("State"), reply=reply)
    ctx.check(re.fullmatch(r"vol-[0-9a-f]{8,17}", reply.get("VolumeId", "")), "VolumeId is not vol-<hex>",
              expected="vol-<hex>", observed=reply.get("VolumeId"), reply=reply)


@vol_case("without-size-refused", ["CreateVolume"], rec(VOLUME_WITHOUT_SIZE, "request-missing-size"))
def without_size(ctx: CaseContext) -> None:
    """CreateVolume with neither Size nor SnapshotId is refused with MissingParameter (400)."""
    reply = create_volume(ctx, fixture=False, Size=None)
    ctx.expect_error(reply, "MissingParameter", 400)


@vol_case("becomes-available", ["CreateVolume", "DescribeVolumes"], api("Volume"))
def becomes_available(ctx: CaseContext) -> None:
    """A new volume reaches state available, with no attachment."""
    vol = wait_volume(ctx, make_volume(ctx)["VolumeId"], "available")
    ctx.equal(vol.get("Attachments") or [], [], "Attachments")


@vol_case("gp2-baseline-iops", ["CreateVolume"], EBS_GP)
def gp2_iops(ctx: CaseContext) -> None:
    """gp2 gives 3 IOPS per GiB with a floor of 100: 100 IOPS at 10 GiB, 120 at 40 GiB."""
    small = make_volume(ctx, VolumeType="gp2", Size=10)
    large = make_volume(ctx, VolumeType="gp2", Size=40)
    ctx.equal((small.get("Iops"), large.get("Iops")), (100, 120), "(Iops at 10 GiB, at 40 GiB)")


@vol_case("io1-provisioned-iops", ["CreateVolume"], EBS_TYPES)
def io1_iops(ctx: CaseContext) -> None:
    """An io1 volume has the IOPS it was created with."""
    vol = make_volume(ctx, VolumeType="io1", Size=4, Iops=100)
    ctx.equal((vol.get("VolumeType"), vol.get("Iops")), ("io1", 100), "(VolumeType, Iops)")


def _size_refused(vtype: str, size: int, why: str, **extra) -> None:
    def run(ctx: CaseContext) -> None:
        reply = create_volume(ctx, fixture=False, VolumeType=vtype, Size=size, **extra)
        ctx.expect_error(reply, "InvalidParameterValue", 400, f"CreateVolume {vtype} {size} GiB")

    run.__doc__ = f"A {size} GiB {vtype} volume is refused with InvalidParameterValue ({why})."
    vol_case(f"size-{vtype}-{size}-refused", ["CreateVolume"], EBS_TYPES)(run)


_size_refused("gp3", 16385, "gp3 volumes are 1-16384 GiB")
_size_refused("gp2", 16385, "gp2 volumes are 1-16384 GiB")
_size_refused("io1", 3, "io1 volumes are 4-16384 GiB", Iops=100)
_size_refused("st1", 124, "st1 volumes are 125-16384 GiB")
_size_refused("sc1", 124, "sc1 volumes are 125-16384 GiB")
_size_refused("standard", 1025, "magnetic volumes are 1-1024 GiB")


@vol_case("unknown-zone-refused", ["CreateVolume"], api("CreateVolume"), "advisory")
def unknown_zone(ctx: CaseContext) -> None:
    """A zone the region does not have is refused."""
    reply = create_volume(ctx, f"{ctx.region}-nozone", fixture=False)
    ctx.expect_error(reply, ("InvalidParameterValue", "InvalidZone.NotFound"), 400)


@vol_case("attach-answer", ["AttachVolume"], api("AttachVolume"), timeout=240)
def attach_answer(ctx: CaseContext) -> None:
    """AttachVolume answers the attachment: volume, instance, device, state attaching (or attached)."""
    inst, net = running_instance(ctx)
    vid = available_volume(ctx, net.az)["VolumeId"]
    reply = ctx.expect_ok(attach_volume(ctx, vid, inst["InstanceId"], "/dev/sdf", fixture=False))
    ctx.equal((reply.get("VolumeId"), reply.get("InstanceId"), reply.get("Device")), (vid, inst["InstanceId"], "/dev/sdf"),
              "(VolumeId, InstanceId, Device)", reply)
    ctx.check(reply.get("State") in ("attaching", "attached"), "State", expected="attaching",
              observed=reply.get("State"), reply=reply)


@vol_case("attached-in-use", ["AttachVolume", "DescribeVolumes"], EBS_ATTACH, timeout=240)
def attached_in_use(ctx: CaseContext) -> None:
    """An attached volume is in-use, with one attachment in state attached at the device."""
    inst, vid = attached_pair(ctx, "/dev/sdg")
    got = poll(ctx, lambda: volume(ctx, vid), lambda v: [a.get("State") for a in v.get("Attachments") or []] == ["attached"])
    ctx.equal([(a.get("InstanceId"), a.get("Device"), a.get("State")) for a in got.get("Attachments") or []],
              [(inst["InstanceId"], "/dev/sdg", "attached")], "(InstanceId, Device, State) of the attachments")


@vol_case("attach-in-use-volume-refused", ["AttachVolume"], ERRORS, timeout=240)
def attach_twice(ctx: CaseContext) -> None:
    """A volume that is attached cannot be attached again: VolumeInUse."""
    inst, vid = attached_pair(ctx)
    reply = attach_volume(ctx, vid, inst["InstanceId"], "/dev/sdh", fixture=False)
    ctx.expect_error(reply, "VolumeInUse", 400)


@vol_case("device-in-use-refused", ["AttachVolume"], DEVICE_NAMES, "advisory", timeout=240)
def device_in_use(ctx: CaseContext) -> None:
    """A second volume cannot be attached at a device name already in use."""
    inst, vid = attached_pair(ctx)
    other = available_volume(ctx, volume(ctx, vid)["AvailabilityZone"])["VolumeId"]
    reply = attach_volume(ctx, other, inst["InstanceId"], "/dev/sdf", fixture=False)
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@vol_case("bad-device-name-refused", ["AttachVolume"], DEVICE_NAMES, "advisory", timeout=240)
def bad_device(ctx: CaseContext) -> None:
    """A device name that is not a device name is refused with InvalidParameterValue."""
    inst, net = running_instance(ctx)
    vid = available_volume(ctx, net.az)["VolumeId"]
    ctx.expect_error(attach_volume(ctx, vid, inst["InstanceId"], "disk-one", fixture=False), "InvalidParameterValue", 400)


@vol_case("attach-unknown-instance", ["AttachVolume"], ERRORS)
def attach_unknown(ctx: CaseContext) -> None:
    """Attaching to an instance that does not exist answers InvalidInstanceID.NotFound."""
    vid = available_volume(ctx)["VolumeId"]
    reply = attach_volume(ctx, vid, absent_id("i"), fixture=False)
    ctx.expect_error(reply, "InvalidInstanceID.NotFound", 400)


@vol_case("attach-other-zone-refused", ["AttachVolume"], ERRORS, timeout=240)
def zone_mismatch(ctx: CaseContext) -> None:
    """A volume cannot be attached to an instance in another zone: InvalidVolume.ZoneMismatch."""
    if len(zones(ctx)) < 2:
        ctx.skip("the region has one Availability Zone")
    inst, net = running_instance(ctx)
    other = next(z for z in zones(ctx) if z != net.az)
    vid = available_volume(ctx, other)["VolumeId"]
    reply = attach_volume(ctx, vid, inst["InstanceId"], fixture=False)
    ctx.expect_error(reply, "InvalidVolume.ZoneMismatch", 400)


@vol_case("detach-answer", ["DetachVolume"], api("DetachVolume"), timeout=240)
def detach_answer(ctx: CaseContext) -> None:
    """DetachVolume answers the attachment in state detaching (or detached)."""
    inst, vid = attached_pair(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DetachVolume", VolumeId=vid))
    ctx.equal((reply.get("VolumeId"), reply.get("InstanceId")), (vid, inst["InstanceId"]), "(VolumeId, InstanceId)", reply)
    ctx.check(reply.get("State") in ("detaching", "detached"), "State", expected="detaching",
              observed=reply.get("State"), reply=reply)


@vol_case("detached-available", ["DetachVolume", "DescribeVolumes"], EBS_DETACH, timeout=240)
def detached_available(ctx: CaseContext) -> None:
    """A detached volume returns to available with no attachment."""
    _, vid = attached_pair(ctx)
    ctx.expect_ok(ctx.call(SVC, "DetachVolume", VolumeId=vid))
    got = wait_volume(ctx, vid, "available", within=50)
    ctx.equal(got.get("Attachments") or [], [], "Attachments")


@vol_case("detach-unattached-refused", ["DetachVolume"], ERRORS, "advisory")
def detach_unattached(ctx: CaseContext) -> None:
    """Detaching a volume that is not attached is refused with IncorrectState."""
    vid = available_volume(ctx)["VolumeId"]
    ctx.expect_error(ctx.call(SVC, "DetachVolume", VolumeId=vid), "IncorrectState", 400)


@vol_case("delete-in-use-refused", ["DeleteVolume"], EBS_DELETE, timeout=240)
def delete_in_use(ctx: CaseContext) -> None:
    """An attached volume cannot be deleted: VolumeInUse."""
    _, vid = attached_pair(ctx)
    ctx.expect_error(ctx.call(SVC, "DeleteVolume", VolumeId=vid), "VolumeInUse", 400)


@vol_case("delete-then-not-found", ["DeleteVolume", "DescribeVolumes"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteVolume, describing it answers InvalidVolume.NotFound (once it is gone)."""
    vid = available_volume(ctx)["VolumeId"]
    ctx.expect_ok(ctx.call(SVC, "DeleteVolume", VolumeId=vid))
    expect_gone(ctx, "DescribeVolumes", "InvalidVolume.NotFound", within=45, VolumeIds=[vid])


@vol_case("modify-size", ["ModifyVolume"], api("ModifyVolume"))
def modify_size(ctx: CaseContext) -> None:
    """ModifyVolume to a larger size answers a modification with the original and target sizes."""
    vid = available_volume(ctx)["VolumeId"]
    reply = ctx.expect_ok(ctx.call(SVC, "ModifyVolume", VolumeId=vid, Size=2))
    mod = reply.get("VolumeModification") or {}
    ctx.equal((mod.get("VolumeId"), mod.get("OriginalSize"), mod.get("TargetSize")), (vid, 1, 2),
              "(VolumeId, OriginalSize, TargetSize)", reply)
    ctx.check(mod.get("ModificationState") in ("modifying", "optimizing", "completed"), "ModificationState",
              expected="modifying/optimizing/completed", observed=mod.get("ModificationState"), reply=reply)


@vol_case("modify-shrink-refused", ["ModifyVolume"], EBS_MODIFY, "advisory")
def modify_shrink(ctx: CaseContext) -> None:
    """A volume cannot be made smaller."""
    vid = available_volume(ctx, Size=2)["VolumeId"]
    ctx.expect_error(ctx.call(SVC, "ModifyVolume", VolumeId=vid, Size=1), status=400)


@vol_case("encrypted-per-account-default", ["GetEbsEncryptionByDefault", "CreateVolume"], EBS_ENCRYPTION)
def encrypted_default(ctx: CaseContext) -> None:
    """A volume created without Encrypted is encrypted exactly when the account's
    encryption-by-default setting is on."""
    default = ctx.expect_ok(ctx.call(SVC, "GetEbsEncryptionByDefault")).get("EbsEncryptionByDefault")
    ctx.equal(make_volume(ctx).get("Encrypted"), default, "Encrypted (account default)")


@vol_case("tags-on-create", ["CreateVolume", "DescribeVolumes"], api("CreateVolume"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the described volume."""
    vid = make_volume(ctx, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "data", "Value": "yes"}]}])["VolumeId"]
    ctx.equal(tags_of(volume(ctx, vid)).get("data"), "yes", "tag data")


@vol_case("filter-status", ["DescribeVolumes"], api("DescribeVolumes"))
def filter_status(ctx: CaseContext) -> None:
    """The status filter matches the volume's state only."""
    vid = available_volume(ctx)["VolumeId"]

    def listed(status: str) -> list[str]:
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeVolumes", VolumeIds=[vid], Filters=[{"Name": "status", "Values": [status]}]))
        return [v["VolumeId"] for v in reply.get("Volumes") or []]

    ctx.equal((listed("available"), listed("in-use")), ([vid], []), "(listed as available, listed as in-use)")


@vol_case("paginate-max-results", ["DescribeVolumes"], PAGINATION)
def paginate(ctx: CaseContext) -> None:
    """Six volumes listed with MaxResults=5: at most five per page, all six once over the pages."""
    mark = ctx.name("mark")
    tag = [{"ResourceType": "volume", "Tags": [{"Key": "awscompat-case", "Value": mark}]}]
    made = sorted(make_volume(ctx, TagSpecifications=tag)["VolumeId"] for _ in range(6))
    seen, sizes, params = [], [], {"Filters": [{"Name": "tag:awscompat-case", "Values": [mark]}], "MaxResults": 5}
    for _ in range(20):  # bounded
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeVolumes", **params))
        page = [v["VolumeId"] for v in reply.get("Volumes") or []]
        seen, sizes = seen + page, sizes + [len(page)]
        if not reply.get("NextToken"):
            break
        params["NextToken"] = reply["NextToken"]
    ctx.check(max(sizes) <= 5, "a page held more than MaxResults", expected="<= 5 per page", observed=sizes)
    ctx.equal(sorted(seen), made, "volumes over all pages")


@vol_case("from-snapshot", ["CreateVolume"], api("CreateVolume"), timeout=240)
def from_snapshot(ctx: CaseContext) -> None:
    """A volume created from a snapshot names it and, without a Size, has the snapshot's size."""
    snap = completed_snapshot(ctx)
    vol = ctx.expect_ok(create_volume(ctx, fixture=False, Size=None, SnapshotId=snap["SnapshotId"]))
    ctx.equal((vol.get("SnapshotId"), vol.get("Size")), (snap["SnapshotId"], snap.get("VolumeSize")), "(SnapshotId, Size)")


@vol_case("volume-status", ["DescribeVolumeStatus"], api("VolumeStatusInfo"), "advisory")
def volume_status(ctx: CaseContext) -> None:
    """DescribeVolumeStatus reports the volume with a status of ok, warning, impaired or insufficient-data."""
    vid = available_volume(ctx)["VolumeId"]
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeVolumeStatus", VolumeIds=[vid]))
    got = [(s.get("VolumeId"), (s.get("VolumeStatus") or {}).get("Status")) for s in reply.get("VolumeStatuses") or []]
    ctx.check(len(got) == 1 and got[0][0] == vid and got[0][1] in ("ok", "warning", "impaired", "insufficient-data"),
              "VolumeStatuses", expected=f"[({vid}, ok|...)]", observed=got, reply=reply)
