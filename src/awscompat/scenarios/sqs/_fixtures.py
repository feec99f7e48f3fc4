"""Shared set-up for SQS cases (the recipes of _recipes.py, the FIFO cases that stay Python, and the
SNS cases that deliver to a queue): a queue of the case's own (CreateQueue, ledgered first,
DeleteQueue at teardown), messages sent as set-up, bounded receive loops and the documented MD5 of
message attributes."""

from __future__ import annotations

import hashlib
import struct

from awscompat.catalog import docs
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.sqs._resources import call, create_tracked, poll

API = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_{}.html"
GUIDE = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/{}.html"


def api(operation: str) -> Provenance:
    """The SQS API reference page of an operation."""
    return docs(API.format(operation))


def guide(page: str) -> Provenance:
    """A page of the SQS Developer Guide."""
    return docs(GUIDE.format(page))


# -- queues ------------------------------------------------------------------------------------
def queue_name(ctx: CaseContext, hint: str = "q", fifo: bool = False) -> str:
    return ctx.name(hint, max_len=75) + ".fifo" if fifo else ctx.name(hint, max_len=80)


def create_queue(ctx: CaseContext, name: str, attrs: dict | None = None, *, fixture: bool = True,
                 tags: dict | None = None) -> Reply:
    """CreateQueue, ledgered first; teardown deletes the queue by the URL the create answered
    (or, if it never answered, by the URL GetQueueUrl finds for the name)."""
    params: dict = {"QueueName": name}
    if attrs:
        params["Attributes"] = {k: str(v) for k, v in attrs.items()}
    if tags:
        params["tags"] = tags

    def lookup() -> list[dict]:
        found = ctx.transport.call("sqs", "GetQueueUrl", {"QueueName": name})
        return [call("sqs", "DeleteQueue", QueueUrl=found["QueueUrl"])] if found.ok else []

    return create_tracked(ctx, "sqs", "sqs-queue", name, "CreateQueue", params,
                          lambda parsed: [call("sqs", "DeleteQueue", QueueUrl=parsed["QueueUrl"])],
                          lookup=lookup, fixture=fixture)


def make_queue(ctx: CaseContext, fifo: bool = False, hint: str = "q", **attrs) -> str:
    """A queue of this scenario's own; returns its URL. FIFO queues get FifoQueue=true."""
    if fifo:
        attrs = {"FifoQueue": "true", **attrs}
    return create_queue(ctx, queue_name(ctx, hint, fifo), attrs)["QueueUrl"]


def queue_arn(ctx: CaseContext, url: str) -> str:
    reply = ctx.fixture("sqs", "GetQueueAttributes", QueueUrl=url, AttributeNames=["QueueArn"])
    return reply["Attributes"]["QueueArn"]


# -- messages ----------------------------------------------------------------------------------
def send(ctx: CaseContext, url: str, body: str = "awscompat", **extra) -> dict:
    """A set-up SendMessage (FixtureError if refused)."""
    return ctx.fixture("sqs", "SendMessage", QueueUrl=url, MessageBody=body, **extra).parsed


def send_fifo(ctx: CaseContext, url: str, body: str, group: str = "g1", dedup: str | None = None, **extra) -> dict:
    return send(ctx, url, body, MessageGroupId=group, MessageDeduplicationId=dedup or body, **extra)


def receive(ctx: CaseContext, url: str, **params) -> list[dict]:
    """ReceiveMessage as a checked call; returns the messages ([] when the answer has none)."""
    reply = ctx.expect_ok(ctx.call("sqs", "ReceiveMessage", QueueUrl=url, **params))
    return reply.get("Messages") or []


def receive_until(ctx: CaseContext, url: str, count: int = 1, within: float = 10.0, **params) -> list[dict]:
    """Receive (short long-polls) until `count` messages have arrived or `within` seconds pass;
    every message received is kept (each stays in flight for the queue's visibility timeout)."""
    got: list[dict] = []
    params = {"WaitTimeSeconds": 1, "MaxNumberOfMessages": 10, **params}

    def fetch() -> list[dict]:
        got.extend(receive(ctx, url, **params))
        return got

    return poll(ctx, fetch, lambda msgs: len(msgs) >= count, within=within, interval=0.0)


def bodies(messages: list[dict]) -> list[str]:
    return [m.get("Body") for m in messages]


def delete(ctx: CaseContext, url: str, message: dict) -> None:
    ctx.fixture("sqs", "DeleteMessage", QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def attributes_md5(attrs: dict) -> str:
    """MD5OfMessageAttributes as the SQS Developer Guide defines it: for each attribute in name
    order, the 4-byte big-endian length and UTF-8 bytes of the name and of the data type, a
    transport byte (1 string, 2 binary), then the length and bytes of the value."""
    out = b""

    def lp(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    for name in sorted(attrs):
        attr = attrs[name]
        out += lp(name.encode()) + lp(attr["DataType"].encode())
        if "StringValue" in attr:
            out += b"\x01" + lp(attr["StringValue"].encode())
        else:
            out += b"\x02" + lp(attr["BinaryValue"])
    return hashlib.md5(out).hexdigest()
