"""SQS message-attribute cases that stay Python: round trips and MD5 digests (a message received in a
bounded loop; the digest computed as the Developer Guide defines it). The refused sends are data:
cases/sqs/message-attributes.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    attributes_md5,
    guide,
    make_queue,
    receive_until,
    send,
    sns_recorded,
)

F = "sqs/message-attributes"
GUIDE = guide("sqs-message-metadata")
STRING = {"colour": {"DataType": "String", "StringValue": "blue"}}
MIXED = {
    "colour": {"DataType": "String", "StringValue": "blue"},
    "size": {"DataType": "Number", "StringValue": "42"},
    "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02\xff"},
}


def _sent_and_received(ctx: CaseContext, attrs: dict, names: list[str] | None = None) -> tuple[dict, dict]:
    """Send one message with attrs; answer the SendMessage reply and the message received
    asking for `names` (default All)."""
    url = make_queue(ctx)
    sent = ctx.expect_ok(ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="with attributes",
                                  MessageAttributes=attrs)).parsed
    got = receive_until(ctx, url, MessageAttributeNames=names or ["All"])
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    return sent, got[0]


def _clean(attrs: dict) -> dict:
    """Attribute values without the list members botocore adds for empty lists."""
    return {n: {k: v for k, v in a.items() if k in ("DataType", "StringValue", "BinaryValue")}
            for n, a in (attrs or {}).items()}


@scenario(id="sqs/scenario/message-attributes/roundtrip", feature=F, operations=["SendMessage", "ReceiveMessage"],
          provenance=GUIDE)
def roundtrip(ctx: CaseContext) -> None:
    """String, Number and Binary attributes come back unchanged when the receive asks for All."""
    _, msg = _sent_and_received(ctx, MIXED)
    ctx.equal(_clean(msg.get("MessageAttributes")), MIXED, "MessageAttributes received")


@scenario(id="sqs/scenario/message-attributes/send-md5-string", feature=F, operations=["SendMessage"],
          provenance=GUIDE)
def send_md5_string(ctx: CaseContext) -> None:
    """SendMessage answers MD5OfMessageAttributes computed as the Developer Guide defines it."""
    sent, _ = _sent_and_received(ctx, STRING)
    ctx.equal(sent.get("MD5OfMessageAttributes"), attributes_md5(STRING), "MD5OfMessageAttributes")


@scenario(id="sqs/scenario/message-attributes/md5-number-recorded", feature=F,
          operations=["SendMessage", "ReceiveMessage"],
          provenance=sns_recorded("test_publish_sqs_from_sns", "message-raw-true"))
def md5_number_recorded(ctx: CaseContext) -> None:
    """A Number attribute attr1=99.12 has MD5OfMessageAttributes d302007e9aa062660afc85fd0a482472
    (the value AWS answered), on the send and on the receive."""
    attrs = {"attr1": {"DataType": "Number", "StringValue": "99.12"}}
    sent, msg = _sent_and_received(ctx, attrs)
    ctx.equal((sent.get("MD5OfMessageAttributes"), msg.get("MD5OfMessageAttributes")),
              ("d302007e9aa062660afc85fd0a482472",) * 2, "MD5OfMessageAttributes (send, receive)")


@scenario(id="sqs/scenario/message-attributes/md5-mixed-types", feature=F,
          operations=["SendMessage", "ReceiveMessage"], provenance=GUIDE)
def md5_mixed_types(ctx: CaseContext) -> None:
    """With String, Number and Binary attributes, the MD5 on the send and on the receive is the
    documented digest (attributes in name order, binary values with transport type 2)."""
    sent, msg = _sent_and_received(ctx, MIXED)
    want = attributes_md5(MIXED)
    ctx.equal((sent.get("MD5OfMessageAttributes"), msg.get("MD5OfMessageAttributes")), (want, want),
              "MD5OfMessageAttributes (send, receive)")


@scenario(id="sqs/scenario/message-attributes/custom-type-suffix", feature=F,
          operations=["SendMessage", "ReceiveMessage"], provenance=GUIDE)
def custom_type_suffix(ctx: CaseContext) -> None:
    """A custom data type (Number.float) is kept, and its full name is part of the MD5."""
    attrs = {"price": {"DataType": "Number.float", "StringValue": "1.5"}}
    sent, msg = _sent_and_received(ctx, attrs)
    ctx.equal(_clean(msg.get("MessageAttributes")), attrs, "MessageAttributes received")
    ctx.equal(sent.get("MD5OfMessageAttributes"), attributes_md5(attrs), "MD5OfMessageAttributes")


@scenario(id="sqs/scenario/message-attributes/select-by-name", feature=F, operations=["ReceiveMessage"],
          provenance=GUIDE)
def select_by_name(ctx: CaseContext) -> None:
    """MessageAttributeNames naming one attribute returns only that one."""
    _, msg = _sent_and_received(ctx, MIXED, ["size"])
    ctx.equal(sorted(msg.get("MessageAttributes") or {}), ["size"], "attributes returned")


@scenario(id="sqs/scenario/message-attributes/select-by-prefix", feature=F, operations=["ReceiveMessage"],
          provenance=GUIDE)
def select_by_prefix(ctx: CaseContext) -> None:
    """MessageAttributeNames 'app.*' returns the attributes whose names start with 'app.'."""
    attrs = {"app.one": {"DataType": "String", "StringValue": "1"},
             "app.two": {"DataType": "String", "StringValue": "2"},
             "other": {"DataType": "String", "StringValue": "3"}}
    _, msg = _sent_and_received(ctx, attrs, ["app.*"])
    ctx.equal(sorted(msg.get("MessageAttributes") or {}), ["app.one", "app.two"], "attributes returned")


@scenario(id="sqs/scenario/message-attributes/not-returned-unless-asked", feature=F,
          operations=["ReceiveMessage"], provenance=GUIDE)
def not_returned_unless_asked(ctx: CaseContext) -> None:
    """A receive without MessageAttributeNames returns no message attributes (and no MD5 of them)."""
    url = make_queue(ctx)
    send(ctx, url, MessageAttributes=STRING)
    got = receive_until(ctx, url)
    ctx.check(got, "the message sent was not received", expected="1 message", observed=[])
    ctx.equal(got[0].get("MessageAttributes"), None, "MessageAttributes without asking")
