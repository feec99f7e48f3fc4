"""SNS delivery to SQS: the JSON notification envelope, raw delivery, message attributes,
message structure, batches."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import (
    delivered,
    envelope,
    make_topic,
    publish,
    rec,
    subscribed_queue,
)
from awscompat.scenarios.sqs._fixtures import attributes_md5, receive

F = "sns/delivery"
SQS = "TestSNSSubscriptionSQS::"
PUB = "TestSNSPublishCrud::"
NUMBER = {"attr1": {"DataType": "Number", "StringValue": "99.12"}}


def _one(ctx: CaseContext, url: str, **params) -> dict:
    got = delivered(ctx, url, **params)
    ctx.check(got, "nothing was delivered to the subscribed queue", expected="1 message", observed=[])
    return got[0]


@scenario(id="sns/scenario/delivery/notification-envelope", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_publish_sqs_from_sns", "message-raw-false"))
def notification_envelope(ctx: CaseContext) -> None:
    """Without raw delivery, the SQS body is a JSON notification: Type Notification, the
    MessageId Publish answered, the TopicArn, the Message, a Timestamp, SignatureVersion,
    Signature, SigningCertURL and UnsubscribeURL."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic)
    sent = publish(ctx, topic, "Test msg")
    note = envelope(_one(ctx, url))
    ctx.equal((note.get("Type"), note.get("MessageId"), note.get("TopicArn"), note.get("Message")),
              ("Notification", sent.get("MessageId"), topic, "Test msg"), "(Type, MessageId, TopicArn, Message)")
    missing = [k for k in ("Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL")
               if not note.get(k)]
    ctx.equal(missing, [], "envelope members missing")


@scenario(id="sns/scenario/delivery/subject-in-envelope", feature=F, operations=["Publish"],
          provenance=rec(PUB + "test_publish_message_before_subscribe_topic", "receive-messages"))
def subject_in_envelope(ctx: CaseContext) -> None:
    """A Subject given to Publish appears as Subject in the notification."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic)
    publish(ctx, topic, "test_message_after", Subject="test-subject-after-sub")
    ctx.equal(envelope(_one(ctx, url)).get("Subject"), "test-subject-after-sub", "Subject")


@scenario(id="sns/scenario/delivery/raw-delivery-body", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_publish_sqs_from_sns", "message-raw-true"))
def raw_delivery_body(ctx: CaseContext) -> None:
    """With RawMessageDelivery, the SQS body is the published message itself."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic, raw=True)
    publish(ctx, topic, "Test msg")
    ctx.equal(_one(ctx, url).get("Body"), "Test msg", "Body")


