"""Kinesis stream cases that stay Python: CreateStream under test (re-sent while throttled), polls
(deletion, consumers, ACTIVE after a change), pages of ListStreams, resource policies compared as
decoded JSON. The other stream cases are data: cases/kinesis/streams.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._wait import poll
from awscompat.scenarios.kinesis._fixtures import (
    SVC,
    api,
    create_stream,
    make_stream,
    rec,
    shard_ids,
    stream_name,
    summary,
    wait_active,
)

_POLICY = "test_resource_policy_crud"


@scenario(
    id="kinesis/scenario/streams/create-provisioned",
    feature="kinesis/streams",
    operations=["CreateStream", "DescribeStreamSummary"],
    provenance=api("CreateStream"),
    timeout=120,
)
def create_provisioned(ctx: CaseContext) -> None:
    """CreateStream is asynchronous: the stream is CREATING or ACTIVE at once and ACTIVE after a
    while, with the requested shard count, PROVISIONED mode and a 24-hour retention."""
    name = stream_name(ctx)
    ctx.expect_ok(create_stream(ctx, name, ShardCount=1), "CreateStream")
    first = summary(ctx, name).get("StreamStatus")
    ctx.check(first in ("CREATING", "ACTIVE"), "a new stream is neither CREATING nor ACTIVE",
              expected="CREATING|ACTIVE", observed=first)
    desc = wait_active(ctx, name)
    ctx.equal((desc.get("OpenShardCount"), (desc.get("StreamModeDetails") or {}).get("StreamMode"),
               desc.get("RetentionPeriodHours")), (1, "PROVISIONED", 24),
              "(OpenShardCount, StreamMode, RetentionPeriodHours)")


@scenario(
    id="kinesis/scenario/streams/create-without-shard-count",
    feature="kinesis/streams",
    operations=["CreateStream", "ListShards"],
    provenance=rec("test_create_stream_without_shard_count", "Shards"),
    timeout=120,
)
def create_without_shard_count(ctx: CaseContext) -> None:
    """A stream created without a ShardCount (on-demand) starts with four shards."""
    name = stream_name(ctx)
    ctx.expect_ok(create_stream(ctx, name, StreamModeDetails={"StreamMode": "ON_DEMAND"}), "CreateStream")
    wait_active(ctx, name)
    ctx.equal(len(shard_ids(ctx, name)), 4, "number of shards")


@scenario(
    id="kinesis/scenario/streams/delete-then-gone",
    feature="kinesis/streams",
    operations=["DeleteStream", "DescribeStreamSummary"],
    provenance=api("DeleteStream"),
    timeout=120,
)
def delete_then_gone(ctx: CaseContext) -> None:
    """After DeleteStream the stream is DELETING, then gone: DescribeStreamSummary answers 400
    ResourceNotFoundException (polled, bounded)."""
    name = make_stream(ctx)
    ctx.expect_ok(ctx.call(SVC, "DeleteStream", StreamName=name))

    def gone():
        reply = ctx.call(SVC, "DescribeStreamSummary", StreamName=name)
        if reply.ok:
            status = reply["StreamDescriptionSummary"].get("StreamStatus")
            ctx.check(status == "DELETING", "a deleted stream is not DELETING", expected="DELETING", observed=status)
            return None
        return reply

    reply = poll(gone, timeout=90.0, ctx=ctx, first=0.5)
    ctx.check(reply is not None, "the deleted stream still describes", expected="ResourceNotFoundException",
              observed="DELETING")
    ctx.expect_error(reply, "ResourceNotFoundException", 400)


@scenario(
    id="kinesis/scenario/streams/list-streams-includes-new",
    feature="kinesis/streams",
    operations=["ListStreams"],
    provenance=api("ListStreams"),
    timeout=120,
)
def list_streams_includes_new(ctx: CaseContext) -> None:
    """ListStreams, followed while HasMoreStreams, names the new stream."""
    name = make_stream(ctx)
    names: list[str] = []
    params: dict = {}
    for _ in range(50):  # bounded
        reply = ctx.expect_ok(ctx.call(SVC, "ListStreams", **params))
        names += reply.get("StreamNames") or []
        if name in names or not reply.get("HasMoreStreams") or not names:
            break
        params = {"ExclusiveStartStreamName": names[-1]}
    ctx.check(name in names, "ListStreams does not name the new stream", expected=name, observed=len(names))


@scenario(
    id="kinesis/scenario/streams/increase-retention",
    feature="kinesis/streams",
    operations=["IncreaseStreamRetentionPeriod"],
    provenance=api("IncreaseStreamRetentionPeriod"),
    timeout=120,
)
def increase_retention(ctx: CaseContext) -> None:
    """IncreaseStreamRetentionPeriod to 48 hours shows in the stream's RetentionPeriodHours."""
    name = make_stream(ctx)
    ctx.expect_ok(ctx.call(SVC, "IncreaseStreamRetentionPeriod", StreamName=name, RetentionPeriodHours=48))
    ctx.equal(wait_active(ctx, name).get("RetentionPeriodHours"), 48, "RetentionPeriodHours")


@scenario(
    id="kinesis/scenario/streams/increase-to-lower-refused",
    feature="kinesis/streams",
    operations=["IncreaseStreamRetentionPeriod"],
    provenance=api("IncreaseStreamRetentionPeriod"),
    severity="advisory",
    timeout=120,
)
def increase_to_lower_refused(ctx: CaseContext) -> None:
    """IncreaseStreamRetentionPeriod cannot shorten: 36 hours on a 48-hour stream is a 400
    InvalidArgumentException."""
    name = make_stream(ctx)
    ctx.fixture(SVC, "IncreaseStreamRetentionPeriod", StreamName=name, RetentionPeriodHours=48)
    wait_active(ctx, name)
    reply = ctx.call(SVC, "IncreaseStreamRetentionPeriod", StreamName=name, RetentionPeriodHours=36)
    ctx.expect_error(reply, "InvalidArgumentException", 400)


