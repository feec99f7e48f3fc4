"""SNS FIFO cases that stay Python: topic-deduplicates (it waits for a second delivery that must not
come, then reads once more). The other FIFO cases are data:
cases/sns/fifo.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import (
    delivered,
    make_topic,
    rec,
    subscribed_queue,
)
from awscompat.scenarios.sqs._fixtures import receive

F = "sns/fifo"
FIFO = "TestSNSSubscriptionSQSFifo::"


@scenario(id="sns/scenario/fifo/topic-deduplicates", feature=F, operations=["Publish"],
          provenance=rec(FIFO + "test_message_to_fifo_sqs[False]", "dedup-messages"))
def topic_deduplicates(ctx: CaseContext) -> None:
    """A second publish with the same MessageDeduplicationId is accepted but not delivered again."""
    topic = make_topic(ctx, fifo=True)
    url, _ = subscribed_queue(ctx, topic, fifo=True, raw=True)
    for _ in range(2):
        ctx.expect_ok(ctx.call("sns", "Publish", TopicArn=topic, Message="Test", MessageGroupId="g1",
                               MessageDeduplicationId="d1"))
    got = delivered(ctx, url, 2, within=5.0) + receive(ctx, url, WaitTimeSeconds=1)
    ctx.equal([m.get("Body") for m in got], ["Test"], "messages delivered")
