"""Kinesis stream cases that stay Python: delete-then-gone (each answer while it polls must say
DELETING until the stream is gone). The other stream cases are data: cases/kinesis/streams.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._wait import poll
from awscompat.scenarios.kinesis._fixtures import (
    SVC,
    api,
    make_stream,
)


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
