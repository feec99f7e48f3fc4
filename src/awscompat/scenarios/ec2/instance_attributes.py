"""Instance attributes, what data cannot say (the rest is cases/ec2/instances.yaml): user data
decoded from base64, the root volume found by the answer's own root device name, and
DescribeInstances paging (a NextToken loop)."""

from __future__ import annotations

import base64

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import PAGINATION, api
from awscompat.scenarios.ec2._fixtures import (
    first,
    instances_in,
    make_instance,
    running_instance,
)
from awscompat.scenarios.ec2._ledger import SVC

MARK = "awscompat-case"


def inst_case(name: str, operations: list[str], provenance, severity: str = "required", **kw):
    return scenario(id=name, feature="ec2/instances", operations=operations, provenance=provenance,
                    severity=severity, **{"timeout": 60, **kw})


def marked(ctx: CaseContext, **params) -> tuple[dict, str]:
    """An instance carrying a tag unique to this scenario: (instance, tag value)."""
    mark = ctx.name("mark")
    inst, _ = make_instance(ctx, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": MARK, "Value": mark}]}],
                            **params)
    return inst, mark


def listed(ctx: CaseContext, *filters: dict, **params) -> list[str]:
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeInstances", Filters=list(filters), **params))
    return [i["InstanceId"] for i in instances_in(reply)]


def mark_filter(mark: str) -> dict:
    return {"Name": f"tag:{MARK}", "Values": [mark]}


def attribute(ctx: CaseContext, iid: str, name: str) -> dict:
    return ctx.expect_ok(ctx.call(SVC, "DescribeInstanceAttribute", InstanceId=iid, Attribute=name)).parsed


@inst_case("ec2/scenario/instances/attribute-user-data",
           ["RunInstances", "DescribeInstanceAttribute"], api("DescribeInstanceAttribute"))
def attr_user_data(ctx: CaseContext) -> None:
    """The user data given at launch comes back base64-encoded from DescribeInstanceAttribute userData."""
    script = "#!/bin/sh\necho awscompat\n"
    inst, _ = make_instance(ctx, UserData=script)
    value = (attribute(ctx, inst["InstanceId"], "userData").get("UserData") or {}).get("Value", "")
    ctx.equal(base64.b64decode(value).decode(errors="replace"), script, "decoded user data")


@inst_case("ec2/scenario/instances/root-device-mapped",
           ["RunInstances", "DescribeInstances", "DescribeVolumes"], api("Instance"), timeout=240)
def root_device(ctx: CaseContext) -> None:
    """A running instance maps its root device name to an EBS volume attached to it."""
    inst, _ = running_instance(ctx)
    root = inst.get("RootDeviceName")
    maps = {m.get("DeviceName"): (m.get("Ebs") or {}) for m in inst.get("BlockDeviceMappings") or []}
    ctx.check(root in maps and maps[root].get("VolumeId"), "no EBS volume at the root device",
              expected=f"a mapping for {root}", observed=inst.get("BlockDeviceMappings"))
    vol = first(ctx, "DescribeVolumes", "Volumes", VolumeIds=[maps[root]["VolumeId"]])
    ctx.equal([(a.get("InstanceId"), a.get("Device")) for a in vol.get("Attachments") or []],
              [(inst["InstanceId"], root)], "the root volume's attachments")


@inst_case("ec2/scenario/instances/paginate-max-results",
           ["DescribeInstances"], PAGINATION)
def paginate(ctx: CaseContext) -> None:
    """DescribeInstances with MaxResults=5, followed through NextToken, lists the instance once."""
    inst, mark = marked(ctx)
    seen, params = [], {"Filters": [mark_filter(mark)], "MaxResults": 5}
    for _ in range(20):  # bounded
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeInstances", **params))
        seen += [i["InstanceId"] for i in instances_in(reply)]
        if not reply.get("NextToken"):
            break
        params["NextToken"] = reply["NextToken"]
    ctx.equal(seen, [inst["InstanceId"]], "instances over all pages")
