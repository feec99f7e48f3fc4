"""SQS attribute cases that stay Python: the queue ARN (the account comes from STS
GetCallerIdentity, another service) and the approximate counts (a receive loop, counts polled until
they settle). The other attribute cases are data: cases/sqs/attributes.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    api,
    make_queue,
    queue_attrs,
    receive_until,
    send,
)
from awscompat.scenarios.sqs._resources import identity, partition_of, poll

F = "sqs/attributes"
CREATE = api("CreateQueue")
SET = api("SetQueueAttributes")
GET = api("GetQueueAttributes")


@scenario(id="sqs/scenario/attributes/queue-arn-format", feature=F, operations=["GetQueueAttributes"],
          provenance=GET)
def queue_arn_format(ctx: CaseContext) -> None:
    """QueueArn is arn:<partition>:sqs:<region>:<account>:<queue name>."""
    url = make_queue(ctx)
    who = identity(ctx)
    arn = queue_attrs(ctx, url, "QueueArn").get("QueueArn")
    expected = f"arn:{partition_of(who['Arn'])}:sqs:{ctx.region}:{who['Account']}:{url.rsplit('/', 1)[1]}"
    ctx.equal(arn, expected, "QueueArn")


@scenario(id="sqs/scenario/attributes/approximate-counts", feature=F,
          operations=["SendMessage", "ReceiveMessage", "GetQueueAttributes"], provenance=GET, timeout=60.0)
def approximate_counts(ctx: CaseContext) -> None:
    """ApproximateNumberOfMessages counts stored messages and ApproximateNumberOfMessagesNotVisible
    the ones in flight (approximate: read until they settle)."""
    url = make_queue(ctx)
    for n in range(3):
        send(ctx, url, f"m{n}")
    names = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
    attrs = poll(ctx, lambda: queue_attrs(ctx, url, *names),
                 lambda a: a.get("ApproximateNumberOfMessages") == "3", within=20.0, interval=0.5)
    ctx.equal(attrs.get("ApproximateNumberOfMessages"), "3", "ApproximateNumberOfMessages after 3 sends")
    receive_until(ctx, url, 1, MaxNumberOfMessages=1)
    want = {"ApproximateNumberOfMessages": "2", "ApproximateNumberOfMessagesNotVisible": "1"}
    attrs = poll(ctx, lambda: queue_attrs(ctx, url, *names), lambda a: a == want, within=20.0, interval=0.5)
    ctx.equal(attrs, want, "counts with one message in flight")
