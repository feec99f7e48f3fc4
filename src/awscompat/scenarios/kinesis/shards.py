"""Kinesis shard cases that stay Python: hash keys compared as integers, iterator types over records
put as set-up and read in a bounded loop. The other shard cases are
data: cases/kinesis/shards.yaml."""

from __future__ import annotations

import datetime as dt

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kinesis._fixtures import (
    MAX_HASH,
    SVC,
    api,
    datas,
    iterator,
    make_stream,
    put,
    read,
    shard_ids,
)

_ITERATOR = api("GetShardIterator")


def _ranges(ctx: CaseContext, **params) -> list[tuple[int, int]]:
    reply = ctx.expect_ok(ctx.call(SVC, "ListShards", **params), "ListShards")
    return sorted((int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
                  for s in reply.get("Shards") or [])


def _three(ctx: CaseContext) -> tuple[str, str, list[str]]:
    """A one-shard stream holding records r0, r1, r2; returns (stream, shard, sequence numbers)."""
    name = make_stream(ctx)
    seqs = [put(ctx, name, f"r{n}".encode())["SequenceNumber"] for n in range(3)]
    return name, shard_ids(ctx, name)[0], seqs


@scenario(
    id="kinesis/scenario/shards/two-shards-split-hash-space",
    feature="kinesis/shards",
    operations=["ListShards"],
    provenance=api("HashKeyRange"),
    timeout=120,
)
def two_shards_split_hash_space(ctx: CaseContext) -> None:
    """The two shards of a two-shard stream cover the hash key space without gap or overlap."""
    ranges = _ranges(ctx, StreamName=make_stream(ctx, shards=2))
    ctx.check(len(ranges) == 2 and ranges[0][0] == 0 and ranges[1][0] == ranges[0][1] + 1 and ranges[1][1] == MAX_HASH,
              "the shards do not tile 0..2^128-1", expected="two contiguous ranges", observed=ranges)


@scenario(
    id="kinesis/scenario/shards/latest-skips-earlier-records",
    feature="kinesis/shards",
    operations=["GetShardIterator", "GetRecords"],
    provenance=_ITERATOR,
    timeout=120,
)
def latest_skips_earlier_records(ctx: CaseContext) -> None:
    """A LATEST iterator starts after the newest record: it sees a record put after it was made
    and none of those before."""
    name, shard, _ = _three(ctx)
    latest = iterator(ctx, name, shard, "LATEST")
    put(ctx, name, b"after")
    ctx.equal(datas(read(ctx, latest, 1, timeout=10.0)), [b"after"], "records from LATEST")


@scenario(
    id="kinesis/scenario/shards/at-sequence-number",
    feature="kinesis/shards",
    operations=["GetShardIterator", "GetRecords"],
    provenance=_ITERATOR,
    timeout=120,
)
def at_sequence_number(ctx: CaseContext) -> None:
    """AT_SEQUENCE_NUMBER starts at that record: r1 and r2."""
    name, shard, seqs = _three(ctx)
    it = iterator(ctx, name, shard, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[1])
    ctx.equal(datas(read(ctx, it, 2)), [b"r1", b"r2"], "records")


@scenario(
    id="kinesis/scenario/shards/after-sequence-number",
    feature="kinesis/shards",
    operations=["GetShardIterator", "GetRecords"],
    provenance=_ITERATOR,
    timeout=120,
)
def after_sequence_number(ctx: CaseContext) -> None:
    """AFTER_SEQUENCE_NUMBER starts just after that record: r2 only."""
    name, shard, seqs = _three(ctx)
    it = iterator(ctx, name, shard, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[1])
    ctx.equal(datas(read(ctx, it, 1, timeout=10.0)), [b"r2"], "records")


@scenario(
    id="kinesis/scenario/shards/at-timestamp",
    feature="kinesis/shards",
    operations=["GetShardIterator", "GetRecords"],
    provenance=_ITERATOR,
    timeout=120,
)
def at_timestamp(ctx: CaseContext) -> None:
    """AT_TIMESTAMP with a time before the records were put reads all of them."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    name, shard, _ = _three(ctx)
    it = iterator(ctx, name, shard, "AT_TIMESTAMP", Timestamp=start)
    ctx.equal(datas(read(ctx, it, 3)), [b"r0", b"r1", b"r2"], "records")
