"""Shared set-up for Kinesis cases (the recipes and senders of kinesis/_recipes.py, and the few
scenarios still in Python): a small stream of the case's own (ledgered before it is created, waited
ACTIVE with a bounded poll, deleted at teardown with its consumers), helpers to put and read
records."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import docs
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError
from awscompat.engine.transport import THROTTLING_CODES, Reply
from awscompat.scenarios.dynamodb._wait import await_fixture, poll

SVC = "kinesis"
MAX_HASH = 2 ** 128 - 1


def api(operation: str) -> Provenance:
    """The Kinesis API reference page of an operation."""
    return docs(f"https://docs.aws.amazon.com/kinesis/latest/APIReference/API_{operation}.html")


def stream_name(ctx: CaseContext, hint: str = "stream") -> str:
    return ctx.name(hint, max_len=128)


def track_stream(ctx: CaseContext, name: str, params: dict) -> None:
    """Ledger a stream before CreateStream is sent; teardown waits out CREATING/UPDATING and
    deletes it with its consumers."""
    ctx.track(SVC, "kinesis-stream", name, {"service": SVC, "operation": "CreateStream", "params": params},
              [{"service": SVC, "operation": "DeleteStream",
                "params": {"StreamName": name, "EnforceConsumerDeletion": True}}],
              remove=lambda: drop_stream(ctx, name))


def create_stream(ctx: CaseContext, name: str | None = None, **params: Any) -> Reply:
    """CreateStream as a call under test (ledgered first). AWS limits CreateStream to a few calls
    a second per account: a throttled create is sent again for a bounded time."""
    name = name or stream_name(ctx)
    params = {"StreamName": name, **params}
    track_stream(ctx, name, params)
    replies: list[Reply] = []

    def send() -> Reply | None:
        replies.append(ctx.call(SVC, "CreateStream", **params))
        return None if replies[-1].code in THROTTLING_CODES else replies[-1]

    return poll(send, timeout=30.0, ctx=ctx, first=0.5) or replies[-1]


def summary(ctx: CaseContext, name: str) -> dict:
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeStreamSummary", StreamName=name), "DescribeStreamSummary")
    return reply.get("StreamDescriptionSummary") or {}


def wait_active(ctx: CaseContext, name: str) -> dict:
    """Poll DescribeStreamSummary until the stream is ACTIVE (bounded); FixtureError if not."""
    def active() -> dict | None:
        reply = ctx.call(SVC, "DescribeStreamSummary", StreamName=name)
        desc = (reply.get("StreamDescriptionSummary") or {}) if reply.ok else {}
        return desc if desc.get("StreamStatus") == "ACTIVE" else None
    return await_fixture(ctx, f"stream {name} ACTIVE", active)


def make_stream(ctx: CaseContext, shards: int = 1, hint: str = "stream") -> str:
    """A provisioned stream of this scenario's own with `shards` shards, ACTIVE. Returns its name."""
    name = stream_name(ctx, hint)
    reply = create_stream(ctx, name, ShardCount=shards)
    if not reply.ok:
        raise FixtureError(f"setup CreateStream failed: {reply.describe()}", exchange=reply.exchange)
    wait_active(ctx, name)
    return name


def drop_stream(ctx: CaseContext, name: str) -> str | None:
    """Teardown: delete the stream once it is not CREATING or UPDATING. Straight to the transport
    (not bound by the case's deadline); bounded in time all the same."""
    call = ctx.transport.call

    def deleted() -> str | None:
        desc = call(SVC, "DescribeStreamSummary", {"StreamName": name})
        if desc.code == "ResourceNotFoundException":
            return "absent"
        status = (desc.get("StreamDescriptionSummary") or {}).get("StreamStatus")
        if status == "DELETING":
            return "deleted"
        if status in ("CREATING", "UPDATING"):
            return None
        reply = call(SVC, "DeleteStream", {"StreamName": name, "EnforceConsumerDeletion": True})
        if reply.ok:
            return "deleted"
        return "absent" if reply.code == "ResourceNotFoundException" else None

    return poll(deleted, timeout=120.0, first=0.5)


def shard_ids(ctx: CaseContext, name: str) -> list[str]:
    reply = ctx.expect_ok(ctx.call(SVC, "ListShards", StreamName=name), "ListShards")
    return [s["ShardId"] for s in reply.get("Shards") or []]


def put(ctx: CaseContext, name: str, data: bytes, key: str = "1", **extra: Any) -> dict:
    """Set-up PutRecord; returns {ShardId, SequenceNumber}."""
    return ctx.fixture(SVC, "PutRecord", StreamName=name, Data=data, PartitionKey=key, **extra).parsed


def iterator(ctx: CaseContext, name: str, shard: str, kind: str = "TRIM_HORIZON", **extra: Any) -> str:
    reply = ctx.expect_ok(ctx.call(SVC, "GetShardIterator", StreamName=name, ShardId=shard,
                                   ShardIteratorType=kind, **extra), f"GetShardIterator {kind}")
    return reply["ShardIterator"]


def read(ctx: CaseContext, shard_iterator: str, want: int, timeout: float = 20.0) -> list[dict]:
    """GetRecords along the shard until `want` records have come (an empty answer does not mean
    the shard is empty on AWS), bounded in time; returns what came."""
    records: list[dict] = []
    state = {"it": shard_iterator}

    def enough() -> bool:
        reply = ctx.expect_ok(ctx.call(SVC, "GetRecords", ShardIterator=state["it"]), "GetRecords")
        records.extend(reply.get("Records") or [])
        state["it"] = reply.get("NextShardIterator") or state["it"]
        return len(records) >= want

    poll(enough, timeout=timeout, ctx=ctx, first=0.2, cap=1.0)
    return records


def datas(records: list[dict]) -> list[bytes]:
    return [r.get("Data") for r in records]