@scenario(
    id="kinesis/scenario/streams/register-consumer",
    feature="kinesis/streams",
    operations=["RegisterStreamConsumer", "DescribeStreamConsumer"],
    provenance=rec("test_stream_consumers", "One_consumer_by_describe_stream"),
    timeout=120,
)
def register_consumer(ctx: CaseContext) -> None:
    """A registered consumer becomes ACTIVE and describes with its name, ARN and the stream's ARN."""
    arn = summary(ctx, make_stream(ctx))["StreamARN"]
    ctx.expect_ok(ctx.call(SVC, "RegisterStreamConsumer", StreamARN=arn, ConsumerName="consumer"))

    def active() -> dict | None:
        reply = ctx.expect_ok(ctx.call(SVC, "DescribeStreamConsumer", StreamARN=arn, ConsumerName="consumer"))
        desc = reply.get("ConsumerDescription") or {}
        return desc if desc.get("ConsumerStatus") == "ACTIVE" else None

    desc = poll(active, timeout=60.0, ctx=ctx, first=0.5) or {}
    ctx.equal((desc.get("ConsumerName"), desc.get("ConsumerStatus"), desc.get("StreamARN")),
              ("consumer", "ACTIVE", arn), "(ConsumerName, ConsumerStatus, StreamARN)")
    ctx.check((desc.get("ConsumerARN") or "").startswith(arn + "/consumer"),
              "ConsumerARN is not <stream ARN>/consumer/...", expected=f"{arn}/consumer...",
              observed=desc.get("ConsumerARN"))


@scenario(
    id="kinesis/scenario/streams/list-consumers",
    feature="kinesis/streams",
    operations=["ListStreamConsumers"],
    provenance=rec("test_stream_consumers", "One_consumer_by_list_stream"),
    timeout=120,
)
def list_consumers(ctx: CaseContext) -> None:
    """ListStreamConsumers lists a registered consumer by name and ARN."""
    arn = summary(ctx, make_stream(ctx))["StreamARN"]
    consumer = ctx.expect_ok(ctx.call(SVC, "RegisterStreamConsumer", StreamARN=arn, ConsumerName="consumer"))
    reply = ctx.expect_ok(ctx.call(SVC, "ListStreamConsumers", StreamARN=arn))
    listed = [(c.get("ConsumerName"), c.get("ConsumerARN")) for c in reply.get("Consumers") or []]
    ctx.equal(listed, [("consumer", consumer["Consumer"]["ConsumerARN"])], "Consumers", reply)


@scenario(
    id="kinesis/scenario/streams/resource-policy-default",
    feature="kinesis/streams",
    operations=["GetResourcePolicy"],
    provenance=rec(_POLICY, "default_policy_if_not_set"),
    timeout=120,
)
def resource_policy_default(ctx: CaseContext) -> None:
    """A stream without a resource policy answers GetResourcePolicy with the empty policy '{}'."""
    arn = summary(ctx, make_stream(ctx))["StreamARN"]
    reply = ctx.expect_ok(ctx.call(SVC, "GetResourcePolicy", ResourceARN=arn))
    ctx.equal(json.loads(reply.get("Policy") or "null"), {}, "Policy", reply)


@scenario(
    id="kinesis/scenario/streams/resource-policy-roundtrip",
    feature="kinesis/streams",
    operations=["PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy"],
    provenance=rec(_POLICY, "get_resource_policy_after_set"),
    timeout=120,
)
def resource_policy_roundtrip(ctx: CaseContext) -> None:
    """A policy put on the stream reads back as written; after DeleteResourcePolicy it is '{}'."""
    arn = summary(ctx, make_stream(ctx))["StreamARN"]
    root = f"arn:{arn.split(':')[1]}:iam::{arn.split(':')[4]}:root"
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "AllowCrossAccountWrite", "Effect": "Allow",
                                                      "Principal": {"AWS": root}, "Action": "kinesis:PutRecord",
                                                      "Resource": arn}]}
    ctx.expect_ok(ctx.call(SVC, "PutResourcePolicy", ResourceARN=arn, Policy=json.dumps(policy)))
    reply = ctx.expect_ok(ctx.call(SVC, "GetResourcePolicy", ResourceARN=arn))
    ctx.equal(json.loads(reply.get("Policy") or "null"), policy, "Policy after PutResourcePolicy", reply)
    ctx.expect_ok(ctx.call(SVC, "DeleteResourcePolicy", ResourceARN=arn))
    reply = ctx.expect_ok(ctx.call(SVC, "GetResourcePolicy", ResourceARN=arn))
    ctx.equal(json.loads(reply.get("Policy") or "null"), {}, "Policy after DeleteResourcePolicy", reply)


@scenario(
    id="kinesis/scenario/streams/server-side-encryption",
    feature="kinesis/streams",
    operations=["StartStreamEncryption", "DescribeStreamSummary"],
    provenance=api("StartStreamEncryption"),
    timeout=120,
)
def server_side_encryption(ctx: CaseContext) -> None:
    """StartStreamEncryption with the AWS managed key alias/aws/kinesis makes the stream's
    EncryptionType KMS with that KeyId."""
    name = make_stream(ctx)
    ctx.expect_ok(ctx.call(SVC, "StartStreamEncryption", StreamName=name, EncryptionType="KMS",
                           KeyId="alias/aws/kinesis"))
    desc = wait_active(ctx, name)
    ctx.equal((desc.get("EncryptionType"), desc.get("KeyId")), ("KMS", "alias/aws/kinesis"), "(EncryptionType, KeyId)")
