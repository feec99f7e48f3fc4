"""SQS PurgeQueue cases that stay Python: the purged messages are gone (a bounded receive loop).
The other purge cases are data: cases/sqs/purge.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    api,
    make_queue,
    receive,
    send,
)
from awscompat.scenarios.sqs._resources import poll

F = "sqs/purge"
PURGE = api("PurgeQueue")


@scenario(id="sqs/scenario/purge/removes-messages", feature=F, operations=["PurgeQueue", "ReceiveMessage"],
          provenance=PURGE, timeout=75.0)
def removes_messages(ctx: CaseContext) -> None:
    """After PurgeQueue, the messages sent before it are gone (deletion takes up to 60 seconds)."""
    url = make_queue(ctx)
    for n in range(3):
        send(ctx, url, f"m{n}")
    ctx.expect_ok(ctx.call("sqs", "PurgeQueue", QueueUrl=url))
    left = poll(ctx, lambda: receive(ctx, url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=0),
                lambda msgs: not msgs, within=60.0, interval=1.0)
    ctx.equal(left, [], "messages after the purge")
