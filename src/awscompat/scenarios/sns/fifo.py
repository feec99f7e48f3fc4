"""SNS FIFO cases that stay Python: delivery to a subscribed SQS queue (received in a bounded loop). The other FIFO cases are data:
cases/sns/fifo.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import (
    delivered,
    envelope,
    make_topic,
    rec,
    subscribed_queue,
)
from awscompat.scenarios.sqs._fixtures import receive

F = "sns/fifo"
FIFO = "TestSNSSubscriptionSQSFifo::"


@scenario(id="sns/scenario/fifo/delivers-to-fifo-queue", feature=F, operations=["Publish"],
          provenance=rec(FIFO + "test_message_to_fifo_sqs[False]", "messages"))
def delivers_to_fifo_queue(ctx: CaseContext) -> None:
    """A message published to a FIFO topic reaches a subscribed FIFO queue with its MessageGroupId
    and MessageDeduplicationId, and the notification carries a SequenceNumber."""
    topic = make_topic(ctx, fifo=True)
    url, _ = subscribed_queue(ctx, topic, fifo=True)
    ctx.fixture("sns", "Publish", TopicArn=topic, Message="Test", MessageGroupId="message-group-id-1",
                MessageDeduplicationId="message-deduplication-id-1")
    got = delivered(ctx, url, MessageSystemAttributeNames=["All"])
    ctx.check(got, "nothing was delivered to the FIFO queue", expected="1 message", observed=[])
    attrs = got[0].get("Attributes") or {}
    note = envelope(got[0])
    ctx.equal((attrs.get("MessageGroupId"), attrs.get("MessageDeduplicationId"), note.get("Message"),
               bool(note.get("SequenceNumber"))),
              ("message-group-id-1", "message-deduplication-id-1", "Test", True),
              "(MessageGroupId, MessageDeduplicationId, Message, SequenceNumber present)")


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


@scenario(id="sns/scenario/fifo/content-based-dedup-id", feature=F, operations=["Publish"],
          provenance=rec(FIFO + "test_publish_to_fifo_topic_deduplication_on_topic_level", "messages"),
          severity="advisory")
def content_based_dedup_id(ctx: CaseContext) -> None:
    """With ContentBasedDeduplication on the topic, the message reaches the FIFO queue with the
    SHA-256 of the body as its MessageDeduplicationId."""
    topic = make_topic(ctx, fifo=True, ContentBasedDeduplication="true")
    url, _ = subscribed_queue(ctx, topic, fifo=True)
    ctx.expect_ok(ctx.call("sns", "Publish", TopicArn=topic, Message="Test", MessageGroupId="message-group-id-1"))
    got = delivered(ctx, url, MessageSystemAttributeNames=["All"])
    ctx.check(got, "nothing was delivered to the FIFO queue", expected="1 message", observed=[])
    ctx.equal((got[0].get("Attributes") or {}).get("MessageDeduplicationId"),
              "532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25", "MessageDeduplicationId")
