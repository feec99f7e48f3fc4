"""SQS FIFO cases that stay Python: SequenceNumbers compared as numbers over twelve sends, and the
deduplication, ordering and group-locking cases (bounded receive loops). The other FIFO cases are
data: cases/sqs/fifo.yaml."""

from __future__ import annotations

import hashlib

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    api,
    bodies,
    delete,
    guide,
    make_queue,
    receive,
    receive_until,
    send,
    send_fifo,
)

F = "sqs/fifo"
FIFO = guide("FIFO-queues")
DEDUP = guide("FIFO-queues-exactly-once-processing")
LOGIC = guide("FIFO-queues-understanding-logic")
SEND = api("SendMessage")


# SendMessage: SequenceNumber "continues to increase for a particular MessageGroupId". Revision 2:
# twelve sends, not two. With two, a server that draws random numbers (moto 5.2) passed one run in
# two and flipped between identical runs; with twelve, random numbers come out increasing with a
# probability of 1/12! (about 2e-9), so the outcome is the same on every run.
SEQUENCE_SENDS = 12


@scenario(id="sqs/scenario/fifo/send-answers-sequence-number", feature=F, operations=["SendMessage"],
          provenance=SEND, revision=2)
def send_answers_sequence_number(ctx: CaseContext) -> None:
    """SendMessage to a FIFO queue answers a SequenceNumber that increases with every later
    message of the group (twelve sends)."""
    url = make_queue(ctx, fifo=True)
    numbers = []
    for i in range(SEQUENCE_SENDS):
        reply = ctx.expect_ok(ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody=f"m{i}", MessageGroupId="g1",
                                       MessageDeduplicationId=f"d{i}"))
        numbers.append(reply.get("SequenceNumber"))
    ctx.check(all(str(n or "").isdigit() for n in numbers), "SequenceNumbers are missing or not digits",
              expected="digits", observed=numbers)
    ctx.check(all(int(a) < int(b) for a, b in zip(numbers, numbers[1:], strict=False)),
              "SequenceNumbers do not increase within the message group", expected="increasing", observed=numbers)


@scenario(id="sqs/scenario/fifo/duplicate-dedup-id-delivered-once", feature=F,
          operations=["SendMessage", "ReceiveMessage"], provenance=DEDUP)
def duplicate_dedup_id_delivered_once(ctx: CaseContext) -> None:
    """Two sends with the same MessageDeduplicationId within the deduplication interval are
    accepted, and the message is delivered once."""
    url = make_queue(ctx, fifo=True)
    send_fifo(ctx, url, "first", dedup="same")
    ctx.expect_ok(ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="second", MessageGroupId="g1",
                           MessageDeduplicationId="same"))
    got = receive_until(ctx, url, 2, within=3.0)
    ctx.equal(bodies(got), ["first"], "messages delivered")


@scenario(id="sqs/scenario/fifo/content-based-dedup", feature=F, operations=["SendMessage", "ReceiveMessage"],
          provenance=DEDUP)
def content_based_dedup(ctx: CaseContext) -> None:
    """With ContentBasedDeduplication, two sends of the same body (no deduplication id) are
    delivered once; a different body is delivered too."""
    url = make_queue(ctx, fifo=True, ContentBasedDeduplication="true")
    for body in ("same", "same", "other"):
        send(ctx, url, body, MessageGroupId="g1")
    got = receive_until(ctx, url, 3, within=3.0)
    ctx.equal(bodies(got), ["same", "other"], "messages delivered")


@scenario(id="sqs/scenario/fifo/content-based-dedup-id-is-sha256", feature=F, operations=["ReceiveMessage"],
          provenance=DEDUP, severity="advisory")
def content_based_dedup_id_is_sha256(ctx: CaseContext) -> None:
    """With content-based deduplication, the MessageDeduplicationId is the SHA-256 of the body
    (returned as the hex digest)."""
    url = make_queue(ctx, fifo=True, ContentBasedDeduplication="true")
    send(ctx, url, "Test", MessageGroupId="g1")
    got = receive_until(ctx, url, MessageSystemAttributeNames=["MessageDeduplicationId"])
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    ctx.equal((got[0].get("Attributes") or {}).get("MessageDeduplicationId"),
              hashlib.sha256(b"Test").hexdigest(), "MessageDeduplicationId")


@scenario(id="sqs/scenario/fifo/order-within-group", feature=F, operations=["SendMessage", "ReceiveMessage"],
          provenance=LOGIC)
def order_within_group(ctx: CaseContext) -> None:
    """Messages of one group are received in the order they were sent."""
    url = make_queue(ctx, fifo=True)
    sent = [f"m{i}" for i in range(6)]
    for body in sent:
        send_fifo(ctx, url, body)
    got: list[dict] = []
    for _ in range(6):
        batch = receive(ctx, url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        got += batch
        for msg in batch:
            delete(ctx, url, msg)
        if len(got) >= len(sent):
            break
    ctx.equal(bodies(got), sent, "order received")


@scenario(id="sqs/scenario/fifo/group-locked-while-in-flight", feature=F, operations=["ReceiveMessage"],
          provenance=LOGIC)
def group_locked_while_in_flight(ctx: CaseContext) -> None:
    """While a message of a group is in flight, no later message of that group is returned;
    another group's messages still are."""
    url = make_queue(ctx, fifo=True)
    send_fifo(ctx, url, "a1", group="a")
    send_fifo(ctx, url, "a2", group="a")
    first = receive(ctx, url, MaxNumberOfMessages=1, WaitTimeSeconds=1, VisibilityTimeout=30)
    ctx.equal(bodies(first), ["a1"], "first message")
    ctx.equal(receive(ctx, url, WaitTimeSeconds=1), [], "messages while a1 is in flight")
    send_fifo(ctx, url, "b1", group="b")
    ctx.equal(bodies(receive_until(ctx, url, within=5.0)), ["b1"], "other group's message")


@scenario(id="sqs/scenario/fifo/group-unlocked-after-delete", feature=F,
          operations=["ReceiveMessage", "DeleteMessage"], provenance=LOGIC)
def group_unlocked_after_delete(ctx: CaseContext) -> None:
    """Once the in-flight message of a group is deleted, the group's next message is returned."""
    url = make_queue(ctx, fifo=True)
    send_fifo(ctx, url, "a1")
    send_fifo(ctx, url, "a2")
    first = receive(ctx, url, MaxNumberOfMessages=1, WaitTimeSeconds=1, VisibilityTimeout=30)
    ctx.equal(bodies(first), ["a1"], "first message")
    delete(ctx, url, first[0])
    ctx.equal(bodies(receive_until(ctx, url, within=5.0)), ["a2"], "next message of the group")


@scenario(id="sqs/scenario/fifo/receive-group-and-dedup-attributes", feature=F, operations=["ReceiveMessage"],
          provenance=api("ReceiveMessage"))
def receive_group_and_dedup_attributes(ctx: CaseContext) -> None:
    """A FIFO message received with All system attributes carries its MessageGroupId,
    MessageDeduplicationId and SequenceNumber."""
    url = make_queue(ctx, fifo=True)
    sent = send_fifo(ctx, url, "attrs", group="grp", dedup="ddp")
    got = receive_until(ctx, url, MessageSystemAttributeNames=["All"])
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    attrs = got[0].get("Attributes") or {}
    ctx.equal((attrs.get("MessageGroupId"), attrs.get("MessageDeduplicationId"), attrs.get("SequenceNumber")),
              ("grp", "ddp", sent.get("SequenceNumber")), "(MessageGroupId, MessageDeduplicationId, SequenceNumber)")