@scenario(id="sns/scenario/delivery/raw-delivery-message-attributes", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_publish_sqs_from_sns", "message-raw-true"))
def raw_delivery_message_attributes(ctx: CaseContext) -> None:
    """With raw delivery, published message attributes become SQS message attributes, with
    MD5OfMessageAttributes d302007e9aa062660afc85fd0a482472 for attr1=99.12 (Number)."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic, raw=True)
    publish(ctx, topic, "Test msg", MessageAttributes=NUMBER)
    msg = _one(ctx, url, MessageAttributeNames=["All"])
    attrs = {k: {"DataType": v.get("DataType"), "StringValue": v.get("StringValue")}
             for k, v in (msg.get("MessageAttributes") or {}).items()}
    ctx.equal((attrs, msg.get("MD5OfMessageAttributes")), (NUMBER, "d302007e9aa062660afc85fd0a482472"),
              "(MessageAttributes, MD5OfMessageAttributes)")


@scenario(id="sns/scenario/delivery/raw-delivery-binary-attribute", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_attribute_raw_subscribe", "messages-response"))
def raw_delivery_binary_attribute(ctx: CaseContext) -> None:
    """With raw delivery, a Binary message attribute arrives as an SQS Binary attribute with the
    same bytes, and the MD5 covers it."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic, raw=True)
    attrs = {"store": {"DataType": "Binary", "BinaryValue": b"\x02\x03\x04"}}
    publish(ctx, topic, "This is a test message", MessageAttributes=attrs)
    msg = _one(ctx, url, MessageAttributeNames=["All"])
    got = msg.get("MessageAttributes") or {}
    ctx.equal(((got.get("store") or {}).get("BinaryValue"), msg.get("MD5OfMessageAttributes")),
              (b"\x02\x03\x04", attributes_md5(attrs)), "(store BinaryValue, MD5OfMessageAttributes)")


@scenario(id="sns/scenario/delivery/envelope-message-attributes", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_message_attributes_not_missing", "json-delivery-msg-attrs"))
def envelope_message_attributes(ctx: CaseContext) -> None:
    """Without raw delivery, message attributes are inside the notification as {Type, Value};
    a Binary value is base64 ("AgME" for bytes 02 03 04)."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic)
    publish(ctx, topic, "text", MessageAttributes={
        "an-attribute-key": {"DataType": "String", "StringValue": "an-attribute-value"},
        "binary-attribute": {"DataType": "Binary", "BinaryValue": b"\x02\x03\x04"}})
    note = envelope(_one(ctx, url))
    ctx.equal(note.get("MessageAttributes"), {"an-attribute-key": {"Type": "String", "Value": "an-attribute-value"},
                                              "binary-attribute": {"Type": "Binary", "Value": "AgME"}},
              "MessageAttributes in the notification")


@scenario(id="sns/scenario/delivery/not-delivered-before-subscribe", feature=F, operations=["Publish"],
          provenance=rec(PUB + "test_publish_message_before_subscribe_topic", "receive-messages"))
def not_delivered_before_subscribe(ctx: CaseContext) -> None:
    """A message published before the queue subscribed is not delivered to it; one published
    after is."""
    topic = make_topic(ctx)
    publish(ctx, topic, "test_message_before")
    url, _ = subscribed_queue(ctx, topic)
    publish(ctx, topic, "test_message_after")
    got = delivered(ctx, url) + receive(ctx, url, WaitTimeSeconds=1, MaxNumberOfMessages=10)
    ctx.equal([envelope(m).get("Message") for m in got], ["test_message_after"], "messages delivered")


@scenario(id="sns/scenario/delivery/message-structure-json", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_message_structure_json_to_sqs", "get-msg-json-sqs"))
def message_structure_json(ctx: CaseContext) -> None:
    """With MessageStructure=json, an SQS subscriber receives the value of the "sqs" key."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic)
    message = json.dumps({"default": "default field", "sqs": json.dumps({"field": "value"})})
    publish(ctx, topic, message, MessageStructure="json")
    ctx.equal(envelope(_one(ctx, url)).get("Message"), json.dumps({"field": "value"}), "Message")


@scenario(id="sns/scenario/delivery/message-structure-default", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_message_structure_json_to_sqs", "get-msg-json-default"))
def message_structure_default(ctx: CaseContext) -> None:
    """With MessageStructure=json and no "sqs" key, an SQS subscriber receives the "default" value."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic)
    publish(ctx, topic, json.dumps({"default": "default field"}), MessageStructure="json")
    ctx.equal(envelope(_one(ctx, url)).get("Message"), "default field", "Message")


@scenario(id="sns/scenario/delivery/publish-batch-delivers-all", feature=F, operations=["PublishBatch"],
          provenance=rec(SQS + "test_publish_batch_messages_from_sns_to_sqs", "publish-batch"))
def publish_batch_delivers_all(ctx: CaseContext) -> None:
    """PublishBatch answers one Successful entry per message (none Failed) and every message is delivered."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic, raw=True)
    entries = [{"Id": str(i), "Message": f"batch-{i}"} for i in range(1, 6)]
    reply = ctx.expect_ok(ctx.call("sns", "PublishBatch", TopicArn=topic, PublishBatchRequestEntries=entries))
    ctx.equal((sorted(e.get("Id") for e in reply.get("Successful") or []), reply.get("Failed") or []),
              (["1", "2", "3", "4", "5"], []), "(Successful ids, Failed)", reply)
    got = delivered(ctx, url, 5)
    ctx.equal(sorted(m.get("Body") for m in got), [f"batch-{i}" for i in range(1, 6)], "bodies delivered")


@scenario(id="sns/scenario/delivery/unicode-message", feature=F, operations=["Publish"],
          provenance=rec(SQS + "test_publish_unicode_chars", "received-message"))
def unicode_message(ctx: CaseContext) -> None:
    """A message with non-ASCII characters arrives unchanged."""
    topic = make_topic(ctx)
    url, _ = subscribed_queue(ctx, topic)
    text = "\u00f6\u00a7a1\"_!?,. \u00a3$-"
    publish(ctx, topic, text)
    ctx.equal(envelope(_one(ctx, url)).get("Message"), text, "Message")
