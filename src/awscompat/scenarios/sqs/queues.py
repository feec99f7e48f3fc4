"""SQS queue cases that stay Python: ListQueues by prefix and by page (a second queue named after the
first, polled until both show) and a deleted queue polled for 65 s until it is gone. The other
queue cases are data: cases/sqs/queues.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    NON_EXISTENT,
    api,
    create_queue,
    expect_sqs_error,
    make_queue,
)
from awscompat.scenarios.sqs._resources import poll

F = "sqs/queues"


@scenario(id="sqs/scenario/queues/list-queues-by-prefix", feature=F, operations=["ListQueues"],
          provenance=api("ListQueues"))
def list_queues_by_prefix(ctx: CaseContext) -> None:
    """ListQueues with QueueNamePrefix names exactly the queues whose names start with it."""
    first = make_queue(ctx, hint="lp")
    prefix = first.rsplit("/", 1)[1]
    other = create_queue(ctx, prefix + "-b")["QueueUrl"]
    make_queue(ctx, hint="other")

    def fetch():
        return ctx.expect_ok(ctx.call("sqs", "ListQueues", QueueNamePrefix=prefix))

    reply = poll(ctx, fetch, lambda r: len(r.get("QueueUrls") or []) >= 2)
    ctx.equal(sorted(reply.get("QueueUrls") or []), sorted([first, other]), "ListQueues by prefix", reply)


@scenario(id="sqs/scenario/queues/list-queues-paginates", feature=F, operations=["ListQueues"],
          provenance=api("ListQueues"))
def list_queues_paginates(ctx: CaseContext) -> None:
    """ListQueues with MaxResults=1 answers one URL and a NextToken that leads to the next one."""
    first = make_queue(ctx, hint="pg")
    prefix = first.rsplit("/", 1)[1]
    second = create_queue(ctx, prefix + "-b")["QueueUrl"]
    poll(ctx, lambda: ctx.expect_ok(ctx.call("sqs", "ListQueues", QueueNamePrefix=prefix)),
         lambda r: len(r.get("QueueUrls") or []) >= 2)
    page = ctx.expect_ok(ctx.call("sqs", "ListQueues", QueueNamePrefix=prefix, MaxResults=1))
    ctx.equal(len(page.get("QueueUrls") or []), 1, "URLs on the first page", page)
    ctx.check(page.get("NextToken"), "no NextToken although a queue remains", expected="NextToken",
              observed=page.parsed, reply=page)
    rest = ctx.expect_ok(ctx.call("sqs", "ListQueues", QueueNamePrefix=prefix, MaxResults=1,
                                  NextToken=page["NextToken"]))
    ctx.equal(sorted(page["QueueUrls"] + (rest.get("QueueUrls") or [])), sorted([first, second]),
              "URLs over both pages", rest)


@scenario(id="sqs/scenario/queues/deleted-queue-is-gone", feature=F, operations=["DeleteQueue", "GetQueueUrl"],
          provenance=api("DeleteQueue"), timeout=75.0)
def deleted_queue_is_gone(ctx: CaseContext) -> None:
    """After DeleteQueue succeeds, GetQueueUrl of the name answers QueueDoesNotExist (the
    deletion may take up to 60 seconds to be seen)."""
    url = make_queue(ctx)
    ctx.expect_ok(ctx.call("sqs", "DeleteQueue", QueueUrl=url))
    name = url.rsplit("/", 1)[1]
    reply = poll(ctx, lambda: ctx.call("sqs", "GetQueueUrl", QueueName=name), lambda r: not r.ok,
                 within=65.0, interval=1.0)
    expect_sqs_error(ctx, reply, NON_EXISTENT)
