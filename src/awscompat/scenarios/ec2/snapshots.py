"""EBS snapshots: what CreateSnapshot answers, pending -> completed, descriptions and tags,
describing (owner self, filters), copying, permissions, encryption following the volume, and
deletion (a snapshot an AMI uses, then gone). Snapshots are of 1 GiB volumes."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import EBS_SNAPSHOTS, ERRORS, api, cases
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    available_volume,
    completed_snapshot,
    expect_gone,
    first,
    make_snapshot,
    register_image,
    tags_of,
    wait_snapshot,
)
from awscompat.scenarios.ec2._ledger import SNAPSHOT, SNAPSHOT_COPY, SVC, create

snap_case = cases("snapshots", timeout=240)


def snapshot(ctx: CaseContext, sid: str) -> dict:
    return first(ctx, "DescribeSnapshots", "Snapshots", SnapshotIds=[sid])


@snap_case("create-answer", ["CreateSnapshot"], api("CreateSnapshot"))
def create_answer(ctx: CaseContext) -> None:
    """CreateSnapshot answers a snap-... id for the volume, its size, a start time and state
    pending (or completed)."""
    vol = available_volume(ctx)
    reply = ctx.expect_ok(create(ctx, SNAPSHOT, {"VolumeId": vol["VolumeId"]}, fixture=False))
    ctx.equal((reply.get("VolumeId"), reply.get("VolumeSize")), (vol["VolumeId"], 1), "(VolumeId, VolumeSize)", reply)
    ctx.check(re.fullmatch(r"snap-[0-9a-f]{8,17}", reply.get("SnapshotId", "")), "SnapshotId is not snap-<hex>",
              expected="snap-<hex>", observed=reply.get("SnapshotId"), reply=reply)
    ctx.check(reply.get("State") in ("pending", "completed") and reply.get("StartTime"), "State or StartTime",
              expected="pending or completed, with a StartTime", observed=reply.parsed, reply=reply)


@snap_case("reaches-completed", ["CreateSnapshot", "DescribeSnapshots"], EBS_SNAPSHOTS)
def reaches_completed(ctx: CaseContext) -> None:
    """A snapshot of a small volume reaches state completed with progress 100%."""
    snap = make_snapshot(ctx, available_volume(ctx)["VolumeId"])
    got = wait_snapshot(ctx, snap["SnapshotId"], "completed")
    ctx.equal(got.get("Progress"), "100%", "Progress")


@snap_case("description-kept", ["CreateSnapshot", "DescribeSnapshots"], api("CreateSnapshot"))
def description(ctx: CaseContext) -> None:
    """The description given to CreateSnapshot is the snapshot's."""
    snap = make_snapshot(ctx, available_volume(ctx)["VolumeId"], Description="nightly")
    ctx.equal(snapshot(ctx, snap["SnapshotId"]).get("Description"), "nightly", "Description")


