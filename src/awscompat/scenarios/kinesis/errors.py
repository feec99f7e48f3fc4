"""Kinesis error cases that stay Python: a CreateStream of zero shards under test (ledgered first,
re-sent while throttled). The other error cases are data: cases/kinesis/errors.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kinesis._fixtures import (
    api,
    create_stream,
)


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
