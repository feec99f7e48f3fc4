"""SQS PurgeQueue."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    NON_EXISTENT,
    PURGE_IN_PROGRESS,
    api,
    expect_sqs_error,
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


@scenario(id="sqs/scenario/purge/empty-queue", feature=F, operations=["PurgeQueue"], provenance=PURGE)
def empty_queue(ctx: CaseContext) -> None:
    """PurgeQueue of an empty queue succeeds."""
    url = make_queue(ctx)
    ctx.expect_ok(ctx.call("sqs", "PurgeQueue", QueueUrl=url))


@scenario(id="sqs/scenario/purge/second-purge-in-progress", feature=F, operations=["PurgeQueue"],
          provenance=PURGE)
def second_purge_in_progress(ctx: CaseContext) -> None:
    """A second PurgeQueue within 60 seconds of the first is refused with PurgeQueueInProgress."""
    url = make_queue(ctx)
    ctx.expect_ok(ctx.call("sqs", "PurgeQueue", QueueUrl=url))
    expect_sqs_error(ctx, ctx.call("sqs", "PurgeQueue", QueueUrl=url), PURGE_IN_PROGRESS, None)


@scenario(id="sqs/scenario/purge/missing-queue", feature=F, operations=["PurgeQueue"], provenance=PURGE)
def missing_queue(ctx: CaseContext) -> None:
    """PurgeQueue of a queue that does not exist is refused with QueueDoesNotExist."""
    url = make_queue(ctx)
    absent = url.rsplit("/", 1)[0] + "/" + ctx.name("absent")
    expect_sqs_error(ctx, ctx.call("sqs", "PurgeQueue", QueueUrl=absent), NON_EXISTENT)
