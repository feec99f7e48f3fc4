"""Kinesis error codes: streams that do not exist (with the recorded message), and requests whose
parameters are out of bounds."""

from __future__ import annotations

import re

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kinesis._fixtures import (
    SVC,
    api,
    create_stream,
    rec,
    stream_name,
)


@scenario(
    id="kinesis/scenario/errors/describe-missing-stream",
    feature="kinesis/errors",
    operations=["DescribeStream"],
    provenance=rec("test_cbor_exceptions", "cbor-error"),
    mutating=False,
)
def describe_missing_stream(ctx: CaseContext) -> None:
    """DescribeStream of a stream that does not exist: 400 ResourceNotFoundException, 'Stream
    <name> under account <account> not found.'"""
    name = stream_name(ctx, "absent")
    reply = ctx.expect_error(ctx.call(SVC, "DescribeStream", StreamName=name), "ResourceNotFoundException", 400)
    message = reply.error.get("Message") or ""
    ctx.check(re.fullmatch(rf"Stream {re.escape(name)} under account \d{{12}} not found\.", message),
              "the message is not 'Stream <name> under account <account> not found.'",
              expected=f"Stream {name} under account <account> not found.", observed=message, reply=reply)


@scenario(
    id="kinesis/scenario/errors/delete-missing-stream",
    feature="kinesis/errors",
    operations=["DeleteStream"],
    provenance=api("DeleteStream"),
    mutating=False,
)
def delete_missing_stream(ctx: CaseContext) -> None:
    """DeleteStream of a stream that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "DeleteStream", StreamName=stream_name(ctx, "absent"))
    ctx.expect_error(reply, "ResourceNotFoundException", 400)


@scenario(
    id="kinesis/scenario/errors/iterator-of-missing-stream",
    feature="kinesis/errors",
    operations=["GetShardIterator"],
    provenance=api("GetShardIterator"),
    mutating=False,
)
def iterator_of_missing_stream(ctx: CaseContext) -> None:
    """GetShardIterator on a stream that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "GetShardIterator", StreamName=stream_name(ctx, "absent"), ShardId="shardId-000000000000",
                     ShardIteratorType="TRIM_HORIZON")
    ctx.expect_error(reply, "ResourceNotFoundException", 400)


@scenario(
    id="kinesis/scenario/errors/summary-of-missing-stream",
    feature="kinesis/errors",
    operations=["DescribeStreamSummary"],
    provenance=api("DescribeStreamSummary"),
    mutating=False,
)
def summary_of_missing_stream(ctx: CaseContext) -> None:
    """DescribeStreamSummary of a stream that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "DescribeStreamSummary", StreamName=stream_name(ctx, "absent"))
    ctx.expect_error(reply, "ResourceNotFoundException", 400)


@scenario(
    id="kinesis/scenario/errors/zero-shards-refused",
    feature="kinesis/errors",
    operations=["CreateStream"],
    provenance=api("CreateStream"),
    severity="advisory",
)
def zero_shards_refused(ctx: CaseContext) -> None:
    """ShardCount is at least 1: a stream of 0 shards is a 400 error (ValidationException or
    InvalidArgumentException) and no stream is made."""
    reply = create_stream(ctx, ShardCount=0)
    ctx.expect_error(reply, ("ValidationException", "InvalidArgumentException"), 400)


@scenario(
    id="kinesis/scenario/errors/stream-name-too-long",
    feature="kinesis/errors",
    operations=["DescribeStreamSummary"],
    provenance=api("DescribeStreamSummary"),
    severity="advisory",
    mutating=False,
)
def stream_name_too_long(ctx: CaseContext) -> None:
    """A stream name is at most 128 characters: 129 is a 400 ValidationException (not 'not found')."""
    reply = ctx.call(SVC, "DescribeStreamSummary", StreamName=(stream_name(ctx) + "x" * 130)[:129])
    ctx.expect_error(reply, "ValidationException", 400)


@scenario(
    id="kinesis/scenario/errors/unknown-iterator-type",
    feature="kinesis/errors",
    operations=["GetShardIterator"],
    provenance=api("GetShardIterator"),
    severity="advisory",
    mutating=False,
)
def unknown_iterator_type(ctx: CaseContext) -> None:
    """A ShardIteratorType outside its enum is a 400 ValidationException, checked before the
    stream is looked up."""
    reply = ctx.call(SVC, "GetShardIterator", StreamName=stream_name(ctx, "absent"), ShardId="shardId-000000000000",
                     ShardIteratorType="SOMEWHERE")
    ctx.expect_error(reply, "ValidationException", 400)
