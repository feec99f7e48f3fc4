"""SQS error codes: queues that do not exist, request values out of range."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    INVALID_PARAM,
    NON_EXISTENT,
    api,
    expect_sqs_error,
    make_queue,
)

F = "sqs/errors"


def _absent_url(ctx: CaseContext) -> str:
    """The URL a queue of this run's namespace would have, for a name no queue has."""
    url = make_queue(ctx)
    return url.rsplit("/", 1)[0] + "/" + ctx.name("absent")


def _missing_case(sid: str, op: str, params: dict) -> None:
    def case(ctx: CaseContext) -> None:
        reply = ctx.call("sqs", op, QueueUrl=_absent_url(ctx), **params)
        expect_sqs_error(ctx, reply, NON_EXISTENT)

    case.__doc__ = f"{op} on a queue that does not exist is refused with QueueDoesNotExist " \
                   "(AWS.SimpleQueueService.NonExistentQueue)."
    scenario(id=f"sqs/scenario/errors/{sid}", feature=F, operations=[op], provenance=api(op))(case)


_missing_case("send-missing-queue", "SendMessage", {"MessageBody": "b"})
_missing_case("receive-missing-queue", "ReceiveMessage", {})
_missing_case("get-attributes-missing-queue", "GetQueueAttributes", {"AttributeNames": ["All"]})
_missing_case("set-attributes-missing-queue", "SetQueueAttributes", {"Attributes": {"DelaySeconds": "1"}})
_missing_case("delete-missing-queue", "DeleteQueue", {})


def _receive_bound_case(sid: str, value: int) -> None:
    def case(ctx: CaseContext) -> None:
        url = make_queue(ctx)
        reply = ctx.call("sqs", "ReceiveMessage", QueueUrl=url, MaxNumberOfMessages=value)
        expect_sqs_error(ctx, reply, INVALID_PARAM)

    case.__doc__ = f"MaxNumberOfMessages={value} (outside 1..10) is refused with InvalidParameterValue."
    scenario(id=f"sqs/scenario/errors/{sid}", feature=F, operations=["ReceiveMessage"],
             provenance=api("ReceiveMessage"))(case)


_receive_bound_case("max-messages-above-ten", 11)
_receive_bound_case("max-messages-zero", 0)


@scenario(id="sqs/scenario/errors/delay-above-maximum", feature=F, operations=["SendMessage"],
          provenance=api("SendMessage"))
def delay_above_maximum(ctx: CaseContext) -> None:
    """A per-message DelaySeconds above 900 is refused with InvalidParameterValue."""
    url = make_queue(ctx)
    reply = ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="b", DelaySeconds=901)
    expect_sqs_error(ctx, reply, INVALID_PARAM)


@scenario(id="sqs/scenario/errors/dedup-id-on-standard-queue", feature=F, operations=["SendMessage"],
          provenance=api("SendMessage"), severity="advisory")
def dedup_id_on_standard_queue(ctx: CaseContext) -> None:
    """MessageDeduplicationId applies to FIFO queues only: a standard queue refuses it with
    InvalidParameterValue."""
    url = make_queue(ctx)
    reply = ctx.call("sqs", "SendMessage", QueueUrl=url, MessageBody="b", MessageDeduplicationId="d1")
    expect_sqs_error(ctx, reply, INVALID_PARAM)
