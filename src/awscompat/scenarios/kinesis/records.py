"""Kinesis record cases that stay Python: sequence numbers compared as integers, and a Limit page
joined with the records read after it. The other record cases are data: cases/kinesis/records.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kinesis._fixtures import (
    SVC,
    api,
    datas,
    iterator,
    make_stream,
    put,
    read,
    shard_ids,
)


def _stream_with(ctx: CaseContext, payloads: list[bytes]) -> tuple[str, str, list[dict]]:
    """A one-shard stream holding payloads put in order; returns (stream, shard, put answers)."""
    name = make_stream(ctx)
    answers = [put(ctx, name, data) for data in payloads]
    return name, shard_ids(ctx, name)[0], answers


@scenario(
    id="kinesis/scenario/records/sequence-numbers-increase",
    feature="kinesis/records",
    operations=["PutRecord"],
    provenance=api("PutRecord"),
    timeout=120,
)
def sequence_numbers_increase(ctx: CaseContext) -> None:
    """Sequence numbers in a shard increase with time: each record put gets a larger one."""
    _, _, answers = _stream_with(ctx, [b"1", b"2", b"3"])
    numbers = [int(a["SequenceNumber"]) for a in answers]
    ctx.check(numbers == sorted(numbers) and len(set(numbers)) == 3, "sequence numbers do not increase",
              expected="strictly increasing", observed=numbers)


@scenario(
    id="kinesis/scenario/records/get-records-limit",
    feature="kinesis/records",
    operations=["GetRecords"],
    provenance=api("GetRecords"),
    timeout=120,
)
def get_records_limit(ctx: CaseContext) -> None:
    """GetRecords with Limit 2 returns at most two records, and NextShardIterator goes on from
    there."""
    name, shard, _ = _stream_with(ctx, [b"a", b"b", b"c", b"d"])
    got = read(ctx, iterator(ctx, name, shard), 4)  # all four are readable
    ctx.equal(datas(got), [b"a", b"b", b"c", b"d"], "records in the shard")
    reply = ctx.expect_ok(ctx.call(SVC, "GetRecords", ShardIterator=iterator(ctx, name, shard), Limit=2))
    first = datas(reply.get("Records") or [])
    ctx.check(len(first) <= 2, "GetRecords returned more than Limit", expected="<= 2", observed=len(first), reply=reply)
    rest = read(ctx, reply["NextShardIterator"], 4 - len(first))
    ctx.equal(first + datas(rest), [b"a", b"b", b"c", b"d"], "records over both reads")
