"""Kinesis record cases that stay Python: records read back in a bounded loop and compared as bytes,
payloads built at run time. The other record cases are data: cases/kinesis/records.yaml."""

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
    rec,
    shard_ids,
)

_INTEGRITY = rec("test_record_lifecycle_data_integrity", "Records")
_UNICODE = "ünicödé 统一码 💣💻🔥".encode()


def _stream_with(ctx: CaseContext, payloads: list[bytes]) -> tuple[str, str, list[dict]]:
    """A one-shard stream holding payloads put in order; returns (stream, shard, put answers)."""
    name = make_stream(ctx)
    answers = [put(ctx, name, data) for data in payloads]
    return name, shard_ids(ctx, name)[0], answers


@scenario(
    id="kinesis/scenario/records/put-and-get",
    feature="kinesis/records",
    operations=["PutRecord", "GetRecords"],
    provenance=_INTEGRITY,
    timeout=120,
)
def put_and_get(ctx: CaseContext) -> None:
    """A record put with PutRecord reads back from TRIM_HORIZON with its Data, PartitionKey, the
    SequenceNumber PutRecord answered and an ApproximateArrivalTimestamp."""
    name, shard, answers = _stream_with(ctx, [b"test"])
    got = read(ctx, iterator(ctx, name, shard), 1)
    ctx.equal(len(got), 1, "records read")
    record = got[0]
    ctx.equal((record.get("Data"), record.get("PartitionKey"), record.get("SequenceNumber")),
              (b"test", "1", answers[0]["SequenceNumber"]), "(Data, PartitionKey, SequenceNumber)")
    ctx.check(record.get("ApproximateArrivalTimestamp"), "no ApproximateArrivalTimestamp",
              expected="a timestamp", observed=None)


@scenario(
    id="kinesis/scenario/records/data-integrity",
    feature="kinesis/records",
    operations=["PutRecord", "GetRecords"],
    provenance=_INTEGRITY,
    timeout=120,
)
def data_integrity(ctx: CaseContext) -> None:
    """Record data is opaque bytes: an empty record, a long one, ASCII and UTF-8 with emoji all
    read back byte for byte, in order."""
    payloads = [b"", b"a" * 1000, b"test", _UNICODE]
    name, shard, _ = _stream_with(ctx, payloads)
    ctx.equal(datas(read(ctx, iterator(ctx, name, shard), len(payloads))), payloads, "Data of the records")


@scenario(
    id="kinesis/scenario/records/put-records-batch",
    feature="kinesis/records",
    operations=["PutRecords"],
    provenance=api("PutRecords"),
    timeout=120,
)
def put_records_batch(ctx: CaseContext) -> None:
    """PutRecords answers FailedRecordCount 0 and one result per entry, in request order, each
    with a ShardId and SequenceNumber; the records read back in that order."""
    name = make_stream(ctx)
    entries = [{"Data": f"r{n}".encode(), "PartitionKey": "k"} for n in range(5)]
    reply = ctx.expect_ok(ctx.call(SVC, "PutRecords", StreamName=name, Records=entries))
    results = reply.get("Records") or []
    ctx.equal((reply.get("FailedRecordCount"), len(results)), (0, 5), "(FailedRecordCount, results)", reply)
    ctx.check(all(r.get("ShardId") and r.get("SequenceNumber") for r in results), "a result lacks ShardId or "
              "SequenceNumber", expected="ShardId and SequenceNumber", observed=results, reply=reply)
    got = read(ctx, iterator(ctx, name, results[0]["ShardId"]), 5)
    ctx.equal([r.get("SequenceNumber") for r in got], [r.get("SequenceNumber") for r in results],
              "sequence numbers read back")


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
