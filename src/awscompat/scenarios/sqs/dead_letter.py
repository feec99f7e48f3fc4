"""SQS dead-letter cases that stay Python: the redrive policy compared as decoded JSON, receive loops,
a polled listing, an ARN computed from another. The other dead-letter cases are data:
cases/sqs/dead-letter.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    api,
    bodies,
    expect_sqs_error,
    guide,
    make_queue,
    move_recorded,
    queue_arn,
    queue_attrs,
    receive,
    receive_until,
    send,
)
from awscompat.scenarios.sqs._resources import poll

F = "sqs/dead-letter"
GUIDE = guide("sqs-dead-letter-queues")


def _pair(ctx: CaseContext, max_receive: int = 1, fifo: bool = False) -> tuple[str, str, str]:
    """A dead-letter queue and a source queue redriving to it; answers (source, dlq, dlq ARN)."""
    dlq = make_queue(ctx, fifo=fifo, hint="dlq")
    dlq_arn = queue_arn(ctx, dlq)
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive})
    source = make_queue(ctx, fifo=fifo, hint="src", RedrivePolicy=policy)
    return source, dlq, dlq_arn


@scenario(id="sqs/scenario/dead-letter/redrive-policy-roundtrip", feature=F, operations=["GetQueueAttributes"],
          provenance=api("SetQueueAttributes"))
def redrive_policy_roundtrip(ctx: CaseContext) -> None:
    """RedrivePolicy reads back as the JSON it was set to (target ARN and maxReceiveCount)."""
    source, _, dlq_arn = _pair(ctx, max_receive=3)
    policy = json.loads(queue_attrs(ctx, source, "RedrivePolicy").get("RedrivePolicy") or "{}")
    ctx.equal((policy.get("deadLetterTargetArn"), int(policy.get("maxReceiveCount") or 0)), (dlq_arn, 3),
              "RedrivePolicy (deadLetterTargetArn, maxReceiveCount)")


@scenario(id="sqs/scenario/dead-letter/moved-after-max-receives", feature=F,
          operations=["ReceiveMessage"], provenance=GUIDE, timeout=60.0)
def moved_after_max_receives(ctx: CaseContext) -> None:
    """A message received more than maxReceiveCount times without being deleted moves to the
    dead-letter queue, where it is received with its body."""
    source, dlq, _ = _pair(ctx, max_receive=1)
    send(ctx, source, "poison")
    first = receive_until(ctx, source, VisibilityTimeout=0)
    ctx.equal(bodies(first), ["poison"], "first receive from the source")
    ctx.equal(receive(ctx, source, WaitTimeSeconds=1), [], "source receive past maxReceiveCount")
    ctx.equal(bodies(receive_until(ctx, dlq, within=20.0)), ["poison"], "message in the dead-letter queue")


@scenario(id="sqs/scenario/dead-letter/list-source-queues", feature=F, operations=["ListDeadLetterSourceQueues"],
          provenance=api("ListDeadLetterSourceQueues"), timeout=60.0)
def list_source_queues(ctx: CaseContext) -> None:
    """ListDeadLetterSourceQueues of a dead-letter queue names the queue that redrives to it."""
    source, dlq, _ = _pair(ctx)
    reply = poll(ctx, lambda: ctx.expect_ok(ctx.call("sqs", "ListDeadLetterSourceQueues", QueueUrl=dlq)),
                 lambda r: bool(r.get("queueUrls")), within=30.0, interval=1.0)
    ctx.equal(reply.get("queueUrls"), [source], "queueUrls", reply)


@scenario(id="sqs/scenario/dead-letter/move-task-destination-must-exist", feature=F,
          operations=["StartMessageMoveTask"], provenance=move_recorded("test_destination_needs_to_exist", "error"))
def move_task_destination_must_exist(ctx: CaseContext) -> None:
    """StartMessageMoveTask to a destination queue that does not exist is refused with 404
    ResourceNotFoundException."""
    _, _, dlq_arn = _pair(ctx)
    absent = dlq_arn.rsplit(":", 1)[0] + ":" + ctx.name("absent")
    reply = ctx.call("sqs", "StartMessageMoveTask", SourceArn=dlq_arn, DestinationArn=absent)
    expect_sqs_error(ctx, reply, ("ResourceNotFoundException",), 404)


@scenario(id="sqs/scenario/dead-letter/move-task-moves-messages", feature=F,
          operations=["StartMessageMoveTask", "ListMessageMoveTasks"],
          provenance=move_recorded("test_basic_move_task_workflow", "list-message-move-task-response"),
          timeout=90.0)
def move_task_moves_messages(ctx: CaseContext) -> None:
    """A move task from a dead-letter queue to a destination answers a TaskHandle, is listed
    COMPLETED with ApproximateNumberOfMessagesMoved 2, and the messages arrive at the destination."""
    source, dlq, dlq_arn = _pair(ctx)
    for body in ("one", "two"):
        send(ctx, dlq, body)
    reply = ctx.expect_ok(ctx.call("sqs", "StartMessageMoveTask", SourceArn=dlq_arn,
                                   DestinationArn=queue_arn(ctx, source)))
    ctx.check(reply.get("TaskHandle"), "no TaskHandle", expected="TaskHandle", observed=reply.parsed, reply=reply)

    def fetch():
        return ctx.expect_ok(ctx.call("sqs", "ListMessageMoveTasks", SourceArn=dlq_arn))

    listed = poll(ctx, fetch, lambda r: any(t.get("Status") == "COMPLETED" for t in r.get("Results") or []),
                  within=60.0, interval=1.0)
    task = (listed.get("Results") or [{}])[0]
    ctx.equal((task.get("Status"), task.get("ApproximateNumberOfMessagesMoved")), ("COMPLETED", 2),
              "(Status, ApproximateNumberOfMessagesMoved)", listed)
    ctx.equal(sorted(bodies(receive_until(ctx, source, 2))), ["one", "two"], "messages at the destination")
