"""SQS long polling: WaitTimeSeconds bounds, waiting on an empty queue, early return."""

from __future__ import annotations

import time

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    INVALID_PARAM,
    api,
    bodies,
    expect_sqs_error,
    guide,
    make_queue,
    receive,
    send,
)

F = "sqs/long-polling"
GUIDE = guide("sqs-short-and-long-polling")
RECEIVE = api("ReceiveMessage")


def _timed_receive(ctx: CaseContext, url: str, **params) -> tuple[list[dict], float]:
    started = time.monotonic()
    got = receive(ctx, url, **params)
    return got, time.monotonic() - started


def _bound_case(sid: str, value: int) -> None:
    def case(ctx: CaseContext) -> None:
        url = make_queue(ctx)
        reply = ctx.call("sqs", "ReceiveMessage", QueueUrl=url, WaitTimeSeconds=value)
        expect_sqs_error(ctx, reply, INVALID_PARAM)

    case.__doc__ = f"WaitTimeSeconds={value} (outside 0..20) is refused with InvalidParameterValue."
    scenario(id=f"sqs/scenario/long-polling/{sid}", feature=F, operations=["ReceiveMessage"], provenance=RECEIVE)(case)


_bound_case("wait-above-twenty-refused", 21)
_bound_case("wait-negative-refused", -1)


@scenario(id="sqs/scenario/long-polling/wait-twenty-accepted", feature=F, operations=["ReceiveMessage"],
          provenance=RECEIVE)
def wait_twenty_accepted(ctx: CaseContext) -> None:
    """WaitTimeSeconds=20, the maximum, is accepted (a waiting message makes it return at once)."""
    url = make_queue(ctx)
    send(ctx, url, "ready")
    got, elapsed = _timed_receive(ctx, url, WaitTimeSeconds=20)
    ctx.equal(bodies(got), ["ready"], "messages")
    ctx.check(elapsed < 10, "the receive waited although a message was ready", expected="< 10 s",
              observed=f"{elapsed:.1f} s")


@scenario(id="sqs/scenario/long-polling/empty-queue-waits", feature=F, operations=["ReceiveMessage"],
          provenance=GUIDE)
def empty_queue_waits(ctx: CaseContext) -> None:
    """On an empty queue, a receive with WaitTimeSeconds=2 waits about that long, then answers no messages."""
    url = make_queue(ctx)
    got, elapsed = _timed_receive(ctx, url, WaitTimeSeconds=2)
    ctx.equal(got, [], "messages")
    ctx.check(elapsed >= 1.5, "the long poll returned before its wait time", expected=">= 2 s",
              observed=f"{elapsed:.2f} s")


@scenario(id="sqs/scenario/long-polling/queue-wait-time-applies", feature=F, operations=["ReceiveMessage"],
          provenance=GUIDE)
def queue_wait_time_applies(ctx: CaseContext) -> None:
    """A queue's ReceiveMessageWaitTimeSeconds makes a receive without WaitTimeSeconds a long poll."""
    url = make_queue(ctx, ReceiveMessageWaitTimeSeconds=2)
    got, elapsed = _timed_receive(ctx, url)
    ctx.equal(got, [], "messages")
    ctx.check(elapsed >= 1.5, "the receive did not wait the queue's wait time", expected=">= 2 s",
              observed=f"{elapsed:.2f} s")


@scenario(id="sqs/scenario/long-polling/zero-overrides-queue-wait", feature=F, operations=["ReceiveMessage"],
          provenance=GUIDE)
def zero_overrides_queue_wait(ctx: CaseContext) -> None:
    """WaitTimeSeconds=0 on the request makes a short poll even on a queue with a wait time."""
    url = make_queue(ctx, ReceiveMessageWaitTimeSeconds=5)
    got, elapsed = _timed_receive(ctx, url, WaitTimeSeconds=0)
    ctx.equal(got, [], "messages")
    ctx.check(elapsed < 3, "WaitTimeSeconds=0 still waited", expected="< 3 s", observed=f"{elapsed:.2f} s")


@scenario(id="sqs/scenario/long-polling/returns-early-with-message", feature=F, operations=["ReceiveMessage"],
          provenance=RECEIVE)
def returns_early_with_message(ctx: CaseContext) -> None:
    """A long poll returns as soon as a message is available, before WaitTimeSeconds."""
    url = make_queue(ctx)
    send(ctx, url, "ready")
    got, elapsed = _timed_receive(ctx, url, WaitTimeSeconds=5)
    ctx.equal(bodies(got), ["ready"], "messages")
    ctx.check(elapsed < 4, "the long poll waited although a message was ready", expected="< 4 s",
              observed=f"{elapsed:.2f} s")
