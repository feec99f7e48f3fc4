"""Instances, attributes and describing: metadata options (defaults, at launch, modified),
instance attributes (type, user data, source/dest check), the root device, key name, monitoring,
DescribeInstances filters and pagination, and DescribeInstanceStatus."""

from __future__ import annotations

import base64

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ERRORS, INSTANCE_METADATA, PAGINATION, api, cases
from awscompat.scenarios.ec2._fixtures import (
    INSTANCE_TYPE,
    first,
    instance,
    instances_in,
    make_instance,
    make_key,
    running_instance,
    stopped_instance,
    wait_instance,
)
from awscompat.scenarios.ec2._ledger import SVC

MARK = "awscompat-case"
inst_case = cases("instances", timeout=60)


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


@inst_case("metadata-options-defaults", ["RunInstances", "DescribeInstances"], api("InstanceMetadataOptionsResponse"))
def metadata_defaults(ctx: CaseContext) -> None:
    """An instance launched without metadata options has the metadata endpoint enabled, options in
    state pending or applied, and a hop limit between 1 and 64."""
    inst, _ = make_instance(ctx)
    opts = instance(ctx, inst["InstanceId"]).get("MetadataOptions") or {}
    ctx.equal(opts.get("HttpEndpoint"), "enabled", "MetadataOptions.HttpEndpoint")
    ctx.check(opts.get("State") in ("pending", "applied"), "MetadataOptions.State", expected="pending or applied",
              observed=opts.get("State"))
    ctx.check(isinstance(opts.get("HttpPutResponseHopLimit"), int) and 1 <= opts["HttpPutResponseHopLimit"] <= 64,
              "HttpPutResponseHopLimit out of 1-64", expected="1..64", observed=opts.get("HttpPutResponseHopLimit"))


@inst_case("metadata-options-at-launch", ["RunInstances", "DescribeInstances"], INSTANCE_METADATA)
def metadata_at_launch(ctx: CaseContext) -> None:
    """Metadata options given at launch (IMDSv2 required, hop limit 2) are the instance's."""
    inst, _ = make_instance(ctx, MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 2})
    opts = instance(ctx, inst["InstanceId"]).get("MetadataOptions") or {}
    ctx.equal((opts.get("HttpTokens"), opts.get("HttpPutResponseHopLimit")), ("required", 2),
              "(HttpTokens, HttpPutResponseHopLimit)")


@inst_case("modify-metadata-options", ["ModifyInstanceMetadataOptions", "DescribeInstances"],
           api("ModifyInstanceMetadataOptions"))
def modify_metadata(ctx: CaseContext) -> None:
    """ModifyInstanceMetadataOptions answers the new options and the instance then has them."""
    inst, _ = make_instance(ctx, MetadataOptions={"HttpTokens": "optional"})
    iid = inst["InstanceId"]
    reply = ctx.expect_ok(ctx.call(SVC, "ModifyInstanceMetadataOptions", InstanceId=iid, HttpTokens="required"))
    answered = reply.get("InstanceMetadataOptions") or {}
    ctx.equal((reply.get("InstanceId"), answered.get("HttpTokens")), (iid, "required"), "(InstanceId, HttpTokens)", reply)
    ctx.equal((instance(ctx, iid).get("MetadataOptions") or {}).get("HttpTokens"), "required", "HttpTokens described")


@inst_case("metadata-hop-limit-out-of-range", ["ModifyInstanceMetadataOptions"], api("ModifyInstanceMetadataOptions"),
           "advisory")
def hop_limit_range(ctx: CaseContext) -> None:
    """A hop limit above 64 is refused with InvalidParameterValue."""
    inst, _ = make_instance(ctx)
    reply = ctx.call(SVC, "ModifyInstanceMetadataOptions", InstanceId=inst["InstanceId"], HttpPutResponseHopLimit=65)
    ctx.expect_error(reply, "InvalidParameterValue", 400)