@snap_case("tags-on-create", ["CreateSnapshot", "DescribeSnapshots"], api("CreateSnapshot"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the described snapshot."""
    snap = make_snapshot(ctx, available_volume(ctx)["VolumeId"], TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "keep", "Value": "7d"}]}])
    ctx.equal(tags_of(snapshot(ctx, snap["SnapshotId"])).get("keep"), "7d", "tag keep")


@snap_case("owner-self-and-volume-filter", ["DescribeSnapshots"], api("DescribeSnapshots"))
def owner_self(ctx: CaseContext) -> None:
    """DescribeSnapshots with OwnerIds self and the volume-id filter lists the snapshot."""
    vid = available_volume(ctx)["VolumeId"]
    sid = make_snapshot(ctx, vid)["SnapshotId"]
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSnapshots", OwnerIds=["self"],
                                   Filters=[{"Name": "volume-id", "Values": [vid]}]))
    ctx.equal([s["SnapshotId"] for s in reply.get("Snapshots") or []], [sid], "snapshots listed", reply)


@snap_case("owner-is-caller", ["DescribeSnapshots", "GetCallerIdentity"], api("Snapshot"))
def owner_is_caller(ctx: CaseContext) -> None:
    """A snapshot's OwnerId is the caller's account."""
    account = ctx.fixture("sts", "GetCallerIdentity")["Account"]
    sid = make_snapshot(ctx, available_volume(ctx)["VolumeId"])["SnapshotId"]
    ctx.equal(snapshot(ctx, sid).get("OwnerId"), account, "OwnerId")


@snap_case("copy", ["CopySnapshot", "DescribeSnapshots"], api("CopySnapshot"))
def copy(ctx: CaseContext) -> None:
    """CopySnapshot in the same region answers a new snapshot id, described with the copy's description."""
    src = completed_snapshot(ctx)["SnapshotId"]
    reply = ctx.expect_ok(create(ctx, SNAPSHOT_COPY, {"SourceSnapshotId": src, "SourceRegion": ctx.region,
                                                      "Description": "copy"}, fixture=False))
    new = reply.get("SnapshotId")
    ctx.check(new and new != src, "no new SnapshotId", expected="a new snap-...", observed=new, reply=reply)
    ctx.equal(snapshot(ctx, new).get("Description"), "copy", "Description of the copy")


@snap_case("create-volume-permission-empty", ["DescribeSnapshotAttribute"], api("DescribeSnapshotAttribute"))
def permission_empty(ctx: CaseContext) -> None:
    """A new snapshot is shared with no one: its createVolumePermission list is empty."""
    sid = make_snapshot(ctx, available_volume(ctx)["VolumeId"])["SnapshotId"]
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeSnapshotAttribute", SnapshotId=sid, Attribute="createVolumePermission"))
    ctx.equal((reply.get("SnapshotId"), reply.get("CreateVolumePermissions")), (sid, []),
              "(SnapshotId, CreateVolumePermissions)", reply)


@snap_case("encryption-follows-volume", ["CreateSnapshot"], api("Snapshot"))
def encryption(ctx: CaseContext) -> None:
    """A snapshot is encrypted exactly when its volume is."""
    vol = available_volume(ctx)
    ctx.equal(make_snapshot(ctx, vol["VolumeId"]).get("Encrypted"), vol.get("Encrypted"), "Encrypted")


@snap_case("delete-used-by-image-refused", ["DeleteSnapshot"], ERRORS)
def delete_in_use(ctx: CaseContext) -> None:
    """A snapshot a registered AMI uses cannot be deleted: InvalidSnapshot.InUse."""
    sid = completed_snapshot(ctx)["SnapshotId"]
    register_image(ctx, sid)
    ctx.expect_error(ctx.call(SVC, "DeleteSnapshot", SnapshotId=sid), "InvalidSnapshot.InUse", 400)


@snap_case("delete-then-not-found", ["DeleteSnapshot", "DescribeSnapshots"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteSnapshot, describing it answers InvalidSnapshot.NotFound."""
    sid = completed_snapshot(ctx)["SnapshotId"]
    ctx.expect_ok(ctx.call(SVC, "DeleteSnapshot", SnapshotId=sid))
    expect_gone(ctx, "DescribeSnapshots", "InvalidSnapshot.NotFound", SnapshotIds=[sid])


@snap_case("unknown-volume-refused", ["CreateSnapshot"], ERRORS)
def unknown_volume(ctx: CaseContext) -> None:
    """A snapshot of a volume that does not exist is refused with InvalidVolume.NotFound."""
    reply = create(ctx, SNAPSHOT, {"VolumeId": absent_id("vol")}, fixture=False)
    ctx.expect_error(reply, "InvalidVolume.NotFound", 400)


@snap_case("malformed-id", ["DescribeSnapshots"], ERRORS, mutating=False)
def malformed(ctx: CaseContext) -> None:
    """A snapshot id that is not snap-<hex> answers InvalidSnapshotID.Malformed."""
    ctx.expect_error(ctx.call(SVC, "DescribeSnapshots", SnapshotIds=["snap-not-an-id"]), "InvalidSnapshotID.Malformed", 400)


@snap_case("unknown-id-not-found", ["DescribeSnapshots"], ERRORS, mutating=False)
def unknown(ctx: CaseContext) -> None:
    """A well-formed snapshot id that names nothing answers InvalidSnapshot.NotFound."""
    ctx.expect_error(ctx.call(SVC, "DescribeSnapshots", SnapshotIds=[absent_id("snap")]), "InvalidSnapshot.NotFound", 400)
