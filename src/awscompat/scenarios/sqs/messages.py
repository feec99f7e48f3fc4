"""SQS message cases that stay Python: those that receive what they sent (bounded receive loops),
bodies built at run time, a U+0000 character. The other message cases are data:
cases/sqs/messages.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    INVALID_CONTENTS,
    INVALID_PARAM,
    api,
    bodies,
    expect_sqs_error,
    make_queue,
    md5_hex,
    receive,
    receive_until,
    send,
)

F = "sqs/messages"
SEND = api("SendMessage")
RECEIVE = api("ReceiveMessage")


@scenario(id="sqs/scenario/messages/send-receive-roundtrip", feature=F,
          operations=["SendMessage", "ReceiveMessage"], provenance=SEND)
def send_receive_roundtrip(ctx: CaseContext) -> None:
    """SendMessage answers the MessageId and the MD5 of the body; the message received has the
    same id, body and MD5OfBody."""
    url = make_queue(ctx)
    reply = ctx.expect_ok(ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="hello awscompat"))
    ctx.equal(reply.get("MD5OfMessageBody"), md5_hex("hello awscompat"), "MD5OfMessageBody", reply)
    got = receive_until(ctx, url)
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    msg = got[0]
    ctx.equal((msg.get("MessageId"), msg.get("Body"), msg.get("MD5OfBody")),
              (reply.get("MessageId"), "hello awscompat", md5_hex("hello awscompat")),
              "received (MessageId, Body, MD5OfBody)")
    ctx.check(msg.get("ReceiptHandle"), "the message has no ReceiptHandle", expected="ReceiptHandle", observed=msg)


@scenario(id="sqs/scenario/messages/unicode-body-roundtrip", feature=F,
          operations=["SendMessage", "ReceiveMessage"], provenance=SEND)
def unicode_body_roundtrip(ctx: CaseContext) -> None:
    """A body with non-ASCII characters of the allowed set comes back unchanged; its MD5 is the
    MD5 of its UTF-8 bytes."""
    url = make_queue(ctx)
    text = "h\u00e9llo \u2713 \u65e5\u672c \U0001f600"
    reply = ctx.expect_ok(ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody=text))
    ctx.equal(reply.get("MD5OfMessageBody"), md5_hex(text), "MD5OfMessageBody", reply)
    ctx.equal(bodies(receive_until(ctx, url)), [text], "body received")


@scenario(id="sqs/scenario/messages/deleted-message-not-redelivered", feature=F,
          operations=["ReceiveMessage", "DeleteMessage"], provenance=api("DeleteMessage"))
def deleted_message_not_redelivered(ctx: CaseContext) -> None:
    """A message deleted with its receipt handle is not delivered again once its visibility
    timeout has passed."""
    url = make_queue(ctx)
    send(ctx, url, "once")
    got = receive_until(ctx, url, VisibilityTimeout=1)
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    ctx.expect_ok(ctx.call("sqs", "DeleteMessage", QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"]))
    ctx.equal(receive(ctx, url, WaitTimeSeconds=2), [], "messages after the delete")


@scenario(id="sqs/scenario/messages/system-attributes", feature=F, operations=["ReceiveMessage"],
          provenance=RECEIVE)
def system_attributes(ctx: CaseContext) -> None:
    """MessageSystemAttributeNames=All returns SenderId, SentTimestamp, ApproximateReceiveCount
    (1 on the first receive) and ApproximateFirstReceiveTimestamp."""
    url = make_queue(ctx)
    send(ctx, url)
    got = receive_until(ctx, url, MessageSystemAttributeNames=["All"])
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    attrs = got[0].get("Attributes") or {}
    for name in ("SenderId", "SentTimestamp", "ApproximateFirstReceiveTimestamp"):
        ctx.check(attrs.get(name), f"no {name} among the system attributes", expected=name, observed=attrs)
    ctx.equal(attrs.get("ApproximateReceiveCount"), "1", "ApproximateReceiveCount")


@scenario(id="sqs/scenario/messages/no-attributes-unless-asked", feature=F, operations=["ReceiveMessage"],
          provenance=RECEIVE)
def no_attributes_unless_asked(ctx: CaseContext) -> None:
    """A receive that asks for no attributes answers messages without Attributes or MessageAttributes."""
    url = make_queue(ctx)
    send(ctx, url, MessageAttributes={"a": {"DataType": "String", "StringValue": "v"}})
    got = receive_until(ctx, url)
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    ctx.equal([k for k in ("Attributes", "MessageAttributes") if got[0].get(k)], [], "attribute maps answered")


@scenario(id="sqs/scenario/messages/receive-count-increments", feature=F, operations=["ReceiveMessage"],
          provenance=RECEIVE)
def receive_count_increments(ctx: CaseContext) -> None:
    """ApproximateReceiveCount grows by one each time the message is received again."""
    url = make_queue(ctx)
    send(ctx, url)
    first = receive_until(ctx, url, VisibilityTimeout=0, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    second = receive_until(ctx, url, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    counts = [(m.get("Attributes") or {}).get("ApproximateReceiveCount") for m in first[:1] + second[:1]]
    ctx.equal(counts, ["1", "2"], "ApproximateReceiveCount on two receives")


@scenario(id="sqs/scenario/messages/max-number-of-messages", feature=F, operations=["ReceiveMessage"],
          provenance=RECEIVE)
def max_number_of_messages(ctx: CaseContext) -> None:
    """ReceiveMessage never answers more messages than MaxNumberOfMessages (default 1)."""
    url = make_queue(ctx)
    for n in range(4):
        send(ctx, url, f"m{n}")
    one = receive(ctx, url, WaitTimeSeconds=1)
    ctx.check(len(one) <= 1, "more than one message without MaxNumberOfMessages", expected="<= 1",
              observed=len(one))
    two = receive(ctx, url, WaitTimeSeconds=1, MaxNumberOfMessages=2)
    ctx.check(len(two) <= 2, "more messages than MaxNumberOfMessages=2", expected="<= 2", observed=len(two))


def _delay_case(sid: str, doc: str, per_message: bool) -> None:
    def case(ctx: CaseContext) -> None:
        if per_message:
            url = make_queue(ctx)
            send(ctx, url, "late", DelaySeconds=2)
        else:
            url = make_queue(ctx, DelaySeconds=2)
            send(ctx, url, "late")
        ctx.equal(receive(ctx, url), [], "messages right after a delayed send")
        ctx.equal(bodies(receive_until(ctx, url, within=8.0)), ["late"], "messages once the delay is over")

    case.__doc__ = doc
    scenario(id=f"sqs/scenario/messages/{sid}", feature=F, operations=["SendMessage", "ReceiveMessage"],
             provenance=SEND if per_message else api("CreateQueue"))(case)


_delay_case("per-message-delay", "A message sent with DelaySeconds=2 is not received at once, and is after the delay.",
            True)
_delay_case("queue-delay", "On a queue with DelaySeconds=2, a new message is not received at once, and is after "
            "the delay.", False)


@scenario(id="sqs/scenario/messages/too-large-refused", feature=F, operations=["SendMessage"], provenance=SEND)
def too_large_refused(ctx: CaseContext) -> None:
    """A body longer than the queue's MaximumMessageSize is refused with InvalidParameterValue."""
    url = make_queue(ctx, MaximumMessageSize=1024)
    reply = ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="x" * 1025)
    expect_sqs_error(ctx, reply, INVALID_PARAM)


@scenario(id="sqs/scenario/messages/max-size-accepted", feature=F, operations=["SendMessage"], provenance=SEND)
def max_size_accepted(ctx: CaseContext) -> None:
    """A body exactly MaximumMessageSize bytes long is accepted."""
    url = make_queue(ctx, MaximumMessageSize=1024)
    ctx.expect_ok(ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="x" * 1024))


@scenario(id="sqs/scenario/messages/invalid-characters-refused", feature=F, operations=["SendMessage"],
          provenance=SEND)
def invalid_characters_refused(ctx: CaseContext) -> None:
    """A body with a character outside the allowed set (U+0000) is refused with InvalidMessageContents."""
    url = make_queue(ctx)
    reply = ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="bad \u0000 char")
    expect_sqs_error(ctx, reply, INVALID_CONTENTS)