@inst_case("attribute-instance-type", ["DescribeInstanceAttribute"], api("DescribeInstanceAttribute"))
def attr_type(ctx: CaseContext) -> None:
    """DescribeInstanceAttribute instanceType gives the launched type."""
    inst, _ = make_instance(ctx)
    got = attribute(ctx, inst["InstanceId"], "instanceType")
    ctx.equal((got.get("InstanceId"), (got.get("InstanceType") or {}).get("Value")), (inst["InstanceId"], INSTANCE_TYPE),
              "(InstanceId, InstanceType.Value)")


@inst_case("attribute-user-data", ["RunInstances", "DescribeInstanceAttribute"], api("DescribeInstanceAttribute"))
def attr_user_data(ctx: CaseContext) -> None:
    """The user data given at launch comes back base64-encoded from DescribeInstanceAttribute userData."""
    script = "#!/bin/sh\necho awscompat\n"
    inst, _ = make_instance(ctx, UserData=script)
    value = (attribute(ctx, inst["InstanceId"], "userData").get("UserData") or {}).get("Value", "")
    ctx.equal(base64.b64decode(value).decode(errors="replace"), script, "decoded user data")


@inst_case("source-dest-check-default", ["DescribeInstances"], api("Instance"))
def source_dest(ctx: CaseContext) -> None:
    """An instance starts with source/destination checking on."""
    inst, _ = make_instance(ctx)
    ctx.equal(instance(ctx, inst["InstanceId"]).get("SourceDestCheck"), True, "SourceDestCheck")


@inst_case("monitoring-disabled-default", ["DescribeInstances"], api("Monitoring"))
def monitoring(ctx: CaseContext) -> None:
    """Detailed monitoring is off unless asked for."""
    inst, _ = make_instance(ctx)
    ctx.equal((instance(ctx, inst["InstanceId"]).get("Monitoring") or {}).get("State"), "disabled", "Monitoring.State")


@inst_case("key-name-at-launch", ["RunInstances", "DescribeInstances"], api("RunInstances"))
def key_name(ctx: CaseContext) -> None:
    """The key pair named at launch is the instance's KeyName."""
    key = make_key(ctx)["KeyName"]
    inst, _ = make_instance(ctx, KeyName=key)
    ctx.equal(instance(ctx, inst["InstanceId"]).get("KeyName"), key, "KeyName")


@inst_case("root-device-mapped", ["RunInstances", "DescribeInstances", "DescribeVolumes"], api("Instance"), timeout=240)
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


@inst_case("modify-type-while-running-refused", ["ModifyInstanceAttribute"], ERRORS, timeout=240)
def modify_running(ctx: CaseContext) -> None:
    """The instance type of a running instance cannot be changed: IncorrectInstanceState."""
    inst, _ = running_instance(ctx)
    reply = ctx.call(SVC, "ModifyInstanceAttribute", InstanceId=inst["InstanceId"], InstanceType={"Value": "t3.small"})
    ctx.expect_error(reply, "IncorrectInstanceState", 400)


@inst_case("modify-type-when-stopped", ["ModifyInstanceAttribute", "DescribeInstanceAttribute"],
           api("ModifyInstanceAttribute"), timeout=240)
def modify_stopped(ctx: CaseContext) -> None:
    """A stopped instance's type can be changed (it is not started again here)."""
    iid = stopped_instance(ctx)["InstanceId"]
    ctx.expect_ok(ctx.call(SVC, "ModifyInstanceAttribute", InstanceId=iid, InstanceType={"Value": "t3.small"}))
    ctx.equal((attribute(ctx, iid, "instanceType").get("InstanceType") or {}).get("Value"), "t3.small", "instanceType")


@inst_case("modify-source-dest-check", ["ModifyInstanceAttribute", "DescribeInstances"], api("ModifyInstanceAttribute"))
def modify_source_dest(ctx: CaseContext) -> None:
    """ModifyInstanceAttribute SourceDestCheck=false turns the check off."""
    inst, _ = make_instance(ctx)
    ctx.expect_ok(ctx.call(SVC, "ModifyInstanceAttribute", InstanceId=inst["InstanceId"], SourceDestCheck={"Value": False}))
    ctx.equal(instance(ctx, inst["InstanceId"]).get("SourceDestCheck"), False, "SourceDestCheck")


