"""SQS batch cases that stay Python: those that receive messages first (a bounded receive loop),
bodies built at run time (600 KiB, 1025 bytes), partial failures reported per entry. The other
batch cases are data: cases/sqs/batches.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    BATCH_TOO_LONG,
    api,
    bodies,
    expect_sqs_error,
    make_queue,
    md5_hex,
    receive_until,
    send,
)

F = "sqs/batches"
SEND_BATCH = api("SendMessageBatch")
DELETE_BATCH = api("DeleteMessageBatch")
CHANGE_BATCH = api("ChangeMessageVisibilityBatch")


def _entries(n: int, size: int = 0) -> list[dict]:
    return [{"Id": f"e{i}", "MessageBody": ("x" * size) if size else f"body-{i}"} for i in range(n)]


def _received(ctx: CaseContext, url: str, count: int) -> list[dict]:
    for i in range(count):
        send(ctx, url, f"m{i}")
    got = receive_until(ctx, url, count, VisibilityTimeout=60)
    ctx.check(len(got) >= count, "the messages sent were not all received", expected=count, observed=len(got))
    return got[:count]


def _check_failed(ctx: CaseContext, reply, ok_ids: list[str], failed_id: str, code: str | None) -> None:
    ctx.equal(sorted(e.get("Id") for e in reply.get("Successful") or []), ok_ids, "Successful ids", reply)
    failed = reply.get("Failed") or []
    ctx.equal([e.get("Id") for e in failed], [failed_id], "Failed ids", reply)
    ctx.equal(failed[0].get("SenderFault"), True, "SenderFault of the failed entry", reply)
    if code:
        ctx.equal(failed[0].get("Code"), code, "Code of the failed entry", reply)


@scenario(id="sqs/scenario/batches/send-batch", feature=F, operations=["SendMessageBatch"], provenance=SEND_BATCH)
def send_batch(ctx: CaseContext) -> None:
    """SendMessageBatch answers one Successful entry per message, with its MessageId and the MD5
    of its body, and every message is delivered."""
    url = make_queue(ctx)
    reply = ctx.expect_ok(ctx.call("sqs", "SendMessageBatch", QueueUrl=url, Entries=_entries(3)))
    ok = {e.get("Id"): e for e in reply.get("Successful") or []}
    ctx.equal(sorted(ok), ["e0", "e1", "e2"], "Successful ids", reply)
    ctx.equal(reply.get("Failed") or [], [], "Failed entries", reply)
    ctx.equal(ok["e1"].get("MD5OfMessageBody"), md5_hex("body-1"), "MD5OfMessageBody of e1", reply)
    ctx.equal(sorted(bodies(receive_until(ctx, url, 3))), ["body-0", "body-1", "body-2"], "bodies received")


@scenario(id="sqs/scenario/batches/total-too-long-refused", feature=F, operations=["SendMessageBatch"],
          provenance=SEND_BATCH)
def total_too_long_refused(ctx: CaseContext) -> None:
    """A batch whose bodies add up to more than the 1 MiB payload limit is refused with BatchRequestTooLong."""
    url = make_queue(ctx)
    reply = ctx.call("sqs", "SendMessageBatch", QueueUrl=url, Entries=_entries(2, 600 * 1024))
    expect_sqs_error(ctx, reply, BATCH_TOO_LONG)


@scenario(id="sqs/scenario/batches/delete-batch", feature=F, operations=["DeleteMessageBatch"],
          provenance=DELETE_BATCH)
def delete_batch(ctx: CaseContext) -> None:
    """DeleteMessageBatch with valid receipt handles answers every entry Successful."""
    url = make_queue(ctx)
    got = _received(ctx, url, 2)
    entries = [{"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)]
    reply = ctx.expect_ok(ctx.call("sqs", "DeleteMessageBatch", QueueUrl=url, Entries=entries))
    ctx.equal(sorted(e.get("Id") for e in reply.get("Successful") or []), ["d0", "d1"], "Successful ids", reply)
    ctx.equal(reply.get("Failed") or [], [], "Failed entries", reply)


@scenario(id="sqs/scenario/batches/delete-partial-failure", feature=F, operations=["DeleteMessageBatch"],
          provenance=DELETE_BATCH)
def delete_partial_failure(ctx: CaseContext) -> None:
    """A DeleteMessageBatch with one invalid receipt handle answers 200: the valid entry in
    Successful, the other in Failed with ReceiptHandleIsInvalid and SenderFault true."""
    url = make_queue(ctx)
    got = _received(ctx, url, 1)
    entries = [{"Id": "good", "ReceiptHandle": got[0]["ReceiptHandle"]},
               {"Id": "bad", "ReceiptHandle": "not-a-receipt-handle"}]
    reply = ctx.expect_ok(ctx.call("sqs", "DeleteMessageBatch", QueueUrl=url, Entries=entries))
    _check_failed(ctx, reply, ["good"], "bad", "ReceiptHandleIsInvalid")


@scenario(id="sqs/scenario/batches/change-visibility-batch", feature=F,
          operations=["ChangeMessageVisibilityBatch"], provenance=CHANGE_BATCH)
def change_visibility_batch(ctx: CaseContext) -> None:
    """ChangeMessageVisibilityBatch to 0 makes every in-flight message receivable again."""
    url = make_queue(ctx)
    got = _received(ctx, url, 2)
    entries = [{"Id": f"c{i}", "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
               for i, m in enumerate(got)]
    reply = ctx.expect_ok(ctx.call("sqs", "ChangeMessageVisibilityBatch", QueueUrl=url, Entries=entries))
    ctx.equal(sorted(e.get("Id") for e in reply.get("Successful") or []), ["c0", "c1"], "Successful ids", reply)
    ctx.equal(len(receive_until(ctx, url, 2, within=5.0)), 2, "messages received again")


@scenario(id="sqs/scenario/batches/change-visibility-partial-failure", feature=F,
          operations=["ChangeMessageVisibilityBatch"], provenance=CHANGE_BATCH)
def change_visibility_partial_failure(ctx: CaseContext) -> None:
    """A ChangeMessageVisibilityBatch with one invalid receipt handle answers 200 with that entry in
    Failed (SenderFault true) and the other in Successful."""
    url = make_queue(ctx)
    got = _received(ctx, url, 1)
    entries = [{"Id": "good", "ReceiptHandle": got[0]["ReceiptHandle"], "VisibilityTimeout": 10},
               {"Id": "bad", "ReceiptHandle": "not-a-receipt-handle", "VisibilityTimeout": 10}]
    reply = ctx.expect_ok(ctx.call("sqs", "ChangeMessageVisibilityBatch", QueueUrl=url, Entries=entries))
    _check_failed(ctx, reply, ["good"], "bad", None)


@scenario(id="sqs/scenario/batches/send-partial-failure", feature=F, operations=["SendMessageBatch"],
          provenance=SEND_BATCH, severity="advisory")
def send_partial_failure(ctx: CaseContext) -> None:
    """A SendMessageBatch where one entry is invalid (longer than the queue's MaximumMessageSize)
    still answers 200: the valid entry is sent, the other is reported in Failed with SenderFault true."""
    url = make_queue(ctx, MaximumMessageSize=1024)
    entries = [{"Id": "good", "MessageBody": "ok"}, {"Id": "bad", "MessageBody": "x" * 1025}]
    reply = ctx.expect_ok(ctx.call("sqs", "SendMessageBatch", QueueUrl=url, Entries=entries))
    _check_failed(ctx, reply, ["good"], "bad", None)
