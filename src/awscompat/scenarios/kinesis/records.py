"""Kinesis record cases that stay Python: sequence numbers compared as integers. The other record
cases are data: cases/kinesis/records.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kinesis._fixtures import (
    api,
    make_stream,
    put,
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
