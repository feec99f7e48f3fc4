"""Kinesis shard cases that stay Python: hash keys compared as integers. The other shard cases are
data: cases/kinesis/shards.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kinesis._fixtures import (
    MAX_HASH,
    SVC,
    api,
    make_stream,
)


def _ranges(ctx: CaseContext, **params) -> list[tuple[int, int]]:
    reply = ctx.expect_ok(ctx.call(SVC, "ListShards", **params), "ListShards")
    return sorted((int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
                  for s in reply.get("Shards") or [])



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
