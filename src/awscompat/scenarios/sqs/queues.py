"""SQS standard queues: create, look up, list, delete, naming rules."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    INVALID_PARAM,
    NON_EXISTENT,
    QUEUE_EXISTS,
    api,
    create_queue,
    expect_sqs_error,
    make_queue,
    queue_name,
)
from awscompat.scenarios.sqs._resources import poll

F = "sqs/queues"


@scenario(id="sqs/scenario/queues/create-returns-url", feature=F, operations=["CreateQueue"],
          provenance=api("CreateQueue"))
def create_returns_url(ctx: CaseContext) -> None:
    """CreateQueue answers the new queue's URL, which ends with the queue's name."""
    name = queue_name(ctx)
    reply = ctx.expect_ok(create_queue(ctx, name, fixture=False))
    url = reply.get("QueueUrl") or ""
    ctx.check(url.endswith("/" + name), "QueueUrl does not end with /<queue name>", expected=f".../{name}",
              observed=url, reply=reply)


@scenario(id="sqs/scenario/queues/get-queue-url", feature=F, operations=["GetQueueUrl"],
          provenance=api("GetQueueUrl"))
def get_queue_url(ctx: CaseContext) -> None:
    """GetQueueUrl of an existing queue answers the URL CreateQueue gave."""
    url = make_queue(ctx)
    name = url.rsplit("/", 1)[1]
    reply = ctx.expect_ok(ctx.call("sqs", "GetQueueUrl", QueueName=name))
    ctx.equal(reply.get("QueueUrl"), url, "GetQueueUrl", reply)


@scenario(id="sqs/scenario/queues/get-queue-url-missing", feature=F, operations=["GetQueueUrl"],
          provenance=api("GetQueueUrl"), mutating=False)
def get_queue_url_missing(ctx: CaseContext) -> None:
    """GetQueueUrl of a queue that does not exist is refused with QueueDoesNotExist
    (AWS.SimpleQueueService.NonExistentQueue)."""
    reply = ctx.call("sqs", "GetQueueUrl", QueueName=ctx.name("absent"))
    expect_sqs_error(ctx, reply, NON_EXISTENT)


@scenario(id="sqs/scenario/queues/create-same-attributes-idempotent", feature=F, operations=["CreateQueue"],
          provenance=api("CreateQueue"))
def create_same_attributes_idempotent(ctx: CaseContext) -> None:
    """CreateQueue with the name and exact attributes of an existing queue answers that queue's URL."""
    name = queue_name(ctx)
    url = create_queue(ctx, name, {"VisibilityTimeout": 5})["QueueUrl"]
    reply = ctx.expect_ok(ctx.call("sqs", "CreateQueue", QueueName=name, Attributes={"VisibilityTimeout": "5"}))
    ctx.equal(reply.get("QueueUrl"), url, "QueueUrl of the repeated create", reply)


@scenario(id="sqs/scenario/queues/create-different-attributes-refused", feature=F, operations=["CreateQueue"],
          provenance=api("CreateQueue"))
def create_different_attributes_refused(ctx: CaseContext) -> None:
    """CreateQueue with the name of an existing queue but other attribute values is refused with
    QueueNameExists (QueueAlreadyExists)."""
    name = queue_name(ctx)
    create_queue(ctx, name, {"VisibilityTimeout": 5})
    reply = ctx.call("sqs", "CreateQueue", QueueName=name, Attributes={"VisibilityTimeout": "6"})
    expect_sqs_error(ctx, reply, QUEUE_EXISTS)


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


@scenario(id="sqs/scenario/queues/name-too-long-refused", feature=F, operations=["CreateQueue"],
          provenance=api("CreateQueue"))
def name_too_long_refused(ctx: CaseContext) -> None:
    """A queue name longer than 80 characters is refused with InvalidParameterValue."""
    name = ctx.name("long", max_len=60) + "-" + "x" * 40
    reply = create_queue(ctx, name, fixture=False)
    expect_sqs_error(ctx, reply, INVALID_PARAM)


@scenario(id="sqs/scenario/queues/name-invalid-characters-refused", feature=F, operations=["CreateQueue"],
          provenance=api("CreateQueue"))
def name_invalid_characters_refused(ctx: CaseContext) -> None:
    """A queue name with characters other than alphanumerics, hyphens and underscores is refused
    with InvalidParameterValue."""
    reply = create_queue(ctx, ctx.name("bad") + "!x", fixture=False)
    expect_sqs_error(ctx, reply, INVALID_PARAM)


@scenario(id="sqs/scenario/queues/fifo-suffix-needs-fifo-attribute", feature=F, operations=["CreateQueue"],
          provenance=api("CreateQueue"), severity="advisory")
def fifo_suffix_needs_fifo_attribute(ctx: CaseContext) -> None:
    """A standard queue (no FifoQueue attribute) cannot be named with the .fifo suffix: the '.'
    is not a valid character in a standard queue's name, so the create is refused."""
    reply = create_queue(ctx, queue_name(ctx, fifo=True), fixture=False)
    expect_sqs_error(ctx, reply, INVALID_PARAM)
