"""SQS visibility timeout and ChangeMessageVisibility."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    INVALID_PARAM,
    RECEIPT_INVALID,
    api,
    bodies,
    expect_sqs_error,
    guide,
    make_queue,
    receive,
    receive_until,
    send,
)

F = "sqs/visibility"
GUIDE = guide("sqs-visibility-timeout")
CHANGE = api("ChangeMessageVisibility")


def _one(ctx: CaseContext, url: str, **params) -> dict:
    """Set-up: send one message and receive it; returns the message (FixtureError if it never comes)."""
    send(ctx, url, "vis")
    got = receive_until(ctx, url, MaxNumberOfMessages=1, **params)
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    return got[0]


@scenario(id="sqs/scenario/visibility/in-flight-message-hidden", feature=F, operations=["ReceiveMessage"],
          provenance=GUIDE)
def in_flight_message_hidden(ctx: CaseContext) -> None:
    """While its visibility timeout runs, a received message is not returned by another receive."""
    url = make_queue(ctx)
    _one(ctx, url, VisibilityTimeout=30)
    ctx.equal(receive(ctx, url, WaitTimeSeconds=1), [], "messages while the only one is in flight")


@scenario(id="sqs/scenario/visibility/reappears-after-timeout", feature=F, operations=["ReceiveMessage"],
          provenance=GUIDE)
def reappears_after_timeout(ctx: CaseContext) -> None:
    """A message received with VisibilityTimeout=1 and not deleted is received again after it."""
    url = make_queue(ctx)
    first = _one(ctx, url, VisibilityTimeout=1)
    again = receive_until(ctx, url, within=8.0)
    ctx.equal([m.get("MessageId") for m in again[:1]], [first.get("MessageId")], "message received again")


@scenario(id="sqs/scenario/visibility/queue-visibility-timeout-applies", feature=F,
          operations=["CreateQueue", "ReceiveMessage"], provenance=GUIDE)
def queue_visibility_timeout_applies(ctx: CaseContext) -> None:
    """The queue's VisibilityTimeout applies when the receive does not give one."""
    url = make_queue(ctx, VisibilityTimeout=1)
    first = _one(ctx, url)
    again = receive_until(ctx, url, within=8.0)
    ctx.equal([m.get("MessageId") for m in again[:1]], [first.get("MessageId")], "message received again")


@scenario(id="sqs/scenario/visibility/change-to-zero-makes-visible", feature=F,
          operations=["ChangeMessageVisibility"], provenance=CHANGE)
def change_to_zero_makes_visible(ctx: CaseContext) -> None:
    """ChangeMessageVisibility to 0 makes an in-flight message receivable at once."""
    url = make_queue(ctx)
    first = _one(ctx, url, VisibilityTimeout=60)
    ctx.expect_ok(ctx.call("sqs", "ChangeMessageVisibility", QueueUrl=url, ReceiptHandle=first["ReceiptHandle"],
                           VisibilityTimeout=0))
    again = receive_until(ctx, url, within=5.0)
    ctx.equal([m.get("MessageId") for m in again[:1]], [first.get("MessageId")], "message received again")


@scenario(id="sqs/scenario/visibility/extend-keeps-hidden", feature=F,
          operations=["ChangeMessageVisibility"], provenance=CHANGE)
def extend_keeps_hidden(ctx: CaseContext) -> None:
    """Extending the visibility timeout of a message received with VisibilityTimeout=1 keeps it
    hidden past the original timeout."""
    url = make_queue(ctx)
    first = _one(ctx, url, VisibilityTimeout=1)
    ctx.expect_ok(ctx.call("sqs", "ChangeMessageVisibility", QueueUrl=url, ReceiptHandle=first["ReceiptHandle"],
                           VisibilityTimeout=60))
    ctx.equal(receive(ctx, url, WaitTimeSeconds=2), [], "messages after the original timeout")


@scenario(id="sqs/scenario/visibility/change-invalid-receipt-handle", feature=F,
          operations=["ChangeMessageVisibility"], provenance=CHANGE)
def change_invalid_receipt_handle(ctx: CaseContext) -> None:
    """ChangeMessageVisibility with a receipt handle that is not one is refused with ReceiptHandleIsInvalid."""
    url = make_queue(ctx)
    reply = ctx.call("sqs", "ChangeMessageVisibility", QueueUrl=url, ReceiptHandle="not-a-receipt-handle",
                     VisibilityTimeout=5)
    expect_sqs_error(ctx, reply, RECEIPT_INVALID)


@scenario(id="sqs/scenario/visibility/change-above-maximum", feature=F, operations=["ChangeMessageVisibility"],
          provenance=CHANGE)
def change_above_maximum(ctx: CaseContext) -> None:
    """A visibility timeout above 12 hours (43200 seconds) is refused with InvalidParameterValue."""
    url = make_queue(ctx)
    first = _one(ctx, url)
    reply = ctx.call("sqs", "ChangeMessageVisibility", QueueUrl=url, ReceiptHandle=first["ReceiptHandle"],
                     VisibilityTimeout=43201)
    expect_sqs_error(ctx, reply, INVALID_PARAM)


@scenario(id="sqs/scenario/visibility/receive-visibility-above-maximum", feature=F,
          operations=["ReceiveMessage"], provenance=api("ReceiveMessage"), severity="advisory")
def receive_visibility_above_maximum(ctx: CaseContext) -> None:
    """ReceiveMessage with VisibilityTimeout above 43200 seconds is refused with InvalidParameterValue."""
    url = make_queue(ctx)
    reply = ctx.call("sqs", "ReceiveMessage", QueueUrl=url, VisibilityTimeout=43201)
    expect_sqs_error(ctx, reply, INVALID_PARAM)


@scenario(id="sqs/scenario/visibility/other-messages-still-delivered", feature=F,
          operations=["ReceiveMessage"], provenance=GUIDE)
def other_messages_still_delivered(ctx: CaseContext) -> None:
    """While one message is in flight, the other messages of a standard queue are still received."""
    url = make_queue(ctx)
    first = _one(ctx, url, VisibilityTimeout=30)
    send(ctx, url, "second")
    ctx.equal(bodies(receive_until(ctx, url)), ["second"], "messages received next")
    ctx.check(first.get("Body") == "vis", "first body", expected="vis", observed=first.get("Body"))