@inst_case("filter-by-tag", ["DescribeInstances"], api("DescribeInstances"))
def filter_tag(ctx: CaseContext) -> None:
    """A tag:<key> filter finds the instance carrying that tag."""
    inst, mark = marked(ctx)
    ctx.equal(listed(ctx, mark_filter(mark)), [inst["InstanceId"]], "instances listed")


@inst_case("filter-by-state", ["DescribeInstances"], api("DescribeInstances"), timeout=240)
def filter_state(ctx: CaseContext) -> None:
    """The instance-state-name filter matches the instance's current state only."""
    inst, mark = marked(ctx)
    wait_instance(ctx, inst["InstanceId"], "running", within=100, need=True)
    running = listed(ctx, mark_filter(mark), {"Name": "instance-state-name", "Values": ["running"]})
    stopped = listed(ctx, mark_filter(mark), {"Name": "instance-state-name", "Values": ["stopped"]})
    ctx.equal((running, stopped), ([inst["InstanceId"]], []), "(listed as running, listed as stopped)")


@inst_case("filter-by-subnet-and-type", ["DescribeInstances"], api("DescribeInstances"))
def filter_subnet(ctx: CaseContext) -> None:
    """The subnet-id and instance-type filters match the instance's subnet and type."""
    inst, net = make_instance(ctx)
    hit = listed(ctx, {"Name": "subnet-id", "Values": [net.subnet]}, {"Name": "instance-type", "Values": [INSTANCE_TYPE]})
    miss = listed(ctx, {"Name": "subnet-id", "Values": [net.subnet]}, {"Name": "instance-type", "Values": ["m5.large"]})
    ctx.equal((hit, miss), ([inst["InstanceId"]], []), "(matching type, other type)")


@inst_case("paginate-max-results", ["DescribeInstances"], PAGINATION)
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


@inst_case("max-results-below-5-refused", ["DescribeInstances"], api("DescribeInstances"), "advisory", mutating=False)
def max_results_small(ctx: CaseContext) -> None:
    """MaxResults below 5 is refused with InvalidParameterValue."""
    ctx.expect_error(ctx.call(SVC, "DescribeInstances", MaxResults=4), "InvalidParameterValue", 400)


@inst_case("max-results-with-ids-refused", ["DescribeInstances"], api("DescribeInstances"), "advisory")
def max_results_ids(ctx: CaseContext) -> None:
    """MaxResults cannot be combined with InstanceIds: InvalidParameterCombination."""
    inst, _ = make_instance(ctx)
    reply = ctx.call(SVC, "DescribeInstances", InstanceIds=[inst["InstanceId"]], MaxResults=5)
    ctx.expect_error(reply, "InvalidParameterCombination", 400)


@inst_case("status-of-running", ["DescribeInstanceStatus"], api("DescribeInstanceStatus"), timeout=240)
def status_running(ctx: CaseContext) -> None:
    """DescribeInstanceStatus of a running instance gives state running (16) and its zone."""
    inst, net = running_instance(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeInstanceStatus", InstanceIds=[inst["InstanceId"]]))
    got = [(s.get("InstanceId"), (s.get("InstanceState") or {}).get("Name"), s.get("AvailabilityZone"))
           for s in reply.get("InstanceStatuses") or []]
    ctx.equal(got, [(inst["InstanceId"], "running", net.az)], "(InstanceId, state, zone)", reply)


@inst_case("status-of-stopped-needs-include-all", ["DescribeInstanceStatus"], api("DescribeInstanceStatus"),
           timeout=240)
def status_stopped(ctx: CaseContext) -> None:
    """A stopped instance's status is listed only with IncludeAllInstances=true."""
    iid = stopped_instance(ctx)["InstanceId"]
    plain = ctx.expect_ok(ctx.call(SVC, "DescribeInstanceStatus", InstanceIds=[iid]))
    every = ctx.expect_ok(ctx.call(SVC, "DescribeInstanceStatus", InstanceIds=[iid], IncludeAllInstances=True))
    got = ([s.get("InstanceId") for s in plain.get("InstanceStatuses") or []],
           [(s.get("InstanceState") or {}).get("Name") for s in every.get("InstanceStatuses") or []])
    ctx.equal(got, ([], ["stopped"]), "(listed by default, states with IncludeAllInstances)")
